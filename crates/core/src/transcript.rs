//! Saved runs: RON transcripts that can be replayed and re-scored.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::session::{Entry, Session, SessionError};

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
    /// Plays the run again on `scenario` (the one the transcript names) with its seed;
    /// an error gives the index of the first action that no longer fits.
    pub fn replay(
        &self,
        scenario: Arc<Scenario>,
        rules: Arc<RuleSet>,
    ) -> Result<Session, (usize, SessionError)> {
        let actions = self.entries.iter().map(|entry| entry.action.clone());
        Session::replay(scenario, rules, self.seed, actions)
    }

    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default().struct_names(true))
            .expect("a transcript always serialises")
    }
}
