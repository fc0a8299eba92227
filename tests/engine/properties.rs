//! Nothing lost: property tests over random plan versions built from the sample, with free
//! text at its limits (2,048 characters; 4,000 for language experience), long unbreakable
//! tokens (URLs, e-mail addresses, 60-letter compounds), many paragraphs, up to 50
//! languages and 100 interventions. For each: every generated text the audience may see is
//! found in the laid-out text (allowing for hyphenation at line ends), nothing is drawn
//! outside the page's content box, no page is empty but for its footer, every TOC link and
//! bookmark lands on the page of its heading, and the PDF is written.
//!
//! The seed is fixed, so a run is repeatable; `PROPTEST_CASES` raises the case count.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use minplan::frame::{Item, Tag, Target};
use minplan::Laid;
use minplan::{Audience, Request, VersionKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};

const WORDS: &[&str] = &[
    "du",
    "skal",
    "og",
    "i",
    "på",
    "med",
    "jobcentret",
    "virksomhedspraktik",
    "samtale",
    "danskuddannelse",
    "sygedagpenge",
    "arbejdsmarkedet",
    "ældreplejen",
    "rengøring",
    "køkken",
    "aftale",
    "opfølgning",
    "mentor",
    "ressourceforløb",
    "uddannelsespålæg",
    "løntilskud",
    "fleksjob",
    "integrationsydelse",
    "helbredsvurdering",
    "børnepasning",
    "Møllevang",
    "Aarhus",
    "2026",
    "kl.",
    "10.00",
    "§",
    "16,",
    "stk.",
    "8",
    "(bek.",
    "nr.",
    "1234)",
    "–",
    "»citat«",
    "ÆØÅ",
    "æøå",
    "Ærø",
];

/// A token: mostly words, sometimes something that cannot be broken.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => "[a-z]{6,20}".prop_map(|p| format!("https://www.borger.dk/arbejde/{p}/min-plan?id=PV-2026-000731&side=3")),
        1 => "[a-z]{3,12}\\.[a-z]{3,12}".prop_map(|n| format!("{n}@jobcenter.aarhus.dk")),
        // A 60-letter compound, as Danish makes them.
        1 => proptest::collection::vec(proptest::sample::select(&WORDS[6..25]), 4..8)
            .prop_map(|w| w.concat().chars().take(60).collect::<String>()),
    ]
}

/// Free text of at most `max` characters, in paragraphs (blank line between them).
fn free_text(max: usize) -> impl Strategy<Value = String> {
    let paragraph = proptest::collection::vec(token(), 1..60).prop_map(|t| t.join(" "));
    (proptest::collection::vec(paragraph, 1..12), any::<bool>()).prop_map(
        move |(ps, fill)| {
            let mut text = ps.join("\n\n");
            if fill {
                // Up to the limit exactly.
                while text.chars().count() < max {
                    text.push_str(" ekstra opfølgning med jobcentret");
                }
            }
            cut(&text, max)
        },
    )
}

/// `text` cut to at most `max` characters, at a space, without trailing space.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.trim().to_owned();
    }
    let head: String = text.chars().take(max).collect();
    match head.rfind(' ') {
        Some(i) => head[..i].trim().to_owned(),
        None => head,
    }
}

/// A random plan version and the texts in it that every audience of `check` may see.
#[derive(Clone)]
struct Case {
    json: String,
    /// Texts every audience sees (plan content).
    plan_texts: Vec<String>,
    /// Texts only citizen and jobcenter see in a current version (integration, CV).
    integration_texts: Vec<String>,
}

impl std::fmt::Debug for Case {
    // Short: the seed is fixed, so a failing case is reproduced by rerunning the test.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lengths =
            |t: &[String]| t.iter().map(|t| t.chars().count()).collect::<Vec<_>>();
        write!(
            f,
            "Case {{ json: {} bytes, plan text lengths {:?}, integration text lengths {:?} }}",
            self.json.len(),
            lengths(&self.plan_texts),
            lengths(&self.integration_texts)
        )
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        free_text(2048),
        free_text(2048),
        free_text(4000),
        proptest::collection::vec((free_text(2048), free_text(300)), 0..=100),
        proptest::collection::vec("[A-ZÆØÅ][a-zæøå]{3,14}", 0..=50),
        free_text(2048),
    )
        .prop_map(
            |(description, notes, experience, interventions, languages, summary)| {
                let mut plan: Value = serde_json::from_str(&common::sample(
                    "integration-contract-full.json",
                ))
                .unwrap();
                plan["plan"]["plan_description"]["text"] = json!(description);
                plan["integration"]["personal"]["notes"] = json!(notes);
                plan["integration"]["competences"]["language_experience"] =
                    json!(experience);
                plan["cv"]["summary"] = json!(summary);
                let template = plan["plan"]["interventions"][0].clone();
                let mut plan_texts = vec![description];
                let mut list = Vec::new();
                for (i, (what, status)) in interventions.into_iter().enumerate() {
                    let mut intervention = template.clone();
                    intervention["type"] = json!(format!("Indsats nummer {i}"));
                    intervention["what"] = json!(what);
                    intervention["latest_status"]["text"] = json!(status);
                    plan_texts.extend([what, status]);
                    list.push(intervention);
                }
                plan["plan"]["interventions"] = json!(list);
                let language = plan["integration"]["competences"]["languages"][0].clone();
                let mut rows = Vec::new();
                for name in &languages {
                    let mut row = language.clone();
                    row["language"] = json!(name);
                    rows.push(row);
                }
                plan["integration"]["competences"]["languages"] = json!(rows);
                let mut integration_texts = vec![notes, experience, summary];
                integration_texts.extend(languages);
                Case {
                    json: serde_json::to_string_pretty(&plan).unwrap(),
                    plan_texts: plan_texts
                        .into_iter()
                        .filter(|t| !t.is_empty())
                        .collect(),
                    integration_texts: integration_texts
                        .into_iter()
                        .filter(|t| !t.is_empty())
                        .collect(),
                }
            },
        )
}

/// Text without white space and hyphens, so line breaks and hyphenation don't matter.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{AD}')
        .collect()
}

/// The content text of the laid-out document, in reading order, squashed.
fn content_text(laid: &Laid) -> String {
    let mut out = String::new();
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text { text, tag: Tag::Node(_), .. } = item {
                out.push_str(&squash(text));
            }
        }
    }
    out
}

fn check(
    case: &Case,
    audience: Audience,
    kind: VersionKind,
) -> Result<(), TestCaseError> {
    let engine = common::engine();
    let style = engine.style();
    let request = Request::new(audience, kind);
    let (_, laid) = engine
        .layout(&case.json, request)
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;

    // Nothing lost.
    let text = content_text(&laid);
    let integration = common::sees_integration(audience);
    let cv = integration && common::is_current(kind);
    for t in &case.plan_texts {
        prop_assert!(text.contains(&squash(t)), "lost plan text: {t:?}");
    }
    for (i, t) in case.integration_texts.iter().enumerate() {
        // notes, experience, summary (CV), then the languages.
        let shown = if i == 2 { cv } else { integration };
        prop_assert_eq!(text.contains(&squash(t)), shown, "text {:?}", t);
    }

    // Nothing outside the content box (footers: inside the page, below the box).
    const MM: f32 = 72.0 / 25.4;
    let p = &style.page;
    let (left, right) = (p.margin_left_mm * MM, (p.width_mm - p.margin_right_mm) * MM);
    let (top, bottom) = (p.margin_top_mm * MM, (p.height_mm - p.margin_bottom_mm) * MM);
    let eps = 0.01;
    for (n, page) in laid.pages.iter().enumerate() {
        let mut content = 0;
        for item in &page.items {
            match item {
                Item::Text { at, size, glyphs, tag, text, .. } => {
                    let (x, y, size) = (&at.x.get(), &at.y.get(), &size.get());
                    // Ink only: a soft line end keeps its space, which may hang out.
                    let inked = glyphs
                        .iter()
                        .rposition(|g| !text[g.range.clone()].trim().is_empty())
                        .map_or(0, |i| i + 1);
                    let width: f32 =
                        glyphs[..inked].iter().map(|g| g.x_advance).sum::<f32>() * size;
                    let (lo, hi) = match tag {
                        Tag::Node(_) => {
                            content += 1;
                            (top, bottom)
                        }
                        // The running header sits in the top margin, the footer in the bottom one.
                        Tag::Artifact(_) => (0.0, laid.size.height.get()),
                    };
                    prop_assert!(
                        *x >= left - eps && x + width <= right + eps,
                        "page {}: {:?} spans x {}..{} outside {}..{}",
                        n + 1,
                        text,
                        x,
                        x + width,
                        left,
                        right
                    );
                    prop_assert!(
                        *y - size * 0.75 >= lo - eps && *y <= hi + eps,
                        "page {}: {:?} at y {} outside {}..{}",
                        n + 1,
                        text,
                        y,
                        lo,
                        hi
                    );
                }
                Item::Leader { at, width, .. } => {
                    let (x, w) = (&at.x.get(), &width.get());
                    prop_assert!(
                        *x >= left - eps && x + w <= right + eps,
                        "page {}: leader",
                        n + 1
                    );
                }
                Item::Rect { at, size, .. } | Item::Link { at, size, .. } => {
                    let (x, y) = (&at.x.get(), &at.y.get());
                    let (w, h) = (&size.width.get(), &size.height.get());
                    prop_assert!(
                        *x >= left - eps && x + w <= right + eps,
                        "page {}: box x",
                        n + 1
                    );
                    prop_assert!(
                        *y >= 0.0 && y + h <= bottom + 10.0,
                        "page {}: box y",
                        n + 1
                    );
                }
            }
        }
        prop_assert!(content > 0, "page {} holds only its footer", n + 1);
    }

    // TOC links and bookmarks land on the page where their heading is.
    let headings_on = |page: usize| -> String {
        laid.pages[page]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, tag: Tag::Node(_), .. } => Some(squash(text)),
                _ => None,
            })
            .collect()
    };
    for entry in &laid.outline {
        let page = laid.anchors[entry.anchor].page;
        prop_assert!(
            headings_on(page).contains(&squash(&entry.title)),
            "bookmark {:?} points to page {} without its heading",
            entry.title,
            page + 1
        );
    }
    for item in &laid.pages[0].items {
        if let Item::Link { target: Target::Anchor(anchor), .. } = item {
            prop_assert!(laid.anchors[*anchor].page < laid.pages.len());
        }
    }
    let outline_anchors: std::collections::HashSet<_> =
        laid.outline.iter().map(|e| e.anchor).collect();
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Link { target: Target::Anchor(anchor), .. } = item {
                prop_assert!(
                    outline_anchors.contains(anchor),
                    "TOC link without bookmark"
                );
            }
        }
    }
    Ok(())
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(12),
        rng_seed: RngSeed::Fixed(20_261_122),
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn citizen_current_loses_nothing(case in case()) {
        check(&case, Audience::Citizen, VersionKind::Current)?;
    }

    #[test]
    fn jobcenter_historical_loses_nothing(case in case()) {
        check(&case, Audience::Jobcenter, VersionKind::Historical)?;
    }

    #[test]
    fn akasse_current_loses_nothing(case in case()) {
        check(&case, Audience::Akasse, VersionKind::Current)?;
    }

    #[test]
    fn pdf_is_written(case in case()) {
        let request = Request::new(Audience::Jobcenter, VersionKind::Current);
        let pdf = common::engine().render(&case.json, request);
        prop_assert!(pdf.is_ok(), "{:?}", pdf.err());
    }
}
