//! Scoring a run against a rule set, as a supervisor's marking sheet: each sub-score is 100
//! minus its costs, each cost a finding that cites its rule and the step where it happened;
//! owed courtesies and required steps are credit that must be earned; a case left unresolved
//! keeps only part of its etiquette and record; critical errors cap the overall score, graver
//! ones lower, several lower still. Every number comes from the rule set. (docs/scoring.md)

use serde::Serialize;

use crate::action::Action;
use crate::i18n::{format, label};
use crate::model::{
    Area, Department, Level, Nature, PromiseKind, RecordField, Severity, Step, Urgency,
};
use crate::record::{mentions_all, phone_digits, same_unit, unmentioned};
use crate::rules::{FieldCheck, FieldRule, OwedCourtesy, RuleSet};
use crate::scenario::Fact;
use crate::session::{Picked, Promise, Session};
use crate::text::Lang;

/// Why a finding was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FindingKind {
    /// The trainee chose an option that breaks the rule.
    BrokeRule {
        node: usize,
        option: usize,
    },
    /// In a live role-play the trainee said something else that breaks the rule, as the
    /// supervisor noted.
    SaidSomethingElse {
        note: String,
    },
    MissingStep(Step),
    OutOfOrder {
        first: Step,
        then: Step,
    },
    /// A courtesy every owner on this channel is owed was never shown.
    CourtesyNotShown,
    /// The case was dropped with only this share of its procedure done.
    NotCarriedThrough {
        done_percent: u32,
    },
    FieldMissing(RecordField),
    /// Not a valid value for the field (a phone number, a time, a list entry).
    FieldInvalid {
        field: RecordField,
        given: String,
    },
    FieldWrong {
        field: RecordField,
        given: String,
        expected: String,
    },
    /// Filled with something the owner never said.
    FieldNotGiven(RecordField),
    WrongDepartment {
        given: Department,
        expected: Option<Department>,
    },
    /// The case also needed a work notice to this department.
    DepartmentNotNotified(Department),
    PromiseNotKept {
        promised: u32,
        needed: u32,
    },
    /// A promised visit, reply or written answer had not come when it fell due.
    PromiseBroken {
        kind: PromiseKind,
        hours: u32,
    },
    LateCallback {
        hours: u32,
        limit: u32,
    },
    LateEmergency {
        minutes: u32,
        limit: u32,
    },
    /// Nobody was sent to an emergency at all.
    EmergencyNeverDispatched {
        limit: u32,
    },
    /// A real record's times contradict each other: `later` is before `earlier`.
    TimesOutOfOrder {
        earlier: RecordField,
        later: RecordField,
    },
    EscalationSkipped {
        to: Level,
    },
    EscalationMissing(Level),
    /// The case was closed while the owner was still talking.
    ClosedWhileTalking,
}

impl FindingKind {
    /// The record field a finding is about: findings of one rule at one step are merged
    /// unless they are about different fields.
    fn field(&self) -> Option<RecordField> {
        match self {
            FindingKind::FieldMissing(field)
            | FindingKind::FieldNotGiven(field)
            | FindingKind::FieldInvalid { field, .. }
            | FindingKind::FieldWrong { field, .. } => Some(*field),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule ID, e.g. `E-09`.
    pub rule: String,
    pub severity: Severity,
    /// The sub-score it counts against.
    pub area: Area,
    /// The transcript index the finding refers to; `None` for something never done.
    pub step: Option<usize>,
    /// Points it cost its sub-score.
    pub points: u32,
    pub kind: FindingKind,
}

/// Something owed that the run did: a courtesy shown, a required step done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credit {
    pub rule: String,
    pub area: Area,
    /// The transcript index where it was first done.
    pub step: usize,
    /// The procedure step, for a required step; `None` for a courtesy.
    pub done: Option<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub overall: u32,
    /// The overall in hundredths of a point: runs a supervisor tells apart are told apart
    /// here even when they round to the same whole point.
    pub overall_hundredths: u32,
    pub etiquette: u32,
    pub procedure: u32,
    pub record: u32,
    /// A critical error was made (it set a ceiling on the overall score).
    pub critical: bool,
    /// The weighted overall before any ceiling, in hundredths of a point.
    pub uncapped_hundredths: u32,
    /// The ceiling the critical errors and misdirecting wrong facts set, if any.
    pub cap: Option<u32>,
    /// The owner's satisfaction when the run ends (their mood after the callback, or when
    /// they left), 0 to 100: shown beside the score, not part of it (seed 004).
    pub satisfaction: u32,
    /// Critical findings first, then in transcript order.
    pub findings: Vec<Finding>,
    /// What was owed and earned, in transcript order.
    pub credits: Vec<Credit>,
}

impl Score {
    /// The sub-score of `area`.
    pub fn of(&self, area: Area) -> u32 {
        match area {
            Area::Etiquette => self.etiquette,
            Area::Procedure => self.procedure,
            Area::Record => self.record,
        }
    }

    /// The findings that cost `area` points, as the lines of its arithmetic.
    pub fn costs(&self, area: Area) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(move |f| f.area == area && f.points > 0)
    }

    /// The arithmetic of the score in the trainee's language, one line each: every sub-score
    /// as 100 minus its costs (rule and step), the credit earned, the weighted overall, the
    /// ceiling of a critical error, the owner's satisfaction.
    pub fn arithmetic(&self, rules: &RuleSet, lang: Lang) -> Vec<String> {
        let mut lines: Vec<String> = Area::ALL
            .iter()
            .map(|area| self.area_line(*area, lang))
            .collect();
        if !self.credits.is_empty() {
            let earned: Vec<String> = self
                .credits
                .iter()
                .map(|c| cited(&c.rule, Some(c.step), lang))
                .collect();
            lines.push(format(
                "score.earned",
                lang,
                &[("credits", earned.join(", "))],
            ));
        }
        let weights = rules.weights();
        let total = weights.etiquette + weights.procedure + weights.record;
        let sum = [
            (weights.etiquette, self.etiquette),
            (weights.procedure, self.procedure),
            (weights.record, self.record),
        ]
        .map(|(weight, score)| format!("{weight} × {score}"))
        .join(" + ");
        let uncapped = hundredths(self.uncapped_hundredths);
        lines.push(format(
            "score.overall_line",
            lang,
            &[
                ("sum", sum),
                ("total", total.to_string()),
                ("result", uncapped.clone()),
            ],
        ));
        if let Some(cap) = self.cap {
            lines.push(format(
                "score.ceiling_line",
                lang,
                &[
                    ("cap", cap.to_string()),
                    ("uncapped", uncapped),
                    ("result", hundredths(self.overall_hundredths)),
                    ("overall", self.overall.to_string()),
                ],
            ));
        }
        lines.push(format(
            "score.satisfaction",
            lang,
            &[("satisfaction", self.satisfaction.to_string())],
        ));
        lines
    }

    fn area_line(&self, area: Area, lang: Lang) -> String {
        let costs: String = self
            .costs(area)
            .map(|f| format!(" − {} ({})", f.points, cited(&f.rule, f.step, lang)))
            .collect();
        format(
            "score.area_line",
            lang,
            &[
                ("area", label(area.key(), lang)),
                ("costs", costs),
                ("score", self.of(area).to_string()),
            ],
        )
    }
}

/// A finding about a step a standing action does, with what to press for it.
fn with_how(said: String, step: Step, lang: Lang) -> String {
    let key = format!("finding.how.{}", step.key().trim_start_matches("step."));
    let how = label(&key, lang);
    if how == key {
        said
    } else {
        format!("{said} {how}")
    }
}

/// The node and option chosen at transcript step `step`, if it was a choice.
fn said_at(session: &Session, step: usize) -> Option<(usize, usize)> {
    let choice = session.choices().iter().find(|c| c.step == step)?;
    Some((choice.what.node, choice.what.option))
}

/// `E-06 · step 3`, or just the rule for something never done.
fn cited(rule: &str, step: Option<usize>, lang: Lang) -> String {
    match step {
        Some(step) => format(
            "score.at_step",
            lang,
            &[("rule", rule.to_owned()), ("step", (step + 1).to_string())],
        ),
        None => rule.to_owned(),
    }
}

fn hundredths(value: u32) -> String {
    format!("{}.{:02}", value / 100, value % 100)
}

impl Finding {
    /// A finding citing rule `rule` of `rules` at `step`; `points` overrides the rule's own
    /// penalty. `None` for a rule the set lacks: validation rejects unknown rule IDs, but a
    /// stale transcript or an old rule set may still name one.
    pub fn citing(
        rules: &RuleSet,
        rule: &str,
        step: Option<usize>,
        points: Option<u32>,
        kind: FindingKind,
    ) -> Option<Finding> {
        let found = rules.rule(rule)?;
        Some(Finding {
            rule: rule.to_owned(),
            severity: found.severity,
            area: found.area,
            step,
            points: points.unwrap_or(found.penalty),
            kind,
        })
    }
}

struct Tally<'a> {
    rules: &'a RuleSet,
    findings: Vec<Finding>,
    credits: Vec<Credit>,
}

impl Tally<'_> {
    /// Adds a finding citing `rule`; `points` overrides the rule's own penalty.
    fn cite(&mut self, rule: &str, step: Option<usize>, points: Option<u32>, kind: FindingKind) {
        if let Some(finding) = Finding::citing(self.rules, rule, step, points, kind) {
            self.add(finding);
        }
    }

    /// Adds a finding that counts against `area` whatever the rule's own area.
    fn cite_in(
        &mut self,
        area: Area,
        rule: &str,
        step: Option<usize>,
        points: u32,
        kind: FindingKind,
    ) {
        if let Some(finding) = Finding::citing(self.rules, rule, step, Some(points), kind) {
            self.add(Finding { area, ..finding });
        }
    }

    /// One finding per rule per step (and field, and sub-score): an author's tag and the engine's own
    /// check of the same rule at the same step are one mistake, costed once at the higher
    /// price. The first found is kept, so a chosen option's words explain it.
    fn add(&mut self, finding: Finding) {
        let same = self.findings.iter_mut().find(|f| {
            f.rule == finding.rule
                && f.step == finding.step
                && f.area == finding.area
                && f.kind.field() == finding.kind.field()
        });
        match same {
            Some(kept) => kept.points = kept.points.max(finding.points),
            None => self.findings.push(finding),
        }
    }

    fn credit(&mut self, rule: &str, area: Area, step: usize, done: Option<Step>) {
        self.credits.push(Credit {
            rule: rule.to_owned(),
            area,
            step,
            done,
        });
    }

    fn lost(&self, area: Area) -> u32 {
        self.findings
            .iter()
            .filter(|f| f.area == area)
            .fold(0u32, |lost, f| lost.saturating_add(f.points))
    }
}

/// Scores a finished or abandoned session.
pub fn score(session: &Session) -> Score {
    let rules = session.rules().as_ref();
    let mut tally = Tally {
        rules,
        findings: Vec::new(),
        credits: Vec::new(),
    };
    score_choices(session, &mut tally);
    score_courtesies(session, &mut tally);
    score_procedure(session, &mut tally);
    score_actions(session, &mut tally);
    score_record(session, &mut tally);
    let done_percent = resolved_percent(session, rules);

    let mut etiquette = 100u32.saturating_sub(tally.lost(Area::Etiquette));
    let procedure = 100u32.saturating_sub(tally.lost(Area::Procedure));
    let mut record = 100u32.saturating_sub(tally.lost(Area::Record));
    if let Some(unresolved) = rules.unresolved().filter(|_| done_percent < 100) {
        let mut unresolved_cost = |area: Area, sub_score: &mut u32, percent: u32| {
            let undone = 100 - done_percent;
            let cost = (*sub_score * percent * undone + 5000) / 10_000;
            let kind = FindingKind::NotCarriedThrough { done_percent };
            tally.cite_in(area, &unresolved.rule, None, cost, kind);
            *sub_score -= cost;
        };
        unresolved_cost(
            Area::Etiquette,
            &mut etiquette,
            unresolved.etiquette_percent,
        );
        unresolved_cost(Area::Record, &mut record, unresolved.record_percent);
    }
    let weights = rules.weights();
    let total_weight = (weights.etiquette + weights.procedure + weights.record).max(1);
    let weighted =
        etiquette * weights.etiquette + procedure * weights.procedure + record * weights.record;
    let uncapped_hundredths = (weighted * 100 + total_weight / 2) / total_weight;
    let cap = ceiling(session, &tally.findings);
    let overall_hundredths = cap.map_or(uncapped_hundredths, |cap| {
        (uncapped_hundredths * cap + 50) / 100
    });
    let mut findings = tally.findings;
    findings.sort_by_key(|f| {
        (
            f.severity != Severity::Critical,
            f.step.unwrap_or(usize::MAX),
        )
    });
    let critical = findings.iter().any(|f| f.severity == Severity::Critical);
    let mut credits = tally.credits;
    credits.sort_by_key(|c| c.step);
    Score {
        overall: (overall_hundredths + 50) / 100,
        overall_hundredths,
        etiquette,
        procedure,
        record,
        critical,
        uncapped_hundredths,
        cap,
        satisfaction: session.mood().clamp(0, 100) as u32,
        findings,
        credits,
    }
}

/// The ceiling the gravest harm sets: the lowest of the critical rules broken and of the
/// wrong fields that misdirect the work, lowered for each further one. The run's score is
/// scaled under it, so the rest of the run still counts.
fn ceiling(session: &Session, findings: &[Finding]) -> Option<u32> {
    let rules = session.rules();
    let mut harms: Vec<(String, u32)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Critical)
        .map(|f| (f.rule.clone(), critical_ceiling(session, f)))
        .collect();
    harms.extend(findings.iter().filter_map(|f| match &f.kind {
        FindingKind::FieldWrong { field, .. } => {
            let cap = rules.field_rule(*field)?.misdirects?;
            Some((field.name().to_owned(), cap))
        }
        _ => None,
    }));
    harms.sort();
    harms.dedup();
    let lowest = harms.iter().map(|(_, cap)| *cap).min()?;
    let further = u32::try_from(harms.len() - 1).unwrap_or(u32::MAX);
    Some(lowest.saturating_sub(rules.critical_stack().saturating_mul(further)))
}

/// A critical finding's ceiling: its rule's, lower for a late emergency the later it was, or
/// the chosen option's own where its author marked the breach graver.
fn critical_ceiling(session: &Session, finding: &Finding) -> u32 {
    let rules = session.rules();
    let of_rule = rules
        .critical_cap(&finding.rule)
        .saturating_sub(lateness(rules, finding));
    let of_option = match finding.kind {
        FindingKind::BrokeRule { node, option } => {
            session.scenario().node(node).options[option].ceiling
        }
        _ => None,
    };
    of_option.map_or(of_rule, |ceiling| ceiling.min(of_rule))
}

/// How much lower a late emergency's ceiling is: the later help came, the graver, up to as
/// much as a further critical error.
fn lateness(rules: &RuleSet, finding: &Finding) -> u32 {
    match finding.kind {
        FindingKind::LateEmergency { minutes, limit } => rules
            .limits()
            .emergency_ceiling_per_late_minute
            .saturating_mul(minutes.saturating_sub(limit))
            .min(rules.critical_stack()),
        FindingKind::EmergencyNeverDispatched { .. } => rules.critical_stack(),
        _ => 0,
    }
}

/// The share of the resolving steps done, in percent of their weights (100 without any).
fn resolved_percent(session: &Session, rules: &RuleSet) -> u32 {
    let Some(unresolved) = rules.unresolved() else {
        return 100;
    };
    let waived = &session.scenario().resolution().waive;
    let done = session.steps_done();
    let (mut owed, mut earned) = (0u32, 0u32);
    for resolving in unresolved
        .steps
        .iter()
        .filter(|r| !waived.contains(&r.step))
    {
        owed += resolving.weight;
        if done.iter().any(|d| d.what == resolving.step) {
            earned += resolving.weight;
        }
    }
    (earned * 100).checked_div(owed).unwrap_or(100)
}

/// The rules the chosen options break, as their authors tagged them; for something else
/// said in a live role-play, first the rules the supervisor named (their note explains a
/// rule the closest option also breaks), then the closest option's own.
fn score_choices(session: &Session, tally: &mut Tally) {
    let scenario = session.scenario();
    for choice in session.choices() {
        if let Action::SomethingElse(said) = &session.entries()[choice.step].action {
            for rule in &said.breaks {
                let note = said.note.clone();
                let kind = FindingKind::SaidSomethingElse { note };
                tally.cite(rule, Some(choice.step), None, kind);
            }
        }
        let Picked { node, option } = choice.what;
        for rule in &scenario.node(node).options[option].breaks {
            tally.cite(
                rule,
                Some(choice.step),
                None,
                FindingKind::BrokeRule { node, option },
            );
        }
    }
}

/// The courtesies owed on this channel: earned by an option that `satisfies` the rule,
/// an etiquette cost when never shown.
fn score_courtesies(session: &Session, tally: &mut Tally) {
    let scenario = session.scenario();
    let procedure = tally.rules.procedure(scenario.channel());
    // Owed only where the scenario offers a way to show it: every lesson stays winnable.
    let owed_here = |owed: &&OwedCourtesy| {
        scenario.offers(&owed.rule)
            && owed
                .once_told
                .is_none_or(|field| session.is_revealed(field))
    };
    for owed in procedure.courtesies.iter().filter(owed_here) {
        let shown = session.choices().iter().find(|choice| {
            let Picked { node, option } = choice.what;
            let satisfies = &scenario.node(node).options[option].satisfies;
            satisfies.contains(&owed.rule)
        });
        // A run that broke the rule outright has that finding: one mistake, one cost.
        let broken = tally.findings.iter().any(|f| f.rule == owed.rule);
        match shown {
            Some(choice) => tally.credit(&owed.rule, Area::Etiquette, choice.step, None),
            None if broken => {}
            None => tally.cite_in(
                Area::Etiquette,
                &owed.rule,
                None,
                owed.cost,
                FindingKind::CourtesyNotShown,
            ),
        }
    }
}

/// The channel's required steps and their order.
fn score_procedure(session: &Session, tally: &mut Tally) {
    let scenario = session.scenario();
    let procedure = tally.rules.procedure(scenario.channel());
    let waived = &scenario.resolution().waive;
    let done = session.steps_done();
    let first = |step: Step| done.iter().find(|d| d.what == step).map(|d| d.step);
    for required in procedure.steps.iter().filter(|r| !waived.contains(&r.step)) {
        match first(required.step) {
            Some(step) => {
                tally.credit(&required.rule, Area::Procedure, step, Some(required.step));
            }
            None => tally.cite(
                &required.rule,
                None,
                Some(required.cost),
                FindingKind::MissingStep(required.step),
            ),
        }
    }
    for order in &procedure.order {
        if let (Some(first_at), Some(then_at)) = (first(order.first), first(order.then))
            && then_at < first_at
        {
            tally.cite(
                &order.rule,
                Some(then_at),
                Some(order.cost),
                FindingKind::OutOfOrder {
                    first: order.first,
                    then: order.then,
                },
            );
        }
    }
}

/// The standing actions: departments, promises, callbacks, the emergency limit, escalation.
fn score_actions(session: &Session, tally: &mut Tally) {
    score_departments(session, tally);
    score_promises_and_callbacks(session, tally);
    score_emergency(session, tally);
    score_escalations(session, tally);
    score_closing(session, tally);
}

/// Closing the case before the owner has finished is a brush-off.
fn score_closing(session: &Session, tally: &mut Tally) {
    let Some(rule) = &tally.rules.action_rules().closed_while_talking else {
        return;
    };
    if session.is_closed() && session.current_node().is_some() {
        let step = session.entries().len().checked_sub(1);
        tally.cite(rule, step, None, FindingKind::ClosedWhileTalking);
    }
}

/// Each work notice to a department the case needs, and to every one of them (W-4, P-08).
fn score_departments(session: &Session, tally: &mut Tally) {
    let resolution = session.scenario().resolution();
    let rule = &tally.rules.action_rules().wrong_department;
    for notice in session.notices() {
        if !resolution.departments.contains(&notice.what) {
            tally.cite(
                rule,
                Some(notice.step),
                None,
                FindingKind::WrongDepartment {
                    given: notice.what,
                    expected: resolution.departments.first().copied(),
                },
            );
        }
    }
    let notices = session.notices();
    for department in &resolution.departments {
        if !notices.is_empty() && !notices.iter().any(|n| n.what == *department) {
            tally.cite(
                rule,
                None,
                None,
                FindingKind::DepartmentNotNotified(*department),
            );
        }
    }
}

/// Every time promise kept (P-07); a callback within the limit (P-11).
fn score_promises_and_callbacks(session: &Session, tally: &mut Tally) {
    let rule = &tally.rules.action_rules().promise_not_kept;
    for promise in session.promises() {
        if let Some(kind) = broken_promise(session, promise.step, &promise.what) {
            tally.cite(rule, Some(promise.step), None, kind);
        }
    }
    let limits = tally.rules.limits();
    for callback in session.callbacks() {
        let hours = callback.what.hours;
        if hours > limits.callback_within_hours {
            let late_hours = hours - limits.callback_within_hours;
            let penalty = tally
                .rules
                .rule(&limits.callback_rule)
                .map_or(0, |r| r.penalty);
            let late = limits.callback_cost_per_late_day * late_hours / 24;
            tally.cite(
                &limits.callback_rule,
                Some(callback.step),
                Some(penalty.saturating_add(late)),
                FindingKind::LateCallback {
                    hours,
                    limit: limits.callback_within_hours,
                },
            );
        }
    }
}

/// How a promise made at `step` was broken, judged from the run: a completion sooner than
/// the work takes, no dispatch by a promised visit, no call back by a promised reply.
fn broken_promise(session: &Session, step: usize, promise: &Promise) -> Option<FindingKind> {
    let due = promise.due;
    let kept = match promise.kind {
        PromiseKind::Completion => {
            let needed = session.scenario().resolution().repair_hours;
            return (promise.hours < needed).then_some(FindingKind::PromiseNotKept {
                promised: promise.hours,
                needed,
            });
        }
        PromiseKind::Visit => session.dispatched_at().is_some_and(|at| at <= due),
        PromiseKind::Reply | PromiseKind::WrittenAnswer => session
            .callbacks()
            .iter()
            .any(|call| call.step > step && call.what.minute <= due),
    };
    (!kept).then_some(FindingKind::PromiseBroken {
        kind: promise.kind,
        hours: promise.hours,
    })
}

/// Help on site within the emergency limit (H-5).
fn score_emergency(session: &Session, tally: &mut Tally) {
    if !session.scenario().resolution().emergency {
        return;
    }
    let limits = tally.rules.limits();
    let limit = limits.emergency_on_site_minutes;
    let kind = match session.dispatched_at() {
        Some(minutes) if minutes > limit => FindingKind::LateEmergency { minutes, limit },
        Some(_) => return,
        None => FindingKind::EmergencyNeverDispatched { limit },
    };
    let step = session.notices().first().map(|notice| notice.step);
    tally.cite(&limits.emergency_rule, step, None, kind);
}

/// One rung at a time up the ladder (W-7), as high as the case needs (H-2, E-13).
fn score_escalations(session: &Session, tally: &mut Tally) {
    let rules = tally.rules;
    let actions = rules.action_rules();
    let ladder = rules.escalation_ladder();
    let rung = |level: Level| ladder.iter().position(|l| *l == level).unwrap_or(0);
    let mut reached: Option<usize> = None;
    for escalation in session.escalations() {
        let level = escalation.what;
        let next_allowed = reached.map_or(0, |r| r + 1);
        if rung(level) > next_allowed {
            tally.cite(
                &actions.escalation_skipped,
                Some(escalation.step),
                None,
                FindingKind::EscalationSkipped { to: level },
            );
        }
        reached = Some(reached.map_or(rung(level), |r| r.max(rung(level))));
    }
    if let Some(needed) = session.scenario().resolution().escalate_to
        && reached.is_none_or(|r| r < rung(needed))
    {
        tally.cite(
            &actions.escalation_missing,
            None,
            None,
            FindingKind::EscalationMissing(needed),
        );
    }
}

/// Checks the drill fields against the facts: a blank or wrong field costs its share of the
/// form, a wrong one more where it misdirects the work.
fn score_record(session: &Session, tally: &mut Tally) {
    let rules = tally.rules;
    let step = session.record_step();
    let judged: Vec<(&FieldRule, Option<FindingKind>)> = rules
        .drill_fields()
        .filter_map(|field_rule| Some((field_rule, judge_field(session, field_rule)?)))
        .collect();
    let total: u32 = judged.iter().map(|(rule, _)| rule.blank).sum();
    // Shares rounded on the running sum, so a form left blank costs exactly 100.
    let share = |cost: u32| (cost * 100 + total / 2).checked_div(total).unwrap_or(0);
    let mut costs_so_far = 0;
    for (field_rule, kind) in judged {
        let Some(kind) = kind else { continue };
        let cost = match kind {
            FindingKind::FieldMissing(_) => field_rule.blank,
            _ => field_rule.wrong_cost(),
        };
        let points = share(costs_so_far + cost) - share(costs_so_far);
        costs_so_far += cost;
        tally.cite_in(Area::Record, &field_rule.rule, step, points, kind);
    }
}

/// `None` for a field the case does not check; `Some(None)` for a right one; else why not.
fn judge_field(session: &Session, field_rule: &FieldRule) -> Option<Option<FindingKind>> {
    let field = field_rule.field;
    let fact = session.scenario().fact(field);
    let truth = classification(session, field);
    if fact.is_none() && truth.is_none() {
        return None;
    }
    let Some(value) = session.record().get(field) else {
        return Some(Some(FindingKind::FieldMissing(field)));
    };
    if fact.is_some() && !session.is_revealed(field) {
        return Some(Some(FindingKind::FieldNotGiven(field)));
    }
    let (right, expected) = match (fact, truth) {
        (Some(fact), _) => (
            fact_matches(session, field_rule.check, value, fact),
            // Spelled out only for a finding: most fields of most runs are right.
            Box::new(move || fact_expected(session, value, fact)) as Box<dyn Fn() -> String>,
        ),
        (None, Some(truth)) => (
            truth.matches(value),
            Box::new(move || truth.expected()) as _,
        ),
        (None, None) => return None,
    };
    Some((!right).then(|| FindingKind::FieldWrong {
        field,
        given: value.to_owned(),
        expected: expected(),
    }))
}

/// The true classification of the case for a choice field of the form.
enum Truth {
    Category(crate::model::Category),
    Nature(Nature),
    Urgency(Urgency),
}

impl Truth {
    fn matches(&self, value: &str) -> bool {
        match self {
            Truth::Category(c) => crate::model::Category::parse(value) == Some(*c),
            Truth::Nature(n) => Nature::parse(value) == Some(*n),
            Truth::Urgency(u) => Urgency::parse(value) == Some(*u),
        }
    }

    fn expected(&self) -> String {
        match self {
            Truth::Category(c) => c.name().to_owned(),
            Truth::Nature(n) => label(n.key(), Lang::En),
            Truth::Urgency(u) => u.name().to_owned(),
        }
    }
}

fn classification(session: &Session, field: RecordField) -> Option<Truth> {
    let scenario = session.scenario();
    match field {
        RecordField::Category => Some(Truth::Category(scenario.category())),
        // As the case stood when the form was submitted: the nature may have turned.
        RecordField::Nature => Some(Truth::Nature(session.nature_before(session.record_step()))),
        RecordField::Urgency => Some(Truth::Urgency(scenario.resolution().urgency)),
        _ => None,
    }
}

/// Whether a field agrees with what the owner said, in either language of the variant.
fn fact_matches(session: &Session, check: FieldCheck, value: &str, fact: &Fact) -> bool {
    match fact {
        Fact::Says(template) => Lang::ALL.iter().any(|lang| {
            let truth = session.fill(template, *lang);
            match check {
                FieldCheck::Phone => phone_digits(value) == phone_digits(&truth),
                FieldCheck::Unit => same_unit(value, &truth),
                FieldCheck::Name => {
                    crate::record::fold(value).contains(&crate::record::fold(&truth))
                }
                _ => crate::record::fold(value) == crate::record::fold(&truth),
            }
        }),
        Fact::Mentions(points) => mentions_all(value, &filled_points(session, points)),
    }
}

/// What the owner said, for a finding, in both languages: the value, or the key points the
/// field leaves out in the words the owner used.
fn fact_expected(session: &Session, value: &str, fact: &Fact) -> String {
    let mut said: Vec<String> = match fact {
        Fact::Says(template) => Lang::ALL
            .iter()
            .map(|lang| session.fill(template, *lang))
            .collect(),
        Fact::Mentions(points) => {
            let points = filled_points(session, points);
            Lang::ALL
                .iter()
                .map(|lang| unmentioned(value, &heard(session, *lang), &points).join(", "))
                .collect()
        }
    };
    said.dedup();
    said.join(" / ")
}

/// Everything the owner has said so far, in `lang`.
fn heard(session: &Session, lang: Lang) -> String {
    let scenario = session.scenario();
    session
        .history()
        .iter()
        .filter_map(|event| match event {
            crate::session::Event::OwnerSpoke { node } => {
                Some(session.render(&scenario.node(*node).owner, lang))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Key points with this run's values filled in.
fn filled_points(session: &Session, points: &[Vec<String>]) -> Vec<Vec<String>> {
    points
        .iter()
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|alt| session.fill(alt, Lang::Zh))
                .collect()
        })
        .collect()
}

impl Finding {
    /// What was expected, in the trainee's language.
    /// `session` gives the words of a chosen option; a real record's findings have none.
    pub fn explain(&self, session: Option<&Session>, lang: Lang) -> String {
        let step_label = |step: Step| label(step.key(), lang);
        let field_label = |field: RecordField| label(field.key(), lang);
        match &self.kind {
            FindingKind::BrokeRule { node, option } => {
                let Some(session) = session else {
                    return label("finding.broke_rule_unknown", lang);
                };
                let choice = &session.scenario().node(*node).options[*option];
                format(
                    "finding.broke_rule",
                    lang,
                    &[
                        ("said", session.render(&choice.text, lang)),
                        ("feedback", session.render(&choice.feedback, lang)),
                    ],
                )
            }
            FindingKind::SaidSomethingElse { note } if note.trim().is_empty() => {
                label("finding.something_else_unnoted", lang)
            }
            FindingKind::SaidSomethingElse { note } => {
                format("finding.something_else", lang, &[("note", note.clone())])
            }
            FindingKind::MissingStep(step) => with_how(
                format("finding.missing_step", lang, &[("step", step_label(*step))]),
                *step,
                lang,
            ),
            FindingKind::OutOfOrder { first, then } => {
                let order = with_how(
                    format(
                        "finding.out_of_order",
                        lang,
                        &[("first", step_label(*first)), ("then", step_label(*then))],
                    ),
                    *first,
                    lang,
                );
                // Out of order by what was said: the words and their feedback explain it.
                match session.and_then(|s| Some((s, said_at(s, self.step?)?))) {
                    Some((session, (node, option))) => {
                        let choice = &session.scenario().node(node).options[option];
                        let said = format(
                            "finding.broke_rule",
                            lang,
                            &[
                                ("said", session.render(&choice.text, lang)),
                                ("feedback", session.render(&choice.feedback, lang)),
                            ],
                        );
                        format!("{said} {order}")
                    }
                    None => order,
                }
            }
            FindingKind::CourtesyNotShown => label("finding.courtesy_not_shown", lang),
            FindingKind::ClosedWhileTalking => label("finding.closed_while_talking", lang),
            FindingKind::NotCarriedThrough { done_percent } => format(
                "finding.not_carried_through",
                lang,
                &[("done", done_percent.to_string())],
            ),
            FindingKind::FieldMissing(field) => format(
                "finding.field_missing",
                lang,
                &[("field", field_label(*field))],
            ),
            FindingKind::FieldWrong {
                field,
                given,
                expected,
            } => format(
                "finding.field_wrong",
                lang,
                &[
                    ("field", field_label(*field)),
                    ("given", given.clone()),
                    ("expected", expected.clone()),
                ],
            ),
            FindingKind::FieldInvalid { field, given } => format(
                "finding.field_invalid",
                lang,
                &[("field", field_label(*field)), ("given", given.clone())],
            ),
            FindingKind::FieldNotGiven(field) => format(
                "finding.field_not_given",
                lang,
                &[("field", field_label(*field))],
            ),
            FindingKind::WrongDepartment { given, expected } => format(
                "finding.wrong_department",
                lang,
                &[
                    ("given", label(given.key(), lang)),
                    (
                        "expected",
                        expected.map_or_else(
                            || label("finding.no_department", lang),
                            |d| label(d.key(), lang),
                        ),
                    ),
                ],
            ),
            FindingKind::DepartmentNotNotified(department) => format(
                "finding.department_not_notified",
                lang,
                &[("department", label(department.key(), lang))],
            ),
            FindingKind::PromiseNotKept { promised, needed } => format(
                "finding.promise_not_kept",
                lang,
                &[
                    ("promised", promised.to_string()),
                    ("needed", needed.to_string()),
                ],
            ),
            FindingKind::PromiseBroken { kind, hours } => format(
                "finding.promise_broken",
                lang,
                &[
                    ("what", label(kind.key(), lang)),
                    ("hours", hours.to_string()),
                ],
            ),
            FindingKind::LateCallback { hours, limit } => format(
                "finding.late_callback",
                lang,
                &[("hours", hours.to_string()), ("limit", limit.to_string())],
            ),
            FindingKind::LateEmergency { minutes, limit } => format(
                "finding.late_emergency",
                lang,
                &[
                    ("minutes", minutes.to_string()),
                    ("limit", limit.to_string()),
                ],
            ),
            FindingKind::EmergencyNeverDispatched { limit } => format(
                "finding.emergency_never_dispatched",
                lang,
                &[("limit", limit.to_string())],
            ),
            FindingKind::TimesOutOfOrder { earlier, later } => format(
                "finding.times_out_of_order",
                lang,
                &[
                    ("earlier", label(earlier.key(), lang)),
                    ("later", label(later.key(), lang)),
                ],
            ),
            FindingKind::EscalationSkipped { to } => format(
                "finding.escalation_skipped",
                lang,
                &[("level", label(to.key(), lang))],
            ),
            FindingKind::EscalationMissing(level) => format(
                "finding.escalation_missing",
                lang,
                &[("level", label(level.key(), lang))],
            ),
        }
    }
}
