//! Danish hyphenation: hypher's patterns, corrected by an exceptions list for compounds
//! the patterns split in the wrong place.

use hypher::Lang;

/// Compounds the patterns get wrong, with their allowed breaks marked by `-`.
/// A break inside a compound belongs at the seam ("dansk-undervisning"), where a reader
/// sees the parts, not where the syllable rules alone would put it.
const EXCEPTIONS: &[&str] = &[
    "dansk-under-vis-ning",
    "dansk-ud-dan-nel-se",
    "dansk-ud-dan-nel-sen",
    "dansk-til-eg-nel-se",
    "dansk-til-eg-nel-sen",
    "dansk-prø-ve",
    "dansk-prø-ven",
    "integrations-kon-trakt",
    "integrations-kon-trak-ten",
    "integrations-lo-ven",
    "integrations-pro-gram-met",
    "beskæf-ti-gel-ses-ind-sat-sen",
    "beskæf-ti-gel-ses-ind-sats",
    "virk-som-heds-prak-tik",
    "virk-som-heds-prak-tik-ken",
    "job-cen-ter",
    "job-cen-tret",
    "job-cen-te-ret",
    "op-holds-til-la-del-se",
    "tids-ube-græn-set",
    "ar-bejds-mar-ke-det",
    "ar-bejds-mar-keds-dansk",
    "ar-bejds-mar-keds-dan-ske",
    "sags-be-hand-ler",
    "sags-be-hand-le-ren",
];

/// Byte offsets inside `word` where it may be hyphenated, ascending.
///
/// Only words of letters are hyphenated (no digits, no symbols), and never within two
/// characters of either end.
pub fn breaks(word: &str) -> Vec<usize> {
    if word.chars().count() < 5 || !word.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let lower = word.to_lowercase();
    if lower.len() == word.len() {
        if let Some(marked) = EXCEPTIONS.iter().find(|e| e.replace('-', "") == lower) {
            let mut out = Vec::new();
            let mut offset = 0;
            for part in marked.split('-') {
                offset += part.len();
                out.push(offset);
            }
            out.pop();
            return out;
        }
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for syllable in hypher::hyphenate_bounded(word, Lang::Danish, 2, 2) {
        offset += syllable.len();
        out.push(offset);
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in breaks(word) {
            out.push_str(&word[last..b]);
            out.push('-');
            last = b;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn compounds_break_at_the_seam() {
        assert_eq!(marked("danskundervisning"), "dansk-under-vis-ning");
        assert_eq!(marked("Danskundervisning"), "Dansk-under-vis-ning");
    }

    #[test]
    fn patterns_hyphenate_long_words() {
        let b = breaks("beskæftigelsesindsatsen");
        assert!(b.len() >= 4, "{b:?}");
        assert!(breaks("arbejdsmarkedsuddannelse").len() >= 4);
    }

    #[test]
    fn short_words_and_codes_are_left_alone() {
        assert!(breaks("og").is_empty());
        assert!(breaks("PV-2026").is_empty());
        assert!(breaks("jobcenter@aarhus.dk").is_empty());
    }
}
