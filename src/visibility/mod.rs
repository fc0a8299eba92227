//! Who sees what: the privacy boundary between the input and the document.
//!
//! [`resolve`] turns a validated plan version and a [`Request`] into a [`View`] that holds
//! only what that audience may see, in the order the document prints it. Every value
//! enters the view through [`matrix::Gate::pass`] with the row of SPEC section 4 that
//! governs it; the view borrows leaf values, never input structs, so compose (which reads
//! only the view) cannot reach what was left out, and a new input field shows nothing
//! until it is given a row here. Hidden by default.
//!
//! The "what is shown" rules of SPEC section 3 live here too, decided by data: only an
//! open contract is shown ([`integration`]), current interventions and exemptions only,
//! Danskmål by plan type, "Skal læses", agreements in date order ([`plan`]), which guidance
//! paragraphs ([`guidance`]), and when a signature or acknowledgement page may be printed
//! ([`pages`]).

mod about;
mod guidance;
mod integration;
pub mod matrix;
mod pages;
mod plan;
pub mod view;

use std::fmt;

use crate::error::Diagnostic;
use crate::model::{ContractState, PlanVersion};

pub use matrix::{Gate, Row};
pub use view::View;

/// Who the PDF is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// The citizen (borger), via the self-service portal.
    Citizen,
    /// The municipal caseworker, via the case system.
    Jobcenter,
    /// The unemployment fund's caseworker.
    Akasse,
}

/// Which version of the plan is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionKind {
    /// The version in force now.
    Current,
    /// An earlier version ("Min historik").
    Historical,
}

/// What is asked for besides the plan version itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Request {
    /// Who the PDF is for.
    pub audience: Audience,
    /// Current or historical.
    pub version_kind: VersionKind,
    /// Print the signature page (the first version of an open integration contract, for
    /// the jobcenter, current version).
    pub signature: bool,
    /// Print the acknowledgement page, kvittering (citizen or jobcenter, current version).
    pub acknowledgement: bool,
}

impl Request {
    /// A request for a plain PDF: no signature, no acknowledgement page.
    pub fn new(audience: Audience, version_kind: VersionKind) -> Self {
        Self { audience, version_kind, signature: false, acknowledgement: false }
    }

    /// The same request with the signature page.
    pub fn with_signature(mut self) -> Self {
        self.signature = true;
        self
    }

    /// The same request with the acknowledgement page.
    pub fn with_acknowledgement(mut self) -> Self {
        self.acknowledgement = true;
        self
    }

    /// The checks that need no plan data: a signature or acknowledgement page only where
    /// the matrix offers one, and never both. [`resolve`] checks the rest (contract state,
    /// signed, acknowledged).
    pub fn check(&self) -> Result<(), Diagnostic> {
        pages::check_request(*self)
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Citizen => "citizen",
            Self::Jobcenter => "jobcenter",
            Self::Akasse => "akasse",
        })
    }
}

impl fmt::Display for VersionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Current => "current",
            Self::Historical => "historical",
        })
    }
}

/// Applies the matrix and the document rules: the view of `input` for `request`, or why
/// the request cannot be printed (a signature or acknowledgement page where SPEC section 3
/// does not allow one).
pub fn resolve(input: &PlanVersion, request: Request) -> Result<View<'_>, Diagnostic> {
    pages::check(input, request)?;
    let gate = Gate::new(request);
    // Only an open contract is shown (seed 000 §7.4: a closed contract leaves the plan
    // tab only, and its notification 67).
    let open_contract =
        input.integration.as_ref().filter(|i| i.state == ContractState::Open);
    let integration = open_contract
        .and_then(|i| gate.pass(Row::IntegrationGeneral, i))
        .map(|i| integration::view(&gate, i, input));
    let title = match integration {
        Some(_) => view::Title::IntegrationContract,
        None => view::Title::Plan,
    };
    Ok(View {
        request,
        title,
        version: about::version(&gate, input),
        citizen: about::identity(&gate, input),
        jobcenter: about::jobcenter(&gate, &input.jobcenter),
        plan: plan::view(&gate, input, open_contract.is_some()),
        cv: about::cv(&gate, input),
        guidance: guidance::paragraphs(
            &gate,
            input.plan.guidance.as_ref(),
            integration.is_some(),
        ),
        signature: pages::signature(&gate, input),
        acknowledgement: pages::kvittering(&gate, input),
        integration,
    })
}

/// Splits free text into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests;
