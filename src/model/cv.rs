//! The CV (shown on current versions only).

use schemars::JsonSchema;
use serde::Deserialize;

use super::{list, Partial};

/// The citizen's CV.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cv {
    /// A short presentation.
    #[serde(default)]
    pub summary: Option<String>,
    /// Erhvervserfaring.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<Work>>")]
    pub work_experience: Vec<Work>,
    /// Uddannelse.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<Education>>")]
    pub education: Vec<Education>,
    /// Kurser.
    #[serde(default, deserialize_with = "super::objects")]
    #[schemars(with = "Option<Vec<Course>>")]
    pub courses: Vec<Course>,
    /// Kørekort, e.g. "B".
    #[serde(default, deserialize_with = "list")]
    #[schemars(with = "Option<Vec<String>>")]
    pub driving_licences: Vec<String>,
}

/// One job held.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Work {
    /// Job title.
    pub title: String,
    /// Employer.
    #[serde(default)]
    pub employer: Option<String>,
    /// Start.
    #[serde(default)]
    pub from: Option<Partial>,
    /// End; absent while ongoing.
    #[serde(default)]
    pub to: Option<Partial>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

/// One education.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// Title.
    pub title: String,
    /// Institution.
    #[serde(default)]
    pub institution: Option<String>,
    /// Completed.
    #[serde(default)]
    pub completed: Option<Partial>,
}

/// One course.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Title.
    pub title: String,
    /// Completed.
    #[serde(default)]
    pub completed: Option<Partial>,
}
