//! The national code lists: ids in the JSON, Danish texts in the PDF (SPEC section 2).
//!
//! These texts are content, not presentation: a layout cannot change them.

pub mod interventions;
mod values;

pub use values::{
    AcknowledgedBy, AcknowledgementMethod, Answer, Authority, Category, Level, PlanType,
    State,
};

/// A numeric code list with its Danish texts.
pub struct CodeList {
    /// How an error names an entry, e.g. "an exemption id".
    pub what: &'static str,
    /// `(id, name, description)`.
    pub entries: &'static [(u32, &'static str, &'static str)],
}

impl CodeList {
    /// The name for `id`, if it is on the list.
    pub fn text(&self, id: u32) -> Option<&'static str> {
        self.entry(id).map(|e| e.1)
    }

    /// The description for `id` (empty where the list has none).
    pub fn description(&self, id: u32) -> Option<&'static str> {
        self.entry(id).map(|e| e.2)
    }

    fn entry(&self, id: u32) -> Option<&(u32, &'static str, &'static str)> {
        self.entries.iter().find(|e| e.0 == id)
    }

    /// The valid ids as an error hint: "68 or 69", "1, 2 or 3".
    pub fn expected(&self) -> String {
        let ids: Vec<String> = self.entries.iter().map(|e| e.0.to_string()).collect();
        match ids.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// Danskmål (seed 000, section 5.2.1).
pub const DANISH_GOALS: CodeList = CodeList {
    what: "a Danish goal id",
    entries: &[
        (
            1,
            "Danskuddannelse 1",
            "Danskuddannelse 1 er tilrettelagt for kursister, som ikke kan læse og skrive \
             på deres modersmål, samt latinske analfabeter, som ikke behersker et europæisk \
             skriftsystem. Målet for undervisningen er grundlæggende færdigheder i mundtlig \
             dansk og læse- skrivefærdigheder med henblik på at kunne klare sig på det danske \
             arbejdsmarked og som borger i det danske samfund.",
        ),
        (
            2,
            "Danskuddannelse 2",
            "Danskuddannelse 2 er tilrettelagt for kursister, som har en kort skole- og \
             uddannelsesbaggrund fra hjemlandet. Målet for undervisningen er at forstå, tale \
             og læse dansk med henblik på at kunne klare sig på det danske arbejdsmarked, i \
             efterfølgende arbejdsmarkedsuddannelse og som borger i det danske samfund.",
        ),
        (
            3,
            "Danskuddannelse 3",
            "Danskuddannelse 3 er tilrettelagt for kursister, som har en mellemlang eller \
             lang skole- og uddannelsesbaggrund. Det kan være erhvervsuddannelser, en \
             gymnasieuddannelse eller en videregående uddannelse. Målet for \
             Danskuddannelse 3 er, at kursisterne skal kunne få et job eller tage fortsat \
             uddannelse samt kunne fungere aktivt som borger i det danske samfund.",
        ),
    ],
};

/// "Omfattet af integrationsloven som" (seed 000, section 5.3.1).
pub const RESIDENCE_BASES: CodeList = CodeList {
    what: "a residence basis id",
    entries: &[
        (1, "Flygtning - konventionsstatus (INL § 2, stk. 2 og UL § 7, stk. 1)", ""),
        (2, "Flygtning mv. (INL § 2, stk. 2 og UL § 7, stk. 2)", ""),
        (
            3,
            "Flygtning - midlertidig beskyttelse (INL § 2, stk. 2 og UL § 7, stk. 3)",
            "",
        ),
        (
            4,
            "Familiesammenført til flygtning (INL § 2, stk. 3 og UDL § 9, nr. 1. c-d)",
            "",
        ),
        (5, "Familiesammenført - øvrige (INL § 2, stk. 3 og UDL § 9, nr. 1. a-b)", ""),
    ],
};

/// Vurdering af medbragt uddannelse.
pub const EDUCATION_ASSESSMENTS: CodeList = CodeList {
    what: "a foreign education assessment id",
    entries: &[
        (1, "Sag er ikke påbegyndt", ""),
        (2, "Sag er påbegyndt", ""),
        (3, "Sag er afsluttet", ""),
    ],
};

/// Fritagelser/særlige hensyn.
pub const EXEMPTIONS: CodeList = CodeList {
    what: "an exemption id",
    entries: &[
        (68, "Fritaget for danskuddannelse", ""),
        (69, "Fritaget for tilbud under integrationsprogrammet (helt/delvist)", ""),
    ],
};

/// Exemption 69, "Fritaget for tilbud under …programmet": its name names the programme,
/// whose name changed with the 2020 rules (SPEC section 7), so the PDF prints the layout's
/// words for it (`labels.exemption_from_programme`); the list's text is seed 000's.
pub const EXEMPTION_FROM_PROGRAMME: u32 = 69;

/// The integration change notifications 63–67 (seed 000, section 7.1).
const NOTIFICATIONS: [(u32, &str); 5] = [
    (63, "et nyt danskmål"),
    (64, "opdateringer i 'Dansktilegnelse'"),
    (65, "en ny Integrationskontrakt"),
    (66, "ændringer i din integrationskontrakt"),
    (67, "en ny plan, hvor integrationskontrakten er afsluttet"),
];

/// The engine's own text for an integration change notification (63–67).
pub fn notification_text(id: u32) -> Option<&'static str> {
    NOTIFICATIONS.iter().find(|n| n.0 == id).map(|n| n.1)
}

/// The ids of the change notifications the engine has a text for.
pub fn notification_ids() -> Vec<u32> {
    NOTIFICATIONS.iter().map(|n| n.0).collect()
}

/// The four steps of a young person's education order as Min Plan shows them (seed 001
/// §5.1, "De 4 trin"), in the citizen's words.
pub const EDUCATION_ORDER_STEPS: CodeList = CodeList {
    what: "an education order step",
    entries: &[
        (1, "Du kommer med forslag til relevante uddannelser", ""),
        (
            2,
            "Vi fastsætter et uddannelsesmål, og du finder relevante uddannelsessteder",
            "",
        ),
        (3, "Du søger om optagelse på en eller flere uddannelser", ""),
        (4, "Du påbegynder og gennemfører den uddannelse, du er optaget på", ""),
    ],
};

/// Who set the job-search requirements, as printed in parentheses after the heading.
pub fn authority(a: Authority) -> &'static str {
    match a {
        Authority::Jobcenter => "jobcenter",
        Authority::Akasse => "a-kasse",
    }
}

/// How a version was acknowledged, as page 2 says it: "Kvitteret 05.03.2026 (på Jobnet)".
pub fn acknowledgement_method(m: AcknowledgementMethod) -> &'static str {
    match m {
        AcknowledgementMethod::Jobnet => "på Jobnet",
        AcknowledgementMethod::SignedCopy => "med underskrevet kopi",
        AcknowledgementMethod::DigitalPost => "med Digital Post",
    }
}

/// Who acknowledged, where it is not the citizen.
pub fn acknowledged_by(b: AcknowledgedBy) -> Option<&'static str> {
    match b {
        AcknowledgedBy::Citizen => None,
        AcknowledgedBy::MunicipalityOnBehalf => Some("af kommunen på borgerens vegne"),
    }
}

/// Plan type names.
pub fn plan_type(t: PlanType) -> &'static str {
    match t {
        PlanType::JobPlan => "Jobplan",
        PlanType::EducationPlan => "Uddannelsesplan",
        PlanType::CombinedPlan => "Uddannelsesplan med jobmål (kombiplan)",
        PlanType::FollowUpAgreement => "Aftale om opfølgning",
        PlanType::RehabilitationPlan => "Rehabiliteringsplan (indsatsdelen)",
        PlanType::None => "Plan uden plantype",
    }
}

/// Language skill levels.
pub fn level(l: Level) -> &'static str {
    match l {
        Level::None => "Kan ikke",
        Level::Beginner => "Begynder",
        Level::Elementary => "Let øvet",
        Level::Intermediate => "Øvet",
        Level::Experienced => "Rutineret",
        Level::Fluent => "Flydende",
    }
}

/// Ja / Nej / Ikke sat.
pub fn answer(a: Answer) -> &'static str {
    match a {
        Answer::NotSet => "Ikke sat",
        Answer::Yes => "Ja",
        Answer::No => "Nej",
    }
}

/// Intervention states.
pub fn state(s: State) -> &'static str {
    match s {
        State::Planned => "Planlagt",
        State::Ongoing => "I gang",
        State::Completed => "Afsluttet",
        State::Cancelled => "Annulleret",
        State::Interrupted => "Afbrudt",
    }
}

/// Intervention category names.
pub fn category(c: Category) -> &'static str {
    match c {
        Category::Company => "Virksomhedsrettet indsats",
        Category::Mentor => "Mentor",
        Category::Education => "Opkvalificering og uddannelse",
        Category::Aids => "Hjælpemidler",
        Category::PersonalAssistance => "Personlig assistance",
        Category::Social => "Social indsats",
        Category::Health => "Sundhedsindsats",
        Category::OtherAdministration => "Anden administrativ indsats",
        Category::Other => "Anden indsats",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_ids_read_naturally() {
        assert_eq!(EXEMPTIONS.expected(), "68 or 69");
        assert_eq!(DANISH_GOALS.expected(), "1, 2 or 3");
    }
}
