//! Page breaks a reader does not notice (SPEC section 5), checked on the laid-out pages
//! of every fixture in `samples/`, all six combinations and the signature and
//! kvittering pages, in every layout under `layouts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;

use common::*;
use minplan::frame::{Artifact, Item, Laid, Role, Tag};
use minplan::style::{Style, MM};

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
            if let Item::Text { text, tag: Tag::Node(node), at, .. } = item {
                out.push(Line { page, y: at.y.get(), node: *node, text: text.clone() });
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
fn every_table_that_continues_repeats_its_title_and_never_carries_a_single_row() {
    let seen = std::cell::Cell::new(0);
    let duplicates = std::cell::Cell::new(0);
    each(|laid, failures| {
        let lines = content_lines(laid);
        let row_of = |mut node: usize| loop {
            if laid.tree.nodes[node].role == Role::TR {
                return Some(node);
            }
            node = laid.tree.nodes[node].parent?;
        };
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
            // A continuation never holds just the table's last row, unless that row
            // is a long one split across the pages.
            let rows: BTreeSet<Option<usize>> = lines[i..]
                .iter()
                .take_while(|l| table_of(laid, l.node) == Some(table))
                .map(|l| row_of(l.node))
                .collect();
            let body_rows = laid
                .tree
                .nodes
                .iter()
                .filter(|n| {
                    n.role == Role::TR
                        && n.parent.is_some_and(|p| {
                            let p = &laid.tree.nodes[p];
                            p.role == Role::TBody && p.parent == Some(table)
                        })
                })
                .count();
            let split = row_of(previous.node) == row_of(line.node);
            let ends_here = lines[i..]
                .iter()
                .take_while(|l| table_of(laid, l.node) == Some(table))
                .all(|l| l.page == line.page);
            if rows.len() == 1 && body_rows > 2 && !split && ends_here {
                failures.push(format!(
                    "page {}: a continuation holds a single row ({:?})",
                    line.page + 1,
                    line.text
                ));
            }
            let heading = laid.tree.nodes[..table]
                .iter()
                .rev()
                .find(|n| matches!(n.role, Role::Heading { .. } | Role::Table));
            let Some(Role::Heading { level, title }) = heading.map(|n| &n.role) else {
                continue;
            };
            if *level < 2 {
                continue;
            }
            seen.set(seen.get() + 1);
            let same: Vec<usize> = (0..table)
                .filter(|&n| {
                    laid.tree.nodes[n].role
                        == Role::Heading { level: *level, title: title.clone() }
                })
                .collect();
            let total = laid
                .tree
                .nodes
                .iter()
                .filter(|n| {
                    n.role == Role::Heading { level: *level, title: title.clone() }
                })
                .count();
            let want = if *level == 4 && total > 1 {
                duplicates.set(duplicates.get() + 1);
                squash(&format!("{title} ({}. af {total})", same.len()))
            } else {
                squash(title)
            };
            let text = artifacts(laid, line.page);
            let found =
                text.find(&want).is_some_and(|at| text[at..].contains("(fortsat)"));
            if !found {
                failures.push(format!("page {}: no {want:?} … (fortsat)", line.page + 1));
            }
        }
    });
    assert!(seen.get() > 0, "no table continued on a new page: nothing checked");
    assert!(
        duplicates.get() > 0,
        "no item of a duplicated title continued: nothing checked"
    );
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

/// Bottom of what an item draws, in points from the page top (a text line to its
/// descender).
fn bottom_of(item: &Item) -> Option<f32> {
    match item {
        Item::Text {
            tag: Tag::Artifact(Artifact::Header | Artifact::Footer), ..
        } => None,
        Item::Text { at, size, .. } => Some(at.y.get() + 0.3 * size.get()),
        Item::Rect { at, size, .. } => Some(at.y.get() + size.height.get()),
        Item::Leader { at, .. } => Some(at.y.get()),
        Item::Link { .. } => None,
    }
}

/// How far a page is filled: the bottom of its lowest content (running header and
/// footer left out), from the page top.
fn used(laid: &Laid, page: usize, top: f32) -> f32 {
    laid.pages[page]
        .items
        .iter()
        .filter_map(bottom_of)
        .filter(|&b| b > top)
        .fold(top, f32::max)
}

/// The space above a content line's block that the paginator may squeeze (the gap the
/// layout puts before a heading, a paragraph, a table), if the line starts one.
fn gap_before(laid: &Laid, lines: &[Line], i: usize, style: &Style) -> f32 {
    let sp = &style.spacing;
    let node = lines[i].node;
    if i > 0 && lines[i - 1].node == node {
        return 0.0;
    }
    match &laid.tree.nodes[node].role {
        Role::Heading { level: 2, .. } => sp.section_before,
        Role::Heading { level: 1 | 3, .. } => sp.element_before,
        Role::Heading { .. } => sp.item_before,
        Role::P => sp.paragraph,
        _ => {
            // The first row of a table.
            let table = table_of(laid, node);
            let first =
                table.is_some() && (i == 0 || table_of(laid, lines[i - 1].node) != table);
            if first {
                sp.paragraph
            } else {
                0.0
            }
        }
    }
}

/// Pages (other than the last of a run) that end with more free space than the next
/// page's first block needs, and last pages filled under a quarter; a short last page
/// is a failure only where the page before could take it by squeezing its spacing
/// within the layout's `max_squeeze`. Counted over every rendering and printed.
#[test]
fn no_holes_at_page_feet_and_short_last_pages_only_where_they_cannot_be_pulled_back() {
    let mut failures = Vec::new();
    let (mut holes, mut short, mut kept_short, mut pages_seen) = (0, 0, 0, 0);
    for (layout, sample_name, request) in renderings() {
        let Some(laid) = laid_out(&layout, &sample_name, request) else { continue };
        let name = rendering_name(&layout, &sample_name, request);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("layouts/{layout}.json"));
        let style = Style::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let p = &style.page;
        let top = p.margin_top_mm * MM;
        let bottom = (p.height_mm - p.margin_bottom_mm) * MM;
        let room = bottom - top;
        let lines = content_lines(&laid);
        let n = laid.pages.len();
        pages_seen += n;
        let starts_kvittering = |page: usize| {
            lines.iter().find(|l| l.page == page).is_some_and(|l| {
                matches!(&laid.tree.nodes[l.node].role, Role::Heading { level: 2, title: t } if t == "Kvittering")
            })
        };
        // Pages that end at a deliberate page break: the title page, the page about
        // the version, the page before the kvittering.
        let holds_about = |page: usize| {
            lines.iter().any(|l| {
                l.page == page
                    && matches!(&laid.tree.nodes[l.node].role, Role::Heading { level: 2, title: t } if *t == style.labels.about)
            })
        };
        for page in 0..n {
            let ends_run = page + 1 == n || starts_kvittering(page + 1);
            if page == 0 || holds_about(page) {
                continue;
            }
            if !ends_run {
                // The next page's first block: up to its first heading after content
                // (a heading right under a heading belongs to the block).
                let next: Vec<usize> =
                    (0..lines.len()).filter(|&i| lines[i].page == page + 1).collect();
                let is_heading = |i: usize| {
                    matches!(laid.tree.nodes[lines[i].node].role, Role::Heading { .. })
                };
                let end =
                    next.iter().copied().enumerate().find(|&(k, i)| {
                        k > 0 && is_heading(i) && !is_heading(next[k - 1])
                    });
                let limit = end.map_or(f32::INFINITY, |(_, i)| lines[i].y - 10.0);
                let block = laid.pages[page + 1]
                    .items
                    .iter()
                    .filter_map(bottom_of)
                    .filter(|&b| b > top && b <= limit)
                    .fold(top, f32::max)
                    - top;
                let gap =
                    next.first().map_or(0.0, |&i| gap_before(&laid, &lines, i, &style));
                let free = bottom - used(&laid, page, top);
                if free > block + gap + 1.0 {
                    holes += 1;
                    failures.push(format!(
                        "{name}: page {} ends {free:.0} pt free; the next page's first block needs {:.0}",
                        page + 1,
                        block + gap
                    ));
                }
                continue;
            }
            let fill = used(&laid, page, top) - top;
            if page == 0 || starts_kvittering(page) || fill >= room / 4.0 {
                continue;
            }
            short += 1;
            // Could the page before take it, squeezing its and this page's spacing?
            let squeezable: f32 = (0..lines.len())
                .filter(|&i| lines[i].page + 1 == page || lines[i].page == page)
                .filter(|&i| i > 0 && lines[i - 1].page == lines[i].page)
                .map(|i| gap_before(&laid, &lines, i, &style))
                .sum();
            let first_gap = lines
                .iter()
                .position(|l| l.page == page)
                .map_or(0.0, |i| gap_before(&laid, &lines, i, &style));
            let free = bottom - used(&laid, page - 1, top);
            let budget = style.spacing.max_squeeze * (squeezable + first_gap);
            if free + budget >= fill + first_gap + 1.0 {
                failures.push(format!(
                    "{name}: last page {} filled {fill:.0} of {room:.0} pt, the page before has {free:.0} free and {budget:.0} to squeeze",
                    page + 1
                ));
            } else {
                kept_short += 1;
            }
        }
    }
    eprintln!(
        "{pages_seen} pages: {holes} holes, {short} short last pages ({kept_short} that the page before cannot take)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A historical version says so at the top of every page, in a band (an artifact) with
/// its text on a fill, and once in the content (the title block) for screen readers; a
/// current version never does.
#[test]
fn a_historical_version_says_so_in_a_band_on_every_page() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (layout, sample_name, request) in renderings() {
        let Some(laid) = laid_out(&layout, &sample_name, request) else { continue };
        let name = rendering_name(&layout, &sample_name, request);
        let historical = request.version_kind == minplan::VersionKind::Historical;
        let said = content_lines(&laid)
            .iter()
            .filter(|l| l.text.contains("Historisk version"))
            .count();
        if said != usize::from(historical) {
            failures.push(format!(
                "{name}: \"Historisk version\" in the content {said} times"
            ));
        }
        for (page, p) in laid.pages.iter().enumerate() {
            let band =
                p.items.iter().enumerate().find_map(|(k, item)| match item {
                    Item::Text {
                        text, at, tag: Tag::Artifact(Artifact::Header), ..
                    } if text.starts_with("Historisk version") => Some((k, at.y.get())),
                    _ => None,
                });
            match (historical, band) {
                (true, Some((k, y))) => {
                    let filled = p.items[..k].iter().any(|i| {
                        matches!(i, Item::Rect { at, size, .. }
                            if at.y.get() < y
                                && at.y.get() + size.height.get() > y
                                && size.height.get() > 5.0)
                    });
                    if !filled {
                        failures.push(format!(
                            "{name}: page {}: the band has no fill",
                            page + 1
                        ));
                    }
                    checked += 1;
                }
                (true, None) => failures
                    .push(format!("{name}: page {}: no historical band", page + 1)),
                (false, Some(_)) => failures.push(format!(
                    "{name}: page {}: a historical band on a current version",
                    page + 1
                )),
                (false, None) => {}
            }
        }
    }
    assert!(checked > 100, "only {checked} historical pages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
