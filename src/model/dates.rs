//! Dates as they come in the JSON: full ISO dates, and the partial ones CV periods use.
//!
//! Deserialization never fails on a string: a malformed date is kept as written and
//! reported by [`super::validate`] with its path, so one bad date does not hide the next.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

/// An ISO 8601 calendar date (`YYYY-MM-DD`).
#[derive(Clone, PartialEq, Eq)]
pub struct Date(Result<NaiveDate, String>);

impl Date {
    /// A valid date.
    pub fn new(date: NaiveDate) -> Self {
        Self(Ok(date))
    }

    /// The date, or the text that failed to parse as one.
    pub fn get(&self) -> Result<NaiveDate, &str> {
        self.0.as_ref().copied().map_err(String::as_str)
    }

    /// The date in Danish notation, `16.03.2026`. Invalid dates never get this far
    /// (validation rejects them); if one did, it is shown as written.
    pub fn danish(&self) -> String {
        match &self.0 {
            Ok(d) => format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year()),
            Err(raw) => raw.clone(),
        }
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Ok(d) => write!(f, "{d}"),
            Err(raw) => write!(f, "invalid({raw:?})"),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Ok(Self(parse_date(&raw).ok_or(raw)))
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "An ISO 8601 calendar date, YYYY-MM-DD."
        })
    }
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    // chrono accepts forms like "2026-3-2"; the contract is strictly YYYY-MM-DD.
    let b = raw.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// A CV period bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Clone, PartialEq, Eq)]
pub struct Partial(Result<PartialKind, String>);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PartialKind {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl Partial {
    /// Whether it parsed; the raw text otherwise.
    pub fn check(&self) -> Result<(), &str> {
        self.0.as_ref().map(|_| ()).map_err(String::as_str)
    }

    /// Danish notation: `2012`, `08.2012` or `16.03.2026`.
    pub fn danish(&self) -> String {
        match &self.0 {
            Ok(PartialKind::Year(y)) => format!("{y:04}"),
            Ok(PartialKind::Month(y, m)) => format!("{m:02}.{y:04}"),
            Ok(PartialKind::Day(d)) => Date::new(*d).danish(),
            Err(raw) => raw.clone(),
        }
    }
}

impl fmt::Debug for Partial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.danish())
    }
}

impl<'de> Deserialize<'de> for Partial {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Ok(Self(parse_partial(&raw).ok_or(raw)))
    }
}

fn parse_partial(raw: &str) -> Option<PartialKind> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match raw.len() {
        4 if digits(raw) => raw.parse().ok().map(PartialKind::Year),
        7 if digits(&raw[..4]) && &raw[4..5] == "-" && digits(&raw[5..]) => {
            let year = raw[..4].parse().ok()?;
            let month: u32 = raw[5..].parse().ok()?;
            (1..=12).contains(&month).then_some(PartialKind::Month(year, month))
        }
        10 => parse_date(raw).map(PartialKind::Day),
        _ => None,
    }
}

impl schemars::JsonSchema for Partial {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "A year, year and month, or full date: YYYY, YYYY-MM or YYYY-MM-DD."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_iso_dates() {
        assert!(parse_date("2026-03-02").is_some());
        assert!(parse_date("2026-3-2").is_none());
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("02-03-2026").is_none());
    }

    #[test]
    fn partial_dates() {
        assert_eq!(parse_partial("2012"), Some(PartialKind::Year(2012)));
        assert_eq!(parse_partial("2012-08"), Some(PartialKind::Month(2012, 8)));
        assert_eq!(parse_partial("2012-13"), None);
        assert_eq!(parse_partial("12-2012"), None);
        assert!(matches!(parse_partial("2025-04-01"), Some(PartialKind::Day(_))));
    }

    #[test]
    fn danish_notation() {
        let d = Date::new(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default());
        assert_eq!(d.danish(), "02.03.2026");
    }
}
