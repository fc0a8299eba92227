//! Danish hyphenation: compound seams first, then hypher's syllable patterns within each
//! part of the compound.
//!
//! A reader takes "integrations-programmet" in at a glance and stumbles over
//! "integrationspro-grammet"; the patterns alone also split compounds in the wrong place
//! ("koordinato-rassistent"). So a word is first matched against [`COMPOUNDS`], real
//! compounds from the samples, the seeds and the labels with their seams marked; the
//! patterns then run on each part separately, and the line breaker prefers a seam to a
//! syllable break. Every break leaves at least [`MIN_FRAGMENT`] letters on each side.

use std::sync::OnceLock;

use hypher::Lang;

/// No break leaves fewer letters than this on either side ("ar-bejde", never "a-rbejde").
pub const MIN_FRAGMENT: usize = 3;

/// An inflection of a listed compound may add this many letters ("program" →
/// "programmets"); a longer tail is another word part the list does not know.
const MAX_INFLECTION: usize = 4;

/// Compounds with their seams marked `|`, in lower case, taken from the samples, the
/// seeds (000–004) and the layout's labels. An inflected form (up to
/// [`MAX_INFLECTION`] more letters) matches too: "integrations|program" covers
/// "integrationsprogrammet".
const COMPOUNDS: &[&str] = &[
    "afdelings|leder",
    "afsnits|inddeling",
    "aktivitets|parat",
    "alkohol|behandling",
    "alkohol|misbrug",
    "anbringelses|sted",
    "ansvars|fraskrivelse",
    "ansættelses|betingelser",
    "arbejds|giver",
    "arbejds|giverne",
    "arbejds|løsheds|dagpenge",
    "arbejds|løsheds|forsikring",
    "arbejds|løsheds|kasse",
    "arbejds|løsheds|kasserne",
    "arbejds|marked",
    "arbejds|markeds|danske",
    "arbejds|markeds|integration",
    "arbejds|markeds|parate",
    "arbejds|markeds|rettet",
    "arbejds|markeds|uddannelse",
    "arbejds|markeds|uddannelserne",
    "arbejds|markeds|uddannelses|forløbs|planlægnings|koordinator|assistent",
    "arbejds|markedets",
    "arbejds|opgaver",
    "arbejds|pladsen",
    "arbejds|pladser",
    "arbejds|søgende",
    "arbejds|tagere",
    "arbejds|områder",
    "befordrings|godtgørelse",
    "behandlings|tilbud",
    "bekendt|gørelse",
    "bekendt|gørelser",
    "beskæftigelses|indsats",
    "beskæftigelses|indsatsen",
    "beskæftigelses|indsats|loven",
    "beskæftigelses|lovgivningen",
    "beskæftigelses|mål",
    "beskæftigelses|målet",
    "beskæftigelses|muligheder",
    "beskæftigelses|rettede",
    "beskæftigelses|rettet",
    "beskæftigelses|tilbud",
    "bolig|indretning",
    "bolig|placering",
    "bopæls|kommune",
    "brobygnings|forløb",
    "bruger|vejledning",
    "dag|penge|modtager",
    "dag|penge|modtagere",
    "dag|penge|perioden",
    "dansk|kundskaber",
    "dansk|prøve",
    "dansk|prøven",
    "dansk|til|egnelse",
    "dansk|til|egnelsen",
    "dansk|uddannelse",
    "dansk|uddannelsen",
    "dansk|uddannelses|loven",
    "dansk|undervisning",
    "dansk|undervisningen",
    "efter|registrering",
    "elektriker|uddannelsen",
    "erhvervs|erfaring",
    "erhvervs|kompetence|givende",
    "erhvervs|rettet",
    "erhvervs|skole",
    "erhvervs|uddannelse",
    "erhvervs|uddannelser",
    "familie|sammenført",
    "familie|sammenførte",
    "fastholdelses|konsulent",
    "fastholdelses|planer",
    "fejl|meddelelse",
    "fleks|job|visiterede",
    "forberedelses|skema",
    "forberedelses|skemaer",
    "forberedelses|skemaet",
    "forbrugs|goder",
    "forsøgs|perioden",
    "forsørgelses|ydelse",
    "funktions|evne",
    "funktions|nedsættelse",
    "færdigheds|niveau",
    "førtids|pensionist",
    "førtids|pensionister",
    "gruppe|sessioner",
    "grund|forløb",
    "grund|forløbet",
    "grund|uddannelse",
    "gymnasie|uddannelse",
    "gælds|rådgivning",
    "helbreds|mæssige",
    "helbreds|vurdering",
    "hensigts|erklæring",
    "hjemrejse|program",
    "hjemrejse|programmet",
    "hjemrejse|ydelses|modtager",
    "indholds|beskrivelser",
    "indholds|fortegnelse",
    "indholds|fortegnelsen",
    "indsats|garanti",
    "institutions|register",
    "integrations|erklæring",
    "integrations|grund|uddannelse",
    "integrations|indsats",
    "integrations|indsatsen",
    "integrations|kontrakt",
    "integrations|kontrakten",
    "integrations|kontrakt|data",
    "integrations|lov",
    "integrations|loven",
    "integrations|lovens",
    "integrations|modtager",
    "integrations|program",
    "integrations|programmet",
    "integrations|viden",
    "integrations|ydelse",
    "integrations|ydelses|modtagere",
    "introduktions|forløb",
    "introduktions|program",
    "introduktions|programmet",
    "job|afklarings|forløb",
    "job|afklarings|forløbet",
    "job|center",
    "job|centret",
    "job|centeret",
    "job|center|medarbejder",
    "job|center|medarbejdere",
    "job|center|medarbejderen",
    "job|center|tilhørsforhold",
    "job|funktion",
    "job|funktioner",
    "job|muligheder",
    "job|søgning",
    "job|søgnings|forløb",
    "kalender|måned",
    "kalender|måneder",
    "kasse|medarbejder",
    "kasse|medarbejdere",
    "kommunal|bestyrelsen",
    "kommunikations|kanal",
    "kompensations|ydelse",
    "kompetence|afdækning",
    "kontakt|forløb",
    "kontakt|forløbet",
    "kontakt|gruppe",
    "kontakt|gruppen",
    "kontakt|grupper",
    "kontakt|grupperne",
    "kontakt|oplysninger",
    "kontakt|person",
    "kontakt|personen",
    "kontakt|personer",
    "kontant|hjælps|modtager",
    "kontant|hjælps|modtagere",
    "koordinator|assistent",
    "kvitterings|krav",
    "kvitterings|pligten",
    "køkken|medhjælper",
    "lands|forening",
    "langtids|ledighed",
    "ledigheds|ydelse",
    "lærer|uddannelse",
    "løntilskuds|ansættelse",
    "medborgerskabs|aktiviteter",
    "mentor|kontrakt",
    "mentor|kontrakten",
    "misbrugs|behandling",
    "møde|stabilitet",
    "møde|tidspunkt",
    "opfølgnings|samtale",
    "opholds|grundlag",
    "opholds|grundlaget",
    "opholds|tilladelse",
    "ordblinde|kursus",
    "overgangs|ydelses|modtager",
    "overgivelses|dato",
    "overgivelses|datoen",
    "person|kategori",
    "plan|beskrivelse",
    "plan|beskrivelsen",
    "plan|version",
    "plan|versionen",
    "praktik|stedet",
    "ressource|forløb",
    "ressource|forløbet",
    "rehabiliterings|forløb",
    "rehabiliterings|plan",
    "rehabiliterings|planen",
    "risiko|vurdering",
    "rådigheds|samtale",
    "rådigheds|vurdering",
    "sags|behandler",
    "sags|behandlere",
    "sags|behandleren",
    "sags|behandlers",
    "sags|behandling",
    "sags|behandlings|systemer",
    "samtale|datoen",
    "selv|forsørgelse",
    "selv|forsørgelses|erklæring",
    "social|pædagogisk",
    "sprog|færdigheder",
    "sprog|kundskaber",
    "standard|tekster",
    "stillings|annoncer",
    "stillings|betegnelse",
    "stillings|betegnelser",
    "straffe|attest",
    "stof|misbrugs|behandling",
    "sundheds|center",
    "sundheds|fremmende",
    "sundheds|hjælper",
    "sundheds|indsats",
    "sundheds|indsatser",
    "sundheds|mæssige",
    "sundheds|området",
    "sundheds|tilbud",
    "sundheds|uddannelser",
    "syge|dag|penge|modtager",
    "syge|dag|penge|modtagere",
    "syge|hus|indlæggelse",
    "søvn|problemer",
    "tandpleje|tilbud",
    "tids|begrænset",
    "tids|ubegrænset",
    "tilmeldings|status",
    "treparts|aftale",
    "uddannelses|baggrund",
    "uddannelses|hjælp",
    "uddannelses|hjælps|modtagere",
    "uddannelses|institution",
    "uddannelses|institutionen",
    "uddannelses|institutioner",
    "uddannelses|mål",
    "uddannelses|målet",
    "uddannelses|ordninger",
    "uddannelses|parate",
    "uddannelses|plan",
    "uddannelses|planen",
    "uddannelses|pålæg",
    "uddannelses|pålægget",
    "uddannelses|retning",
    "uddannelses|start",
    "uddannelses|steder",
    "udskrivnings|koordinator",
    "udslusnings|koordinator",
    "udslusnings|ordning",
    "underskrifts|linje",
    "undervisnings|materiale",
    "unge|databasen",
    "vejlednings|tekst",
    "vejlednings|tekster",
    "versions|nummer",
    "virksomheds|forløb",
    "virksomheds|praktik",
    "virksomheds|praktikken",
    "virksomheds|rettede",
    "virksomheds|rettet",
    "visitations|grupper",
    "visitations|kategori",
    "voksen|uddannelse",
    "vurderings|sag",
    "ydelses|modtager",
    "ændrings|forslag",
    "ændrings|notifikation",
    "ændrings|notifikationer",
];

/// Where a word may be hyphenated: byte offsets, ascending.
#[derive(Debug, Default, PartialEq)]
pub struct Breaks {
    /// Between the parts of a compound: the breaks a reader expects.
    pub seams: Vec<usize>,
    /// Syllable breaks within the parts (hypher's patterns), for when no seam fits.
    pub syllables: Vec<usize>,
}

#[cfg(test)]
impl Breaks {
    /// Every break, ascending.
    pub fn all(&self) -> Vec<usize> {
        let mut all: Vec<usize> =
            self.seams.iter().chain(&self.syllables).copied().collect();
        all.sort_unstable();
        all
    }
}

/// The compounds, without their marks, with the seams' byte offsets: built once.
fn compounds() -> &'static [(String, Vec<usize>)] {
    static LIST: OnceLock<Vec<(String, Vec<usize>)>> = OnceLock::new();
    LIST.get_or_init(|| {
        COMPOUNDS
            .iter()
            .map(|marked| {
                let mut plain = String::with_capacity(marked.len());
                let mut seams = Vec::new();
                for (i, part) in marked.split('|').enumerate() {
                    if i > 0 {
                        seams.push(plain.len());
                    }
                    plain.push_str(part);
                }
                (plain, seams)
            })
            .collect()
    })
}

/// The seams of `lower` (a lower-case word): those of the longest listed compound it
/// is, or is an inflection of.
fn seams(lower: &str) -> Vec<usize> {
    let mut best: Option<&(String, Vec<usize>)> = None;
    for entry in compounds() {
        let Some(tail) = lower.strip_prefix(entry.0.as_str()) else { continue };
        if tail.chars().count() <= MAX_INFLECTION
            && best.is_none_or(|b| b.0.len() < entry.0.len())
        {
            best = Some(entry);
        }
    }
    best.map(|b| b.1.clone()).unwrap_or_default()
}

/// Where `word` may be hyphenated. Only words of letters are (no digits, no symbols),
/// and no break leaves fewer than [`MIN_FRAGMENT`] letters on either side.
pub fn breaks(word: &str) -> Breaks {
    let letters = word.chars().count();
    if letters < 2 * MIN_FRAGMENT || !word.chars().all(char::is_alphabetic) {
        return Breaks::default();
    }
    let lower = word.to_lowercase();
    // Lower-casing changed the byte length (rare letters): patterns only, no seams.
    let seams = if lower.len() == word.len() { seams(&lower) } else { Vec::new() };
    // Keeps a break only if it leaves enough letters on both sides.
    let fits = |at: usize| {
        word.is_char_boundary(at)
            && word[..at].chars().count() >= MIN_FRAGMENT
            && word[at..].chars().count() >= MIN_FRAGMENT
    };
    let mut syllables = Vec::new();
    let mut start = 0;
    for end in seams.iter().copied().chain([word.len()]) {
        let Some(part) = word.get(start..end) else { break };
        let mut offset = start;
        for syllable in hypher::hyphenate_bounded(part, Lang::Danish, 2, 2) {
            offset += syllable.len();
            if offset < end && fits(offset) {
                syllables.push(offset);
            }
        }
        start = end;
    }
    Breaks { seams: seams.into_iter().filter(|&s| fits(s)).collect(), syllables }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(word: &str) -> String {
        let b = breaks(word);
        let mut out = String::new();
        let mut last = 0;
        for at in b.all() {
            out.push_str(&word[last..at]);
            out.push(if b.seams.contains(&at) { '|' } else { '-' });
            last = at;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn compounds_break_at_the_seam_first() {
        assert_eq!(marked("danskundervisning"), "dansk|un-der-vis-ning");
        assert_eq!(marked("Danskundervisning"), "Dansk|un-der-vis-ning");
        assert_eq!(marked("opholdstilladelse"), "opholds|til-la-delse");
        let seam = |word: &str| {
            let b = breaks(word);
            b.seams
                .iter()
                .map(|&at| format!("{}|{}", &word[..at], &word[at..]))
                .collect::<Vec<_>>()
        };
        assert_eq!(seam("koordinatorassistent"), ["koordinator|assistent"]);
        assert_eq!(seam("integrationsprogrammet"), ["integrations|programmet"]);
        assert_eq!(seam("introduktionsprogrammet"), ["introduktions|programmet"]);
        assert!(
            !marked("koordinatorassistent").contains("to-ras"),
            "{}",
            marked("koordinatorassistent")
        );
    }

    #[test]
    fn inflections_of_a_listed_compound_match() {
        assert!(breaks("integrationsprogrammets").seams.contains(&12));
        // A tail longer than an inflection is another part: no seams guessed.
        assert!(breaks("integrationsprogramplanlægning").seams.is_empty());
    }

    #[test]
    fn syllables_never_cross_a_seam_or_leave_short_fragments() {
        let word = "arbejdsmarkedsuddannelsesforløbsplanlægningskoordinatorassistent";
        let b = breaks(word);
        assert!(b.seams.len() >= 6, "{b:?}");
        assert!(!marked(word).contains("koordinato-rassistent"), "{}", marked(word));
        for at in b.all() {
            assert!(word[..at].chars().count() >= MIN_FRAGMENT);
            assert!(word[at..].chars().count() >= MIN_FRAGMENT);
        }
        assert!(breaks("beskæftigelsesindsatsen").all().len() >= 4);
    }

    #[test]
    fn short_words_and_codes_are_left_alone() {
        assert!(breaks("og").all().is_empty());
        assert!(breaks("arbe").all().is_empty());
        assert!(breaks("PV-2026").all().is_empty());
        assert!(breaks("jobcenter@aarhus.dk").all().is_empty());
    }
}
