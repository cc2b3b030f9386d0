//! Scoring a run against a rule set: three sub-scores, critical errors and findings,
//! each finding citing the rule it comes from and the step where it happened.

use serde::Serialize;

use crate::i18n::{format, label};
use crate::model::{Area, Department, Level, Nature, RecordField, Severity, Step, Urgency};
use crate::record::{mentions_all, phone_digits, unit_key, unmentioned};
use crate::rules::{FieldCheck, RuleSet};
use crate::scenario::Fact;
use crate::session::{Picked, Session};
use crate::text::Lang;

/// Why a finding was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FindingKind {
    /// The trainee chose an option that breaks the rule.
    BrokeRule {
        node: usize,
        option: usize,
    },
    MissingStep(Step),
    OutOfOrder {
        first: Step,
        then: Step,
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
    LateCallback {
        hours: u32,
        limit: u32,
    },
    LateEmergency {
        minutes: u32,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule ID, e.g. `E-09`.
    pub rule: String,
    pub severity: Severity,
    pub area: Area,
    /// The transcript index the finding refers to; `None` for something never done.
    pub step: Option<usize>,
    /// Points it cost its sub-score (record findings cost a share of the form instead).
    pub points: u32,
    pub kind: FindingKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub overall: u32,
    pub etiquette: u32,
    pub procedure: u32,
    pub record: u32,
    /// A critical error capped the overall score.
    pub critical: bool,
    /// Critical findings first, then in transcript order.
    pub findings: Vec<Finding>,
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
}

impl Tally<'_> {
    /// Adds a finding citing `rule`; `points` overrides the rule's own penalty.
    fn cite(&mut self, rule: &str, step: Option<usize>, points: Option<u32>, kind: FindingKind) {
        self.findings
            .extend(Finding::citing(self.rules, rule, step, points, kind));
    }
}

/// Scores a finished or abandoned session.
pub fn score(session: &Session) -> Score {
    let rules = session.rules().as_ref();
    let scenario = session.scenario().as_ref();
    let mut tally = Tally {
        rules,
        findings: Vec::new(),
    };

    for choice in session.choices() {
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
    score_procedure(session, &mut tally);
    score_actions(session, &mut tally);
    let (checked, correct) = score_record(session, &mut tally);

    let lost = |area: Area| -> u32 {
        tally
            .findings
            .iter()
            .filter(|f| f.area == area)
            .fold(0u32, |lost, f| lost.saturating_add(f.points))
    };
    let etiquette = 100u32.saturating_sub(lost(Area::Etiquette));
    let procedure = 100u32.saturating_sub(lost(Area::Procedure));
    let record = (correct * 100 + checked / 2)
        .checked_div(checked)
        .unwrap_or(100);
    let weights = rules.weights();
    let total_weight = (weights.etiquette + weights.procedure + weights.record).max(1);
    let weighted =
        etiquette * weights.etiquette + procedure * weights.procedure + record * weights.record;
    let mut overall = (weighted + total_weight / 2) / total_weight;
    let critical = tally
        .findings
        .iter()
        .any(|f| f.severity == Severity::Critical);
    if critical {
        overall = overall.min(rules.critical_cap());
    }
    let mut findings = tally.findings;
    findings.sort_by_key(|f| {
        (
            f.severity != Severity::Critical,
            f.step.unwrap_or(usize::MAX),
        )
    });
    Score {
        overall,
        etiquette,
        procedure,
        record,
        critical,
        findings,
    }
}

fn score_procedure(session: &Session, tally: &mut Tally) {
    let scenario = session.scenario();
    let procedure = tally.rules.procedure(scenario.channel());
    let waived = &scenario.resolution().waive;
    let done = session.steps_done();
    let first = |step: Step| done.iter().find(|d| d.what == step).map(|d| d.step);
    for required in &procedure.steps {
        if !waived.contains(&required.step) && first(required.step).is_none() {
            tally.cite(
                &required.rule,
                None,
                Some(required.cost),
                FindingKind::MissingStep(required.step),
            );
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

/// A promised time the work can meet (P-07); a callback within the limit (P-11).
fn score_promises_and_callbacks(session: &Session, tally: &mut Tally) {
    let needed = session.scenario().resolution().repair_hours;
    let rules = tally.rules;
    for promise in session.promises() {
        if promise.what < needed {
            tally.cite(
                &rules.action_rules().promise_not_kept,
                Some(promise.step),
                None,
                FindingKind::PromiseNotKept {
                    promised: promise.what,
                    needed,
                },
            );
        }
    }
    let limits = rules.limits();
    for callback in session.callbacks() {
        if callback.what > limits.callback_within_hours {
            tally.cite(
                &limits.callback_rule,
                Some(callback.step),
                None,
                FindingKind::LateCallback {
                    hours: callback.what,
                    limit: limits.callback_within_hours,
                },
            );
        }
    }
}

/// Help on site within the emergency limit (H-5).
fn score_emergency(session: &Session, tally: &mut Tally) {
    if !session.scenario().resolution().emergency {
        return;
    }
    let limits = tally.rules.limits();
    let limit = limits.emergency_on_site_minutes;
    let late = match session.dispatched_at() {
        Some(at) => (at > limit).then_some(at),
        None => Some(session.clock()),
    };
    if let Some(minutes) = late {
        let step = session.notices().first().map(|notice| notice.step);
        tally.cite(
            &limits.emergency_rule,
            step,
            None,
            FindingKind::LateEmergency { minutes, limit },
        );
    }
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

/// Checks the drill fields against the facts; returns (fields checked, fields right).
fn score_record(session: &Session, tally: &mut Tally) -> (u32, u32) {
    let scenario = session.scenario();
    let rules = tally.rules;
    let step = session.record_step();
    let (mut checked, mut correct) = (0, 0);
    for field_rule in rules.drill_fields() {
        let field = field_rule.field;
        let fact = scenario.fact(field);
        let truth = classification(session, field);
        if fact.is_none() && truth.is_none() {
            continue;
        }
        checked += 1;
        let rule = field_rule.rule.as_str();
        let Some(value) = session.record().get(field) else {
            tally.cite(rule, step, Some(0), FindingKind::FieldMissing(field));
            continue;
        };
        if fact.is_some() && !session.is_revealed(field) {
            tally.cite(rule, step, Some(0), FindingKind::FieldNotGiven(field));
            continue;
        }
        let right = match (fact, &truth) {
            (Some(fact), _) => fact_matches(session, field_rule.check, value, fact),
            (None, Some(truth)) => truth.matches(value),
            (None, None) => unreachable!("skipped above"),
        };
        if right {
            correct += 1;
        } else {
            // Spelled out only for a finding: most fields of most runs are right.
            let expected = match (fact, truth) {
                (Some(fact), _) => fact_expected(session, value, fact),
                (None, Some(truth)) => truth.expected(),
                (None, None) => unreachable!("skipped above"),
            };
            tally.cite(
                rule,
                step,
                Some(0),
                FindingKind::FieldWrong {
                    field,
                    given: value.to_owned(),
                    expected,
                },
            );
        }
    }
    (checked, correct)
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
        RecordField::Nature => Some(Truth::Nature(scenario.nature())),
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
                FieldCheck::Unit => unit_key(value) == unit_key(&truth),
                FieldCheck::Name => {
                    crate::record::fold(value).contains(&crate::record::fold(&truth))
                }
                _ => crate::record::fold(value) == crate::record::fold(&truth),
            }
        }),
        Fact::Mentions(points) => mentions_all(value, &filled_points(session, points)),
    }
}

/// What the owner said, for a finding: the values in both languages, or the key points the
/// field leaves out.
fn fact_expected(session: &Session, value: &str, fact: &Fact) -> String {
    match fact {
        Fact::Says(template) => {
            let mut said: Vec<String> = Lang::ALL
                .iter()
                .map(|lang| session.fill(template, *lang))
                .collect();
            said.dedup();
            said.join(" / ")
        }
        Fact::Mentions(points) => unmentioned(value, &filled_points(session, points)).join(", "),
    }
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
            FindingKind::MissingStep(step) => {
                format("finding.missing_step", lang, &[("step", step_label(*step))])
            }
            FindingKind::OutOfOrder { first, then } => format(
                "finding.out_of_order",
                lang,
                &[("first", step_label(*first)), ("then", step_label(*then))],
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
