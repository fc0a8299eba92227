//! The national code lists of intervention types (seed 002 §3.2, "Tilpasning af tre
//! kodelister vedrørende indsatser", DFDG 2022): ids in the JSON's `type_id`, names in the PDF.

use super::Category;
use super::CodeList;

/// Sundhedsindsatser. Id 7 is retired: existing interventions keep it ("Eksisterende
/// indsatser med id 7 kan fortsat opdateres").
pub const HEALTH: CodeList = CodeList {
    what: "a health intervention id",
    entries: &[
        (1, "Genoptræning", ""),
        (2, "Sundhedstilbud", ""),
        (3, "Omsorgstandpleje", ""),
        (4, "Specialtandpleje", ""),
        (5, "Alkoholbehandling", ""),
        (6, "Lægesamtaler", ""),
        (7, "Helbredsmæssige tiltag", ""),
        (8, "Sundhedstilbud der ikke er kommunale", ""),
    ],
};

/// Socialindsatser. Id 8 is retired: existing interventions keep it.
pub const SOCIAL: CodeList = CodeList {
    what: "a social intervention id",
    entries: &[
        (1, "Socialpædagogisk bistand", ""),
        (2, "Kontaktperson i efterværn", ""),
        (3, "Støtteperson", ""),
        (4, "Støtte- og kontaktperson", ""),
        (5, "Tidsbegrænset hjælp", ""),
        (6, "Personlig hjælp", ""),
        (7, "Individuel støtte", ""),
        (8, "Øvrige tiltag", ""),
        (9, "Midlertidigt ophold", ""),
        (10, "Længerevarende ophold", ""),
        (11, "Misbrugsbehandling", ""),
        (12, "Merudgifter", ""),
        (13, "Hjælpemiddel", ""),
        (14, "Forbrugsgoder", ""),
        (15, "Botilbud", ""),
        (16, "Øvrige sociale tilbud efter serviceloven", ""),
        (17, "Øvrige tiltag der ikke gives efter serviceloven", ""),
    ],
};

/// Kursusindsatser: the seed lists only the active ids, 25–30 and 34–52.
pub const COURSE: CodeList = CodeList {
    what: "a course intervention id",
    entries: &[
        (25, "Almen voksenuddannelse", ""),
        (26, "AMU", ""),
        (27, "Erhvervsuddannelser", ""),
        (28, "SOSU uddannelser", ""),
        (29, "Korte, mellem og lange videregående uddannelser", ""),
        (30, "Øvrige forløb", ""),
        (34, "Mentor, individuel", ""),
        (35, "Mentor, Plads", ""),
        (36, "Læse-, skrive-, regne- eller ordblindekursus", ""),
        (37, "Læse-, skrive- og regnetest", ""),
        (38, "Andet", ""),
        (39, "Arbejdsmarkedsrettet danskundervisning", ""),
        (40, "Realkompetencevurdering", ""),
        (41, "Mestring af sygdom", ""),
        (42, "Udskrivningskoordinator, individuel", ""),
        (43, "Udskrivningskoordinator, plads", ""),
        (44, "Danskuddannelse, introduktionsforløb", ""),
        (45, "Danskuddannelse, LAB", ""),
        (46, "Danskuddannelse, Danskuddannelsesloven", ""),
        (47, "Privat udbudte kurser", ""),
        (
            48,
            "Danskuddannelse, selvforsørgelses- og hjemrejseprogrammet eller \
             introduktionsprogrammet",
            "",
        ),
        (49, "Brobygningsforløb", ""),
        (50, "Socialt tilbud efter § 41, stk. 2, nr. 5, i LAB", ""),
        (51, "Behandlingstilbud efter § 41, stk. 2, nr. 5, i LAB", ""),
        (52, "A-kasse aktivitet", ""),
    ],
};

/// The course ids that are mentor offers: a `mentor` intervention may carry them.
const MENTOR_COURSES: [u32; 2] = [34, 35];

/// The code list a `type_id` of an intervention in `category` is taken from, if the
/// category has one.
pub fn list_for(category: Category) -> Option<&'static CodeList> {
    match category {
        Category::Health => Some(&HEALTH),
        Category::Social => Some(&SOCIAL),
        Category::Education | Category::Mentor => Some(&COURSE),
        Category::Company
        | Category::Aids
        | Category::PersonalAssistance
        | Category::OtherAdministration
        | Category::Other => None,
    }
}

/// Why `type_id` cannot belong to an intervention of `category`, if it cannot: an id
/// outside the category's list, or a course id that contradicts the category.
pub fn check(category: Category, type_id: u32) -> Result<&'static str, String> {
    let Some(list) = list_for(category) else {
        return Err(format!(
            "{type_id} cannot be given here: only health, social, education and mentor \
             interventions have a national type list (this one is \"{}\")",
            super::category(category)
        ));
    };
    let name = list.text(type_id).ok_or_else(|| {
        format!("{type_id} is not {} (expected {})", list.what, list.expected())
    })?;
    if category == Category::Mentor && !MENTOR_COURSES.contains(&type_id) {
        return Err(format!(
            "{type_id} ({name}) is not a mentor type (a mentor intervention has course id 34 \
             or 35)"
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_belong_to_their_category() {
        assert_eq!(check(Category::Health, 7), Ok("Helbredsmæssige tiltag"));
        assert_eq!(check(Category::Social, 17).map(|_| ()), Ok(()));
        assert_eq!(check(Category::Education, 41), Ok("Mestring af sygdom"));
        assert_eq!(check(Category::Mentor, 34), Ok("Mentor, individuel"));
        assert!(check(Category::Mentor, 26).is_err());
        assert!(check(Category::Education, 31).is_err(), "31–33 are not active");
        assert!(check(Category::Health, 9).is_err());
        assert!(check(Category::Company, 26).is_err());
    }
}
