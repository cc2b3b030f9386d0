//! Saved runs: RON transcripts that can be replayed and re-scored.

use serde::{Deserialize, Serialize};

use crate::session::Entry;

/// Everything needed to replay a run exactly: scenario, rule set, seed and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    pub scenario: String,
    pub scenario_version: u32,
    pub rules: String,
    pub seed: u64,
    pub trainee: String,
    pub entries: Vec<Entry>,
}

impl Transcript {
    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default().struct_names(true))
            .expect("a transcript always serialises")
    }
}
