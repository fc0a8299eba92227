//! What a reader sees, checked on the laid-out pages (SPEC section 5): hyphenation and
//! page breaks, for every fixture in `samples/`, all six combinations and the signature
//! page, in every layout under `layouts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;
use minplan::frame::{Item, Laid, Role, Tag};

/// One text line as laid out: page, structure role, text.
struct Line {
    page: usize,
    node: Option<usize>,
    text: String,
}

fn lines(laid: &Laid) -> Vec<Line> {
    let mut out = Vec::new();
    for (page, p) in laid.pages.iter().enumerate() {
        for item in &p.items {
            if let Item::Text { text, tag, .. } = item {
                let node = match tag {
                    Tag::Node(n) => Some(*n),
                    _ => None,
                };
                out.push(Line { page, node, text: text.clone() });
            }
        }
    }
    out
}

/// A structure node's role, or its parent's for a link inside it.
fn owner_role(laid: &Laid, node: usize) -> Role {
    let n = &laid.tree.nodes[node];
    match (&n.role, n.parent) {
        (Role::Link, Some(p)) if laid.tree.nodes[p].role != Role::TOCI => {
            laid.tree.nodes[p].role.clone()
        }
        (role, _) => role.clone(),
    }
}

/// Names, addresses, e-mail and web addresses and phone numbers of a sample: every
/// string under a key that holds one.
fn protected_strings(json: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    const KEYS: &[&str] =
        &["full_name", "name", "street", "city", "email", "phone", "organisation"];
    match json {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                protected_strings(v, k, out);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                protected_strings(v, key, out);
            }
        }
        serde_json::Value::String(s) if KEYS.contains(&key) && !s.is_empty() => {
            out.push(s.clone())
        }
        _ => {}
    }
}

/// The words hyphenated at line ends, whole, with the role of the node they are in; not
/// a word wider than its whole column (alone on its line, it must break somewhere).
fn hyphenated_words(laid: &Laid) -> Vec<(String, Role)> {
    let lines = lines(laid);
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(head) = line.text.strip_suffix('\u{ad}') else { continue };
        let Some(node) = line.node else { continue };
        if !head.trim().contains(char::is_whitespace) {
            continue;
        }
        let head = head.rsplit(char::is_whitespace).next().unwrap_or("");
        let tail = lines[i + 1..]
            .iter()
            .find(|l| l.node == Some(node))
            .map(|l| l.text.split(char::is_whitespace).next().unwrap_or(""))
            .unwrap_or("");
        out.push((format!("{head}{tail}"), owner_role(laid, node)));
    }
    out
}

#[test]
fn headings_labels_names_and_addresses_are_never_hyphenated() {
    let mut failures = Vec::new();
    let mut hyphenated = 0;
    for (layout, sample, request) in renderings() {
        let Some(laid) = laid_out(&layout, &sample, request) else { continue };
        let json = common::sample(&sample);
        let input: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut protected = Vec::new();
        protected_strings(&input, "", &mut protected);
        let what =
            format!("{layout} {sample} {}/{}", request.audience, request.version_kind);
        for (word, role) in hyphenated_words(&laid) {
            hyphenated += 1;
            let label = matches!(role, Role::Heading { .. } | Role::TH(_) | Role::TOCI);
            let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
            // A word of a name, an address, a phone number (a prose word that only
            // occurs inside an e-mail address, like "jobcenter", is not one).
            let in_protected = protected.iter().any(|p| {
                p.split(char::is_whitespace)
                    .any(|t| t.trim_matches(|c: char| !c.is_alphanumeric()) == clean)
            });
            if label || in_protected {
                failures.push(format!("{what}: {word:?} ({role:?})"));
            }
            if clean.chars().next().is_some_and(char::is_uppercase) {
                failures.push(format!("{what}: capitalised {word:?} hyphenated"));
            }
        }
    }
    assert!(hyphenated > 0, "no hyphenation at all: the check would pass vacuously");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_more_than_two_hyphenated_lines_in_a_row() {
    let mut failures = Vec::new();
    for (layout, sample, request) in renderings() {
        let Some(laid) = laid_out(&layout, &sample, request) else { continue };
        let lines = lines(&laid);
        // Consecutive lines of one node (its lines in order, across pages).
        let mut run: Vec<(Option<usize>, usize)> = Vec::new();
        for line in &lines {
            let Some(node) = line.node else { continue };
            let last = run.iter_mut().find(|r| r.0 == Some(node));
            let count = if line.text.ends_with('\u{ad}') {
                last.as_ref().map_or(0, |r| r.1) + 1
            } else {
                0
            };
            match last {
                Some(r) => r.1 = count,
                None => run.push((Some(node), count)),
            }
            if count > 2 {
                failures.push(format!(
                    "{layout} {sample} {}/{} page {}: {count} hyphens in a row at {:?}",
                    request.audience,
                    request.version_kind,
                    line.page + 1,
                    line.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Font, size, colour and baseline of the text items reading `text`, on any page.
fn styles_of(laid: &Laid, text: &str) -> Vec<String> {
    let items = laid
        .pages
        .iter()
        .enumerate()
        .flat_map(|(n, p)| p.items.iter().map(move |i| (n, i)));
    items
        .filter_map(|(n, i)| match i {
            Item::Text { text: t, font, size, colour, at, .. } if t == text => {
                let (size, y) = (size.get(), at.y.get());
                Some(format!("page {n}: {font:?} {size} {colour:?} {y}"))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_date_field_is_labelled_like_the_signature_line_beside_it() {
    let mut checked = 0;
    for (layout, sample, request) in renderings() {
        if !request.signature && !request.acknowledgement {
            continue;
        }
        let Some(laid) = laid_out(&layout, &sample, request) else { continue };
        let dates = styles_of(&laid, "Dato");
        for signature in styles_of(&laid, "Borgerens underskrift") {
            checked += 1;
            let name = rendering_name(&layout, &sample, request);
            assert!(dates.contains(&signature), "{name}: {signature} beside {dates:?}");
        }
    }
    assert!(checked > 10, "only {checked} signature and kvittering pages");
}

#[test]
fn no_line_ends_inside_a_legal_reference() {
    let mut failures = Vec::new();
    for (layout, sample, request) in renderings() {
        let Some(laid) = laid_out(&layout, &sample, request) else { continue };
        for l in lines(&laid).iter().filter(|l| l.node.is_some()) {
            let last = l.text.trim_end().rsplit(' ').next().unwrap_or("");
            let last = last.trim_start_matches('(');
            if ["§", "§§", "stk.", "nr.", "kap."].contains(&last) {
                let name = rendering_name(&layout, &sample, request);
                failures.push(format!("{name} page {}: {:?}", l.page + 1, l.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Large print helps: body text of at least 16 pt (all content text), rules of at
/// least 3:1 against the white page (WCAG 1.4.11), the table of contents wholly on
/// page 1, and no hyphenated word in a table cell; every fixture and combination.
#[test]
fn large_print_sets_16_pt_with_visible_rules_and_its_contents_on_page_1() {
    use minplan::frame::Role as R;
    use minplan::style::{contrast, Rgb};
    let mut failures = Vec::new();
    let mut checked = 0;
    for (layout, sample, request) in renderings() {
        if layout != "large-print" {
            continue;
        }
        let Some(laid) = laid_out(&layout, &sample, request) else { continue };
        checked += 1;
        let name = rendering_name(&layout, &sample, request);
        for (page, p) in laid.pages.iter().enumerate() {
            for item in &p.items {
                match item {
                    Item::Text { size, tag: Tag::Node(_), text, .. }
                        if size.get() < 16.0 =>
                    {
                        let size = size.get();
                        failures.push(format!(
                            "{name}: page {}: {text:?} at {size} pt",
                            page + 1
                        ));
                    }
                    Item::Rect { size, colour, .. } if size.height.get() <= 1.0 => {
                        let c = contrast(*colour, Rgb(255, 255, 255));
                        if c < 3.0 {
                            failures.push(format!("{name}: a rule at {c:.1}:1"));
                        }
                    }
                    _ => {}
                }
            }
        }
        // Every TOC entry's Link content is on page 1.
        let toc_nodes: Vec<usize> = (0..laid.tree.nodes.len())
            .filter(|&n| {
                let mut at = Some(n);
                while let Some(k) = at {
                    if laid.tree.nodes[k].role == R::TOC {
                        return true;
                    }
                    at = laid.tree.nodes[k].parent;
                }
                false
            })
            .collect();
        for l in lines(&laid) {
            if l.node.is_some_and(|n| toc_nodes.contains(&n)) && l.page > 0 {
                failures.push(format!(
                    "{name}: TOC entry {:?} on page {}",
                    l.text,
                    l.page + 1
                ));
            }
        }
        for (word, role) in hyphenated_words(&laid) {
            if matches!(role, R::TD | R::TH(_)) {
                failures.push(format!("{name}: {word:?} hyphenated in a table cell"));
            }
        }
        // A short word alone on its line yet broken: its column was not fitted to it.
        let all = lines(&laid);
        for (i, l) in all.iter().enumerate() {
            let Some(head) = l.text.strip_suffix('\u{ad}') else { continue };
            let Some(node) = l.node else { continue };
            let tail = all[i + 1..].iter().find(|m| m.node == Some(node));
            let word = format!("{head}{}", tail.map_or("", |m| m.text.as_str()));
            let cell = matches!(owner_role(&laid, node), R::TD | R::TH(_));
            if cell && !head.contains(' ') && word.chars().count() <= 12 {
                failures
                    .push(format!("{name}: {word:?} broken in a cell too narrow for it"));
            }
        }
    }
    assert!(checked > 50, "only {checked} large-print renderings");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
