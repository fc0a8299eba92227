//! Wording and order the composer decides: each test fails when its rule is removed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use super::compose;
use crate::document::Block;
use crate::model::parse;
use crate::style::Style;
use crate::visibility::{resolve, Audience, Request, VersionKind};

const SAMPLE: &str = include_str!("../../samples/integration-contract-full.json");
const INL_2016: &str = include_str!("../../layouts/inl-2016.json");

/// The blocks of the sample's document, with `edit` applied to its JSON, for `request`.
fn blocks(edit: impl FnOnce(&mut Value), request: Request, style: &Style) -> Vec<Block> {
    let mut value: Value = serde_json::from_str(SAMPLE).unwrap();
    edit(&mut value);
    let plan = parse(&value.to_string()).unwrap();
    let view = resolve(&plan, request).unwrap();
    let mut out = Vec::new();
    flatten(compose(&view, style).blocks, &mut out);
    out
}

fn flatten(blocks: Vec<Block>, out: &mut Vec<Block>) {
    for b in blocks {
        match b {
            Block::Keep(inner) => flatten(inner, out),
            other => out.push(other),
        }
    }
}

fn fields(blocks: &[Block]) -> Vec<(String, String)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Fields(rows) => Some(
                rows.iter()
                    .map(|f| (f.label.clone(), f.value.clone()))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect()
}

fn citizen() -> Request {
    Request::new(Audience::Citizen, VersionKind::Current)
}

#[test]
fn the_state_is_no_status_beside_the_latest_status() {
    // Seed 001 §6.2: the status text "skal ikke forveksles med den status, som indsatsen
    // kan have, såsom 'i gang'".
    let style = Style::default_layout().unwrap();
    let rows = fields(&blocks(|_| {}, citizen(), &style));
    assert!(rows.iter().any(|(k, _)| k == "Seneste status"));
    assert!(!rows.iter().any(|(k, _)| k == "Status"), "{rows:?}");
    let when: Vec<&str> = rows
        .iter()
        .filter(|(k, _)| k == "Hvornår")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        when,
        ["I gang, 01.09.2025 – 30.06.2026", "I gang, 09.02.2026 – 01.05.2026"]
    );
    // Without a period the state still says when: not yet, or now.
    let planned = blocks(
        |v| {
            v["plan"]["interventions"][0]["state"] = json!("planned");
            v["plan"]["interventions"][0]["when"] = json!({"start": "2026-04-01"});
            v["plan"]["interventions"][1]["when"] = Value::Null;
        },
        citizen(),
        &style,
    );
    let when: Vec<String> = fields(&planned)
        .into_iter()
        .filter(|(k, _)| k == "Hvornår")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(when, ["Planlagt, fra 01.04.2026", "I gang"]);
}

#[test]
fn meeting_place_first_under_where() {
    let style = Style::default_layout().unwrap();
    let b = blocks(
        |v| {
            v["plan"]["interventions"][0]["where"]["meeting_place"] = json!({
                "name": "Køkkenindgangen", "street": "Møllevangs Allé 40",
                "postal_code": "8210", "city": "Aarhus V"
            });
        },
        citizen(),
        &style,
    );
    let place = fields(&b)
        .into_iter()
        .find(|(k, v)| k == "Hvor" && v.contains("Møllevang"))
        .unwrap()
        .1;
    let lines: Vec<&str> = place.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "Mødested: Køkkenindgangen, Møllevangs Allé 40, 8210 Aarhus V",
            "Plejecenter Møllevang",
            "Møllevangs Allé 44"
        ]
    );
    assert!(lines[4].starts_with("Kontaktperson: Hans Jørgensen"), "{lines:?}");
}

#[test]
fn agreements_column_does_not_say_with_twice() {
    let style = Style::default_layout().unwrap();
    let b = blocks(|_| {}, citizen(), &style);
    let header = b
        .iter()
        .find_map(|b| match b {
            Block::Table { header, rows, .. }
                if rows.iter().any(|r| r[1] == "Aftale med jobcenter") =>
            {
                Some(header.clone())
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(header, ["Dato", "Type", "Hvad er aftalt"]);
}

#[test]
fn kvittering_names_plan_and_offers() {
    // Seed 004 and seed 000 §7.2: "modtaget og læst plan og tilbud".
    let style = Style::default_layout().unwrap();
    let b = blocks(|_| {}, citizen().with_acknowledgement(), &style);
    let ways: Vec<&String> = b
        .iter()
        .filter_map(|b| match b {
            Block::List(items) => Some(items),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        ways.iter()
            .any(|w| w.contains("Digital Post") && w.ends_with("plan og tilbud")),
        "{ways:?}"
    );
}

#[test]
fn default_layout_speaks_today_and_inl_2016_keeps_its_words() {
    // Seed 003 (2020 rules) beside the national lists of seed 002: one era per PDF.
    let stamdata = |style: &Style| -> String {
        let rows = fields(&blocks(|_| {}, citizen(), style));
        rows.into_iter().map(|(k, _)| k).collect::<Vec<_>>().join("\n")
    };
    let today = stamdata(&Style::default_layout().unwrap());
    for words in [
        "Startdato for selvforsørgelses- og hjemrejseprogrammet eller introduktionsprogrammet",
        "Slutdato for selvforsørgelses- og hjemrejseprogrammet eller introduktionsprogrammet",
        "opholds- og selvforsørgelseserklæring",
    ] {
        assert!(today.contains(words), "{words:?} missing: {today}");
    }
    assert!(!today.contains("integrationsprogrammet"), "{today}");
    assert!(!today.contains("aktivt medborgerskab"), "{today}");
    // Seed 000 (2016 rules) for versions made under the old rules.
    let old = stamdata(&Style::from_json(INL_2016).unwrap());
    for words in [
        "Startdato for integrationsprogrammet",
        "Slutdato for integrationsprogrammet",
        "erklæring om integration og aktivt medborgerskab",
    ] {
        assert!(old.contains(words), "{words:?} missing: {old}");
    }
    assert!(!old.contains("hjemrejseprogrammet"), "{old}");
    // The programme's exemption (69) is named in the layout's words too.
    let exemption = |style: &Style| {
        let current =
            |v: &mut Value| v["integration"]["exemptions"][0]["to"] = Value::Null;
        format!("{:?}", blocks(current, citizen(), style))
    };
    let today = exemption(&Style::default_layout().unwrap());
    assert!(
        today.contains("Fritaget for tilbud under selvforsørgelses- og hjemrejse"),
        "{today}"
    );
    assert!(!today.contains("integrationsprogrammet"), "{today}");
    let old = exemption(&Style::from_json(INL_2016).unwrap());
    assert!(old.contains("Fritaget for tilbud under integrationsprogrammet"), "{old}");
}
