//! Indsatser and Aftaler (SPEC section 3, item 3; seed 001 §6.3, §6.4).

use super::{period, Composer};
use crate::codes;
use crate::document::{Block, Level};
use crate::model::AgreementKind;
use crate::visibility::view::{Agreement, Intervention};

impl Composer<'_> {
    /// The current interventions, each with its latest status, what, when (with its
    /// state), where and why.
    ///
    /// The state (planned, ongoing) is printed with the period under "Hvornår", "I gang,
    /// 09.02.2026 – 01.05.2026", never labelled "Status": seed 001 §6.2 warns that the
    /// caseworker's status text "skal ikke forveksles med den status, som indsatsen kan
    /// have, såsom 'i gang'". Where the citizen must turn up comes first under "Hvor"
    /// ("Mødested: …"), then the organisation, its address and the contact person.
    pub(super) fn interventions(&mut self, interventions: &[Intervention]) {
        let l = self.l;
        if interventions.is_empty() {
            return;
        }
        self.heading(Level::Element, &l.interventions, true);
        for i in interventions {
            self.heading(Level::Item, i.name, false);
            let status = i.latest_status.as_ref().map(|s| match s.date {
                Some(d) => format!("{}: {}", d.danish(), s.text),
                None => s.text.to_owned(),
            });
            let place = i.place.as_ref().map(|p| {
                let mut lines: Vec<String> = Vec::new();
                if !p.meeting_place.is_empty() {
                    lines.push(format!(
                        "{}: {}",
                        l.meeting_place,
                        p.meeting_place.join(", ")
                    ));
                }
                lines.extend(p.organisation.map(str::to_owned));
                lines.extend(p.address.iter().cloned());
                if !p.contact.is_empty() {
                    lines.push(format!("{}: {}", l.contact, p.contact.join(", ")));
                }
                lines.join("\n")
            });
            self.fields(vec![
                (&l.latest_status, status),
                (&l.what, i.what.map(str::to_owned)),
                (&l.when, Some(when(codes::state(i.state), period(i.when.0, i.when.1)))),
                (&l.r#where, place),
                (&l.why, i.why.map(str::to_owned)),
            ]);
        }
    }

    /// Aftaler: date, kind (as the seed names them), text; "(kommende)" when still ahead.
    pub(super) fn agreements(&mut self, agreements: &[Agreement]) {
        let l = self.l;
        if agreements.is_empty() {
            return;
        }
        self.heading(Level::Element, &l.agreements, true);
        let rows = agreements
            .iter()
            .map(|a| {
                let kind = match a.kind {
                    AgreementKind::Jobcenter => &l.with_jobcenter,
                    AgreementKind::Akasse => &l.with_akasse,
                    AgreementKind::Other => &l.with_other,
                };
                let mut date = a.date.danish();
                if a.upcoming {
                    date = format!("{date}\n({})", l.upcoming);
                }
                vec![date, kind.clone(), a.text.unwrap_or("").to_owned()]
            })
            .collect();
        self.blocks.push(Block::Table {
            header: vec![l.date.clone(), l.agreement_party.clone(), l.what.clone()],
            rows,
            columns: vec![0.2, 0.25, 0.55],
        });
    }
}

/// "Hvornår": the state, then the period ("I gang, 09.02.2026 – 01.05.2026", "Planlagt,
/// fra 01.05.2026").
fn when(state: &str, period: Option<String>) -> String {
    match period {
        None => state.to_owned(),
        Some(p) => {
            let mut chars = p.chars();
            let first: String =
                chars.next().into_iter().flat_map(char::to_lowercase).collect();
            format!("{state}, {first}{}", chars.as_str())
        }
    }
}
