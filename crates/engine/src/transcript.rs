//! Saved runs: RON transcripts that can be replayed and re-scored.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};

use crate::ranges;
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::session::{Entry, Session, SessionError};
use crate::text::Lang;

/// Everything needed to replay a run exactly: scenario, rule set, seed and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    pub scenario: String,
    pub scenario_version: u32,
    pub rules: String,
    pub seed: u64,
    pub trainee: String,
    /// The language the run was played in; runs saved before it was kept have none.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// A live role-play: a colleague played the owner. Runs played on screen (and every run
    /// saved before live role-play) have none, and are written as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<Live>,
    pub entries: Vec<Entry>,
}

/// What a live role-play adds to its transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Live {
    /// 0-100: how well served the colleague who played the owner felt (seed 004's owner
    /// feedback), given at the end of the run.
    #[serde(deserialize_with = "percent")]
    pub owner_feedback: u32,
}

/// A 0-100 number read from a file: out of range is an error at its place, not a score.
fn percent<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = u32::deserialize(deserializer)?;
    if ranges::PERCENT.contains(&value) {
        Ok(value)
    } else {
        Err(serde::de::Error::custom(format!(
            "owner feedback {value} is out of range: use 0 to {}",
            ranges::PERCENT.end()
        )))
    }
}

impl Transcript {
    /// The saved form of a run by `trainee`.
    pub fn of(session: &Session, trainee: &str) -> Transcript {
        let scenario = session.scenario();
        Transcript {
            scenario: scenario.id().to_owned(),
            scenario_version: scenario.version(),
            rules: session.rules().id().to_owned(),
            seed: session.seed(),
            trainee: trainee.to_owned(),
            lang: None,
            live: None,
            entries: session.entries().to_vec(),
        }
    }

    /// The same transcript, saying it was played in `lang`.
    pub fn played_in(self, lang: Lang) -> Transcript {
        Transcript {
            lang: Some(lang),
            ..self
        }
    }

    /// The same transcript, saying it was a live role-play whose role-player gave this
    /// owner-feedback score (above 100 counts as 100).
    pub fn played_live(self, owner_feedback: u32) -> Transcript {
        Transcript {
            live: Some(Live {
                owner_feedback: owner_feedback.min(*ranges::PERCENT.end()),
            }),
            ..self
        }
    }

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

/// Where a replay differs from what the transcript recorded: the run is re-scored under
/// today's scenario and rules, and a reader should know when those are not the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error("the run was scored under rule set `{recorded}`; it is replayed under `{now}`")]
    RuleSet { recorded: String, now: String },
    #[error(
        "the run was made with version {recorded} of the scenario; the library has version {now}"
    )]
    ScenarioVersion { recorded: u32, now: u32 },
    #[error("action {action} was recorded at minute {recorded} but replays at minute {replayed}")]
    Minute {
        action: usize,
        recorded: u32,
        replayed: u32,
    },
}

impl Transcript {
    /// How `replayed` (this transcript played again) differs from what was recorded; the
    /// first disagreeing minute only, as every later one follows from it.
    pub fn mismatches(&self, replayed: &Session) -> Vec<Mismatch> {
        let mut found = Vec::new();
        let rules = replayed.rules().id();
        if self.rules != rules {
            found.push(Mismatch::RuleSet {
                recorded: self.rules.clone(),
                now: rules.to_owned(),
            });
        }
        let version = replayed.scenario().version();
        if self.scenario_version != version {
            found.push(Mismatch::ScenarioVersion {
                recorded: self.scenario_version,
                now: version,
            });
        }
        let minutes = self.entries.iter().zip(replayed.entries());
        if let Some((index, (recorded, replayed))) = minutes
            .enumerate()
            .find(|(_, (recorded, replayed))| recorded.minute != replayed.minute)
        {
            found.push(Mismatch::Minute {
                action: index + 1,
                recorded: recorded.minute,
                replayed: replayed.minute,
            });
        }
        found
    }
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn a_transcript_saved_before_its_language_was_kept_still_reads_and_a_new_one_keeps_it() {
        let transcript = Transcript {
            scenario: "lift-entrapment".into(),
            scenario_version: 1,
            rules: "default".into(),
            seed: 3,
            trainee: "小陈".into(),
            lang: Some(Lang::En),
            live: None,
            entries: Vec::new(),
        };
        let saved = transcript.to_ron();
        let back: Transcript = ron::from_str(&saved).unwrap();
        assert_eq!(back.lang, Some(Lang::En));
        let before: String = saved
            .lines()
            .filter(|line| !line.contains("lang:"))
            .collect::<Vec<_>>()
            .join("\n");
        let old: Transcript = ron::from_str(&before).unwrap();
        assert_eq!(old.lang, None);
    }

    fn live_transcript(owner_feedback: u32) -> Transcript {
        Transcript {
            scenario: "lift-entrapment".into(),
            scenario_version: 1,
            rules: "default".into(),
            seed: 3,
            trainee: "小陈".into(),
            lang: Some(Lang::Zh),
            live: None,
            entries: Vec::new(),
        }
        .played_live(owner_feedback)
    }

    #[test]
    fn a_live_run_keeps_the_role_players_score_and_a_played_one_is_written_as_before() {
        let live = live_transcript(72);
        let back: Transcript = ron::from_str(&live.to_ron()).unwrap();
        assert_eq!(back.live, Some(Live { owner_feedback: 72 }));
        let played = Transcript { live: None, ..live };
        assert!(!played.to_ron().contains("live"), "{}", played.to_ron());
    }

    #[test]
    fn an_owner_feedback_score_above_100_in_a_file_is_refused_and_says_the_range() {
        let saved = live_transcript(72).to_ron().replace("72", "150");
        let error = ron::from_str::<Transcript>(&saved).unwrap_err().to_string();
        assert!(
            error.contains("owner feedback 150 is out of range: use 0 to 100"),
            "{error}"
        );
        assert_eq!(
            live_transcript(300).live,
            Some(Live {
                owner_feedback: 100
            })
        );
    }
}
