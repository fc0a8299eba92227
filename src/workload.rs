//! The reference workload used by the benchmarks and the comparison script.

/// The sample with its interventions repeated four times (12 interventions, ~10 pages).
pub fn reference(sample: &str) -> Result<String, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_str(sample)?;
    if let Some(list) = value
        .pointer_mut("/plan/interventions")
        .and_then(|v| v.as_array_mut())
    {
        let once = list.clone();
        for _ in 1..4 {
            list.extend(once.iter().cloned());
        }
    }
    let mut out = serde_json::to_string_pretty(&value)?;
    out.push('\n');
    Ok(out)
}
