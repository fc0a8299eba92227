//! Splitting one input over N processes (`--shard I/N`, or `--shards N` in a Kubernetes
//! Indexed Job): each input belongs to exactly one shard, decided from the input alone.
//!
//! Inputs are assigned by their plan version id (as it appears in file names), so every
//! input that would get the same file name lands in the same shard, which numbers
//! repeated names (`-2`, `-3`) exactly as one process over the whole input would. An
//! input without a readable id is assigned by its position.

use std::fmt;
use std::str::FromStr;

/// This process's share of the input: shard `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// The whole input, unsplit.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`; `None` unless `index < count`.
    pub fn new(index: u64, count: u64) -> Option<Self> {
        (index < count).then_some(Self { index, count })
    }

    /// Shard `JOB_COMPLETION_INDEX` of `count`: the index Kubernetes gives each pod of an
    /// Indexed Job.
    pub fn from_job_index(count: u64) -> Result<Self, String> {
        let value = std::env::var("JOB_COMPLETION_INDEX").map_err(|_| {
            "--shards needs JOB_COMPLETION_INDEX (set in a Kubernetes Indexed Job); \
             elsewhere give --shard I/N"
                .to_owned()
        })?;
        let index: u64 = value
            .trim()
            .parse()
            .map_err(|_| format!("JOB_COMPLETION_INDEX={value:?} is not a number"))?;
        Self::new(index, count).ok_or_else(|| {
            format!("JOB_COMPLETION_INDEX={index} is not below --shards {count}")
        })
    }

    /// Whether this is the whole input.
    pub fn is_all(&self) -> bool {
        self.count == 1
    }

    /// Whether the input with this plan version id (or, without one, at this position)
    /// is this shard's.
    pub fn owns(&self, id: Option<&str>, position: u64) -> bool {
        let key = match id {
            Some(id) => fnv1a(crate::file_safe_id(id).as_bytes()),
            None => position,
        };
        key % self.count == self.index
    }

    /// About how many of `n` inputs are this shard's (for a progress bar's length).
    pub fn share(&self, n: u64) -> u64 {
        n.div_ceil(self.count)
    }

    /// The manifest's default file name: `manifest.jsonl`, or `manifest-I-of-N.jsonl`
    /// for a shard, so shards writing to one directory never share a manifest.
    pub fn manifest_name(&self) -> String {
        if self.is_all() {
            "manifest.jsonl".to_owned()
        } else {
            format!("manifest-{}-of-{}.jsonl", self.index, self.count)
        }
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N` with `0 <= I < N`.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not I/N with 0 <= I < N (e.g. 0/4)");
        let (index, count) = s.split_once('/').ok_or_else(bad)?;
        let index = index.trim().parse().map_err(|_| bad())?;
        let count = count.trim().parse().map_err(|_| bad())?;
        Self::new(index, count).ok_or_else(bad)
    }
}

/// 64-bit FNV-1a: stable across platforms, versions and runs, unlike std's hashers, so
/// a shard's share never changes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_i_of_n() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["4/4", "1/0", "1", "a/2", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_input_has_exactly_one_shard() {
        let ids: Vec<String> = (0..1000).map(|i| format!("PV-2026-{i:06}")).collect();
        for count in [1, 2, 3, 8] {
            let shards: Vec<Shard> = (0..count)
                .map(|i| Shard::new(i, count).unwrap_or(Shard::ALL))
                .collect();
            let mut sizes = vec![0; count as usize];
            for (position, id) in ids.iter().enumerate() {
                for id in [Some(id.as_str()), None] {
                    let owners: Vec<usize> = (0..shards.len())
                        .filter(|&s| shards[s].owns(id, position as u64))
                        .collect();
                    assert_eq!(owners.len(), 1, "{id:?} at {position} of {count}");
                    sizes[owners[0]] += 1;
                }
            }
            // Balanced within 20 % of an even split.
            let even = 2000 / count as usize;
            assert!(
                sizes.iter().all(|&n| n * 5 >= even * 4 && n * 5 <= even * 6),
                "{sizes:?}"
            );
        }
    }

    #[test]
    fn an_id_goes_to_one_shard_wherever_it_stands() {
        // Names are numbered when an id repeats: every copy must be in one shard.
        for count in 2..10 {
            for i in 0..count {
                let shard = Shard { index: i, count };
                assert_eq!(shard.owns(Some("PV/1"), 0), shard.owns(Some("PV/1"), 7));
            }
        }
    }
}
