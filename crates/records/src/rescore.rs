//! When the rules change: every stored run replayed under a new rule-set version, its new
//! scores stored beside the old (the `rescores` table; a run's own scores are never
//! overwritten), and the runs whose results change listed with how much and which rules did
//! it: the difference, rule by rule, between the findings under the old and the new rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use drill_engine::{RuleSet, Scenario, Score, Transcript, score};
use drill_library::{SourceFile, parse_ron};
use rusqlite::params;

use crate::report::{ReportRun, SubScores};
use crate::results::{ResultsStore, StoreError};

/// The rule sets a rescore compares, and the name the new one is stored under.
#[derive(Clone)]
pub struct RuleChange {
    /// The rules the runs were scored under (today's rule set).
    pub old: Arc<RuleSet>,
    pub new: Arc<RuleSet>,
    /// Names the new rule set in the `rescores` table, e.g. its id and a hash of its file.
    pub version: String,
}

/// How one rule's findings in a run differ between the old rules and the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDelta {
    pub rule: String,
    pub old: RuleCost,
    pub new: RuleCost,
}

/// A rule's findings in a run and the points they cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleCost {
    pub findings: u32,
    pub points: u32,
}

/// A run whose scores differ under the new rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedRun {
    pub run: i64,
    pub trainee: String,
    pub scenario: String,
    /// As stored with the run.
    pub before: SubScores,
    pub after: SubScores,
    /// The rules whose findings or points differ: what caused the change.
    pub causes: Vec<RuleDelta>,
}

impl ChangedRun {
    /// The change of the overall score, new minus old.
    pub fn overall_change(&self) -> i64 {
        i64::from(self.after.overall) - i64::from(self.before.overall)
    }
}

/// What a rescore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rescore {
    pub version: String,
    /// Runs replayed and stored under the new version.
    pub rescored: u32,
    /// Those whose scores changed, by run.
    pub changed: Vec<ChangedRun>,
    /// Runs that could not be replayed, with why (a scenario gone, an action that no longer
    /// fits); nothing is stored for them.
    pub skipped: Vec<(i64, String)>,
}

fn sub_scores(score: &Score) -> SubScores {
    SubScores {
        overall: score.overall,
        etiquette: score.etiquette,
        procedure: score.procedure,
        record: score.record,
    }
}

fn costs(score: &Score) -> BTreeMap<&str, RuleCost> {
    let mut costs: BTreeMap<&str, RuleCost> = BTreeMap::new();
    for finding in &score.findings {
        let cost = costs.entry(&finding.rule).or_default();
        cost.findings += 1;
        cost.points += finding.points;
    }
    costs
}

/// The rules whose findings or points differ between two scores of one run.
pub fn rule_deltas(old: &Score, new: &Score) -> Vec<RuleDelta> {
    let (old, new) = (costs(old), costs(new));
    let mut rules: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    rules.sort_unstable();
    rules.dedup();
    rules
        .into_iter()
        .map(|rule| RuleDelta {
            rule: rule.to_owned(),
            old: old.get(rule).copied().unwrap_or_default(),
            new: new.get(rule).copied().unwrap_or_default(),
        })
        .filter(|delta| delta.old != delta.new)
        .collect()
}

/// A run's scores under the old and the new rules.
struct Replayed {
    old: Score,
    new: Score,
}

impl ResultsStore {
    /// Replays every stored run under `change.new`, stores its scores as version
    /// `change.version` (a run already rescored under that version keeps its first rescore)
    /// and returns the runs whose scores change. All in one transaction.
    pub fn rescore(
        &self,
        change: &RuleChange,
        scenario_of: impl Fn(&str) -> Option<Arc<Scenario>>,
        rescored_at: &str,
    ) -> Result<Rescore, StoreError> {
        let transaction = self
            .connection()
            .unchecked_transaction()
            .map_err(|e| self.failed(e))?;
        let runs = self.every_report_run().map_err(|e| self.failed(e))?;
        let mut outcome = Rescore {
            version: change.version.clone(),
            rescored: 0,
            changed: Vec::new(),
            skipped: Vec::new(),
        };
        for run in runs {
            let replayed = match self.replay_both(run.run, change, &scenario_of)? {
                Ok(replayed) => replayed,
                Err(why) => {
                    outcome.skipped.push((run.run, why));
                    continue;
                }
            };
            self.store_rescore(run.run, &change.version, &replayed.new, rescored_at)
                .map_err(|e| self.failed(e))?;
            outcome.rescored += 1;
            let after = sub_scores(&replayed.new);
            if after != run.scores {
                outcome.changed.push(ChangedRun {
                    causes: rule_deltas(&replayed.old, &replayed.new),
                    run: run.run,
                    trainee: run.trainee,
                    scenario: run.scenario,
                    before: run.scores,
                    after,
                });
            }
        }
        transaction.commit().map_err(|e| self.failed(e))?;
        Ok(outcome)
    }

    /// The run's transcript played under both rule sets; the inner error says why it cannot be.
    fn replay_both(
        &self,
        run: i64,
        change: &RuleChange,
        scenario_of: &impl Fn(&str) -> Option<Arc<Scenario>>,
    ) -> Result<Result<Replayed, String>, StoreError> {
        let Some(text) = self.transcript(run)? else {
            return Ok(Err(format!("there is no run #{run}")));
        };
        let file = SourceFile::new(format!("run #{run}"), text);
        let transcript: Transcript = match parse_ron(&file) {
            Ok(transcript) => transcript,
            Err(problems) => return Ok(Err(drill_library::render_all(&problems))),
        };
        let Some(scenario) = scenario_of(&transcript.scenario) else {
            return Ok(Err(format!(
                "scenario `{}` is not in the library",
                transcript.scenario
            )));
        };
        let play = |rules: &Arc<RuleSet>| {
            transcript
                .replay(Arc::clone(&scenario), Arc::clone(rules))
                .map(|session| score(&session))
                .map_err(|(index, error)| {
                    format!("action {} cannot be replayed: {error}", index + 1)
                })
        };
        Ok(play(&change.old).and_then(|old| {
            Ok(Replayed {
                old,
                new: play(&change.new)?,
            })
        }))
    }

    fn store_rescore(
        &self,
        run: i64,
        version: &str,
        score: &Score,
        rescored_at: &str,
    ) -> rusqlite::Result<()> {
        let rules: Vec<&str> = score.findings.iter().map(|f| f.rule.as_str()).collect();
        self.connection().execute(
            "INSERT OR IGNORE INTO rescores (run_id, rules_version, overall, etiquette,
                                             procedure, record, critical, rules_broken,
                                             rescored_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                run,
                version,
                score.overall,
                score.etiquette,
                score.procedure,
                score.record,
                score.critical,
                rules.join(" "),
                rescored_at
            ],
        )?;
        Ok(())
    }

    /// The scores stored for `run` under each rule-set version it was rescored under, in
    /// the order they were made.
    pub fn rescores(&self, run: i64) -> Result<Vec<(String, SubScores)>, StoreError> {
        let read = || -> rusqlite::Result<Vec<(String, SubScores)>> {
            let mut statement = self.connection().prepare(
                "SELECT rules_version, overall, etiquette, procedure, record FROM rescores
                 WHERE run_id = ?1 ORDER BY id",
            )?;
            let rows = statement.query_map(params![run], |row| {
                Ok((
                    row.get(0)?,
                    SubScores {
                        overall: row.get(1)?,
                        etiquette: row.get(2)?,
                        procedure: row.get(3)?,
                        record: row.get(4)?,
                    },
                ))
            })?;
            rows.collect()
        };
        read().map_err(|e| self.failed(e))
    }

    fn every_report_run(&self) -> rusqlite::Result<Vec<ReportRun>> {
        self.report_runs("1 ORDER BY id", [])
    }
}
