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

/// Defines a closed list of named values once: the enum, [`Audience::ALL`]-style `ALL`
/// and `NAMES`, `name` (the word the command line, the API, file names, the manifest and
/// the metrics use), `help` (the command line's help text), and from them `Display`,
/// `FromStr`, serde's `Deserialize`, the JSON Schema, and clap's `ValueEnum` (feature
/// `cli`). Adding a value is one line here; the compiler then points to every `match`
/// that must decide what the new value sees.
macro_rules! named {
    (
        $(#[$meta:meta])*
        pub enum $type:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident = $name:literal, help = $help:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $type {
            $( $(#[doc = $doc])* $variant, )+
        }

        impl $type {
            /// Every value, in the order the command line and the API list them.
            pub const ALL: &'static [$type] = &[$(Self::$variant),+];

            /// The names of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// The value's name: in the command line, the API, file names, the manifest
            /// and the metrics.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// What the command line's help says of the value.
            pub const fn help(self) -> &'static str {
                match self {
                    $(Self::$variant => $help,)+
                }
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $type {
            type Err = NotOneOf;

            fn from_str(text: &str) -> Result<Self, NotOneOf> {
                Self::ALL
                    .iter()
                    .find(|v| v.name() == text)
                    .copied()
                    .ok_or(NotOneOf(Self::NAMES))
            }
        }

        /// From its name; serde's message for another word ("unknown variant …,
        /// expected one of …") is the one a derived enum gives.
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                text.parse()
                    .map_err(|_| serde::de::Error::unknown_variant(&text, Self::NAMES))
            }
        }

        /// A string, one of [`Self::NAMES`].
        impl schemars::JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($type).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": Self::NAMES })
            }
        }

        #[cfg(feature = "cli")]
        impl clap::ValueEnum for $type {
            fn value_variants<'a>() -> &'a [Self] {
                Self::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.name()).help(self.help()))
            }
        }
    };
}

named! {
    /// Who the PDF is for.
    pub enum Audience {
        /// The citizen (borger), via the self-service portal.
        Citizen = "citizen",
            help = "The citizen (borger), as downloaded from the portal";
        /// The municipal caseworker, via the case system.
        Jobcenter = "jobcenter",
            help = "The municipal caseworker (jobcenter), as printed from the case system";
        /// The unemployment fund's caseworker.
        Akasse = "akasse", help = "The unemployment fund's caseworker (a-kasse)";
    }
}

named! {
    /// Which version of the plan is rendered.
    pub enum VersionKind {
        /// The version in force now.
        Current = "current", help = "The version in force now";
        /// An earlier version ("Min historik").
        Historical = "historical",
            help = "An earlier version, as listed under \"Min historik\"";
    }
}

/// A word that is not one of a list's names (never echoed: it may be anything, a CPR
/// number too). Shows as `is not one of citizen, jobcenter or akasse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotOneOf(pub &'static [&'static str]);

impl fmt::Display for NotOneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not one of ")?;
        for (i, name) in self.0.iter().enumerate() {
            let separator = match i {
                0 => "",
                i if i + 1 == self.0.len() => " or ",
                _ => ", ",
            };
            write!(f, "{separator}{name}")?;
        }
        Ok(())
    }
}

impl std::error::Error for NotOneOf {}

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
