//! Vejledning: which guidance paragraphs an audience may see (SPEC sections 3 and 4).
//!
//! Decided by data, never by reading the text: a paragraph marked `integration_contract`
//! follows "integration contract, general" (and is shown only with the open contract it
//! speaks of); a guidance given as one plain text may speak of the contract anywhere, so
//! it follows that row as a whole and the a-kasse never sees it. The engine adds no
//! guidance of its own: the standard texts come from the case system (seed 000 §5.2.3).

use crate::model::{Guidance, GuidanceAbout};

use super::matrix::{Gate, Row};
use super::paragraphs as split;

/// The paragraphs of `guidance` this request may see, in input order. `contract_shown`:
/// the view holds the open integration contract.
pub fn paragraphs<'a>(
    gate: &Gate,
    guidance: Option<&'a Guidance>,
    contract_shown: bool,
) -> Vec<&'a str> {
    match guidance {
        None => Vec::new(),
        Some(Guidance::Text(text)) => gate
            .pass(Row::IntegrationGeneral, text.as_str())
            .map(|t| split(t).collect())
            .unwrap_or_default(),
        Some(Guidance::Paragraphs(list)) => list
            .iter()
            .filter_map(|p| match p.about {
                GuidanceAbout::General => gate.pass(Row::PlanContent, p.text.as_str()),
                GuidanceAbout::IntegrationContract => gate
                    .pass(Row::IntegrationGeneral, p.text.as_str())
                    .filter(|_| contract_shown),
            })
            .flat_map(split)
            .collect(),
    }
}
