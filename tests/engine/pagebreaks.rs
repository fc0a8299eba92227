//! Page breaks a reader does not notice (SPEC section 5), checked on the laid-out pages
//! of every fixture in `samples/`, all six combinations and the signature and
//! kvittering pages, in every layout under `layouts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;

use common::*;
use minplan::frame::{Item, Laid, Role, Tag};

/// One text line of the content: page, baseline, structure node, text.
struct Line {
    page: usize,
    y: f32,
    node: usize,
    text: String,
}

fn content_lines(laid: &Laid) -> Vec<Line> {
    let mut out = Vec::new();
    for (page, p) in laid.pages.iter().enumerate() {
        for item in &p.items {
            if let Item::Text { text, tag: Tag::Node(node), y, .. } = item {
                out.push(Line { page, y: *y, node: *node, text: text.clone() });
            }
        }
    }
    out
}

/// The artifact text of a page, without white space or soft hyphens.
fn artifacts(laid: &Laid, page: usize) -> String {
    let mut out = String::new();
    for item in &laid.pages[page].items {
        if let Item::Text { text, tag: Tag::Artifact(_), .. } = item {
            out.push_str(text);
        }
    }
    squash(&out)
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// The table a node is in, if any.
fn table_of(laid: &Laid, mut node: usize) -> Option<usize> {
    loop {
        let n = &laid.tree.nodes[node];
        if n.role == Role::Table {
            return Some(node);
        }
        node = n.parent?;
    }
}

/// Runs `check` over every laid-out rendering and fails with everything it reports.
fn each(check: impl Fn(&Laid, &mut Vec<String>)) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (layout, sample, request) in renderings() {
        let Some(laid) = laid_out(&layout, &sample, request) else { continue };
        checked += 1;
        let mut found = Vec::new();
        check(&laid, &mut found);
        let name = rendering_name(&layout, &sample, request);
        failures.extend(found.into_iter().map(|f| format!("{name}: {f}")));
    }
    assert!(checked > 100, "only {checked} renderings");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_heading_keeps_two_lines_or_rows_of_what_follows() {
    each(|laid, failures| {
        let lines = content_lines(laid);
        for (i, line) in lines.iter().enumerate() {
            let Role::Heading { level, .. } = &laid.tree.nodes[line.node].role else {
                continue;
            };
            if *level == 1 || lines.get(i + 1).is_some_and(|l| l.node == line.node) {
                continue;
            }
            // Baselines of what follows the heading on its page (a row is one line).
            let after: BTreeSet<i32> = lines[i + 1..]
                .iter()
                .take_while(|l| l.page == line.page)
                .map(|l| l.y.round() as i32)
                .collect();
            // What follows on later pages, unless it is a heading of the same or a higher
            // level: a heading before a page break keeps all its part has on its page.
            let more = lines[i + 1..].iter().find(|l| l.page > line.page).is_some_and(|l| {
                !matches!(laid.tree.nodes[l.node].role, Role::Heading { level: n, .. } if n <= *level)
            });
            if after.len() < 2 && more {
                failures.push(format!(
                    "page {}: heading {:?} with {} line(s) after it",
                    line.page + 1,
                    line.text,
                    after.len()
                ));
            }
        }
    });
}

#[test]
fn short_cells_are_never_split_and_long_ones_continue_under_their_label() {
    each(|laid, failures| {
        let lines = content_lines(laid);
        let mut cells: std::collections::BTreeMap<usize, Vec<&Line>> = Default::default();
        for l in &lines {
            if matches!(laid.tree.nodes[l.node].role, Role::TD | Role::TH(_)) {
                cells.entry(l.node).or_default().push(l);
            }
        }
        for (node, cell) in &cells {
            let pages: BTreeSet<usize> = cell.iter().map(|l| l.page).collect();
            if pages.len() < 2 {
                continue;
            }
            if cell.len() <= 6 {
                failures.push(format!(
                    "a cell of {} lines split: {:?}",
                    cell.len(),
                    cell[0].text
                ));
            }
            // A value beside a row label: the label continues as "(fortsat)".
            let row = laid.tree.nodes[*node].parent;
            let label = laid
                .tree
                .nodes
                .iter()
                .enumerate()
                .find(|(_, n)| n.parent == row && n.role == Role::TH(true));
            if let Some((label, _)) = label {
                let text: String =
                    cells[&label].iter().map(|l| l.text.as_str()).collect();
                let want = squash(&format!("{text} (fortsat)"));
                for &page in pages.iter().skip(1) {
                    if !artifacts(laid, page).contains(&want) {
                        failures.push(format!("page {}: no {want:?}", page + 1));
                    }
                }
            }
        }
    });
}

#[test]
fn an_intervention_that_continues_repeats_its_title() {
    let seen = std::cell::Cell::new(0);
    each(|laid, failures| {
        let lines = content_lines(laid);
        for (i, line) in lines.iter().enumerate().skip(1) {
            let previous = &lines[i - 1];
            if line.page == previous.page {
                continue;
            }
            // The page starts inside a table: which heading is it under?
            let Some(table) = table_of(laid, line.node) else { continue };
            if table_of(laid, previous.node) != Some(table) {
                continue;
            }
            let heading = laid.tree.nodes[..table]
                .iter()
                .rev()
                .find(|n| matches!(n.role, Role::Heading { .. } | Role::Table));
            let Some(Role::Heading { level: 4, title }) = heading.map(|n| &n.role) else {
                continue;
            };
            seen.set(seen.get() + 1);
            let want = squash(&format!("{title} (fortsat)"));
            if !artifacts(laid, line.page).contains(&want) {
                failures.push(format!("page {}: no {want:?}", line.page + 1));
            }
        }
    });
    assert!(seen.get() > 0, "no intervention continued on a new page: nothing checked");
}

#[test]
fn no_page_holds_fewer_than_three_lines() {
    each(|laid, failures| {
        for (page, _) in laid.pages.iter().enumerate() {
            let baselines: BTreeSet<i32> = content_lines(laid)
                .iter()
                .filter(|l| l.page == page)
                .map(|l| l.y.round() as i32)
                .collect();
            if baselines.len() < 3 {
                failures.push(format!(
                    "page {} holds {} line(s)",
                    page + 1,
                    baselines.len()
                ));
            }
        }
    });
}

#[test]
fn signature_and_kvittering_blocks_keep_together() {
    each(|laid, failures| {
        let lines = content_lines(laid);
        for (i, line) in lines.iter().enumerate() {
            let Role::Heading { level: 2, title } = &laid.tree.nodes[line.node].role
            else {
                continue;
            };
            if title != "Underskrift" && title != "Kvittering" {
                continue;
            }
            let pages: BTreeSet<usize> = lines[i..].iter().map(|l| l.page).collect();
            if pages.len() > 1 {
                failures.push(format!("{title} spans pages {pages:?}"));
            }
        }
    });
}

#[test]
fn the_kvittering_stands_on_a_page_of_its_own_and_names_the_plan_version() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (layout, sample_name, request) in renderings() {
        if !request.acknowledgement {
            continue;
        }
        let Some(laid) = laid_out(&layout, &sample_name, request) else { continue };
        let name = rendering_name(&layout, &sample_name, request);
        let lines = content_lines(&laid);
        let Some(at) = lines.iter().position(|l| {
            matches!(&laid.tree.nodes[l.node].role, Role::Heading { level: 2, title: t } if t == "Kvittering")
        }) else {
            failures.push(format!("{name}: no kvittering"));
            continue;
        };
        checked += 1;
        let page = lines[at].page;
        if at > 0 && lines[at - 1].page == page {
            failures.push(format!(
                "{name}: page {} holds {:?} above the kvittering",
                page + 1,
                lines[at - 1].text
            ));
        }
        let json: serde_json::Value =
            serde_json::from_str(&sample(&sample_name)).unwrap();
        let v = &json["plan_version"];
        let want = squash(&format!(
            "Plan {}, version {},",
            v["id"].as_str().unwrap(),
            v["version_number"]
        ));
        let text: Vec<&str> = lines
            .iter()
            .filter(|l| l.page == page)
            .map(|l| l.text.as_str())
            .collect();
        let text = text.join("\n");
        if !squash(&text).contains(&want) {
            failures.push(format!("{name}: the kvittering does not name {want:?}"));
        }
        let cpr = json["citizen"]["cpr"].as_str().unwrap_or("none");
        let bare = cpr.replace('-', "");
        if squash(&text).contains(cpr) || squash(&text).replace('-', "").contains(&bare) {
            failures.push(format!("{name}: the kvittering page holds a CPR number"));
        }
    }
    assert!(checked > 10, "only {checked} kvittering pages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
