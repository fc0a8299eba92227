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
        crate::model::schema::date()
    }
}

/// `YYYY-MM-DD`, a day that exists (years 0001–9999: ISO 8601 without agreement, and
/// the `date` format of JSON Schema, RFC 3339, start at year 1). Strictly this shape:
/// chrono's own parser also takes "2026-3-2", signs and padding, which the schema's
/// pattern does not.
fn parse_date(raw: &str) -> Option<NaiveDate> {
    let b = raw.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = year(b)?;
    NaiveDate::from_ymd_opt(year, number(b.get(5..7)?)?, number(b.get(8..)?)?)
}

/// The year in the first four bytes, 1–9999.
fn year(b: &[u8]) -> Option<i32> {
    i32::try_from(number(b.get(..4)?)?).ok().filter(|&y| y >= 1)
}

/// The value of a non-empty run of ASCII digits (at most 4 here), or `None` for anything
/// else. Works on bytes, so no input can split a character.
fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits
        .iter()
        .try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
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

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. On bytes: a length counts bytes, so a multi-byte
/// character can never be cut (`"123é56"` is 7 bytes and simply not a date).
fn parse_partial(raw: &str) -> Option<PartialKind> {
    let b = raw.as_bytes();
    match b.len() {
        4 => year(b).map(PartialKind::Year),
        7 if b.get(4) == Some(&b'-') => {
            let month = number(b.get(5..)?)?;
            (1..=12)
                .contains(&month)
                .then_some(PartialKind::Month(year(b)?, month))
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
        crate::model::schema::partial_date()
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
    fn non_ascii_never_panics_and_is_no_date() {
        // The issue-11 report: "123é56" is 7 bytes; slicing at byte 4 split the "é".
        for raw in [
            "123é56",
            "é",
            "202é",
            "2026-é-01",
            "2026-03-0é",
            "２０２６-03-02",
            "+202-03-02",
            " 2026-3-2",
            "2026-03-02 ",
            "-001-01-01",
            "2026-1-2",
            "0000-00-00",
            "9999-12-32",
        ] {
            assert_eq!(parse_partial(raw), None, "{raw:?}");
            assert_eq!(parse_date(raw), None, "{raw:?}");
        }
        assert!(parse_date("0000-02-29").is_none(), "years start at 1");
        assert!(parse_date("0001-01-01").is_some());
        assert!(parse_date("1900-02-29").is_none());
        assert!(parse_date("2000-02-29").is_some());
        assert_eq!(parse_partial("0000"), None);
        assert_eq!(parse_partial("0001"), Some(PartialKind::Year(1)));
    }

    #[test]
    fn danish_notation() {
        let d = Date::new(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default());
        assert_eq!(d.danish(), "02.03.2026");
    }
}
