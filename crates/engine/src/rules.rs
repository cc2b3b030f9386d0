//! Rule sets: the workflow rules of DOMAIN.md as data (`rules/*.ron`).
//!
//! The same rule set scores a trainee's run and checks a real filled record form,
//! so nothing here is specific to the trainer.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::flaw::{Flaw, Place};
use crate::model::{Area, Channel, Level, RecordField, Severity, Step, Temperament};
use crate::ranges::{self, out_of_range};
use crate::text::Text;

/// One rule of DOMAIN.md, e.g. `E-09` (confidentiality).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// The sub-score its findings count against.
    pub area: Area,
    pub severity: Severity,
    /// Points taken from its sub-score for each finding (record-area rules score by field instead).
    #[serde(default)]
    pub penalty: u32,
    pub text: Text,
    /// For a critical rule: the highest overall score a run that breaks it can get
    /// (graver breaches cap lower); `None` uses the rule set's `critical_cap`.
    #[serde(default)]
    pub cap: Option<u32>,
    /// Whether a run in the trainer can show the rule being kept or broken
    /// (appearance, E-07, cannot); coverage reports count only these.
    #[serde(default = "observable_by_default")]
    pub observable: bool,
}

fn observable_by_default() -> bool {
    true
}

/// A required step of a channel's procedure and what leaving it out costs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredStep {
    pub step: Step,
    pub rule: String,
    pub cost: u32,
}

/// `first` must come before `then`; breaking it costs less than a missing step.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precedence {
    pub first: Step,
    pub then: Step,
    pub rule: String,
    pub cost: u32,
}

/// A courtesy owed to every owner on a channel (greeting, name on the phone, empathy): it is
/// shown by an option that `satisfies` its rule, and costs etiquette when never shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwedCourtesy {
    pub rule: String,
    pub cost: u32,
    /// Owed only once the owner has told this (E-02: the surname, once known).
    #[serde(default)]
    pub once_told: Option<RecordField>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelProcedure {
    pub steps: Vec<RequiredStep>,
    pub order: Vec<Precedence>,
    #[serde(default)]
    pub courtesies: Vec<OwedCourtesy>,
}

/// How a record field's value is compared with what the owner said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldCheck {
    /// Digits only, e.g. `138 1234-5678` equals `13812345678`.
    Phone,
    /// The groups of digits, e.g. `3栋1202室` equals `3-1202`.
    Unit,
    /// Contains the surname the owner gave.
    Name,
    /// Mentions every key point the owner made.
    Keywords,
    /// One of a closed list (category, nature, urgency, department, channel).
    Choice,
    /// `YYYY-MM-DD HH:MM`.
    DateTime,
    /// Any non-empty text.
    Present,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    pub field: RecordField,
    pub rule: String,
    pub check: FieldCheck,
    /// Must be filled on a finished real record.
    #[serde(default)]
    pub required: bool,
    /// Filled by the trainee in a drill and scored against the scenario's facts.
    #[serde(default)]
    pub drill: bool,
    /// Who writes the field in the trainer; `None`: the trainee if it is a drill field,
    /// else the workflow (rule sets written before it was kept say nothing).
    #[serde(default)]
    pub filled_by: Option<FilledBy>,
    /// What a blank drill field costs, against the blank costs of all the fields checked.
    #[serde(default = "blank_cost_by_default")]
    pub blank: u32,
    /// What a wrong value costs, on the same scale: more than a blank where a wrong value
    /// misdirects the work (a wrong unit sends the crew to the wrong flat). `None`: as blank.
    #[serde(default)]
    pub wrong: Option<u32>,
    /// A wrong value here sends the work to the wrong place: like a critical error, it sets
    /// a ceiling on the overall score.
    #[serde(default)]
    pub misdirects: Option<u32>,
}

fn blank_cost_by_default() -> u32 {
    10
}

impl FieldRule {
    pub fn wrong_cost(&self) -> u32 {
        self.wrong.unwrap_or(self.blank)
    }

    /// Who writes the field in the trainer: as the rule set says, else the trainee for a
    /// drill field and the workflow for the others.
    pub fn filled_by(&self) -> FilledBy {
        self.filled_by.unwrap_or(if self.drill {
            FilledBy::Trainee
        } else {
            FilledBy::Workflow
        })
    }
}

/// Who writes a field of the record form in the trainer (DOMAIN §4, §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilledBy {
    /// The trainee, from what the owner says (W-3: before the form goes to the supervisor).
    Trainee,
    /// The trainee, after the callback (W-8, W-9): the handling result and the owner's view.
    AfterCallback,
    /// The workflow itself: the channel, the times, the work notice, the receiver (whoever
    /// plays), the supervisor's signature and the filing.
    Workflow,
}

/// A step that carries a case through to its resolution, and its share of that.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolvingStep {
    pub step: Step,
    pub weight: u32,
}

/// How far a case left unresolved is scored as unresolved: the share of the resolving steps
/// done (by weight; steps a case waives left out) scales this part of etiquette and record.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unresolved {
    /// The rule the finding cites (tracking the case until it is solved).
    pub rule: String,
    pub steps: Vec<ResolvingStep>,
    /// Percent of the etiquette score that counts only toward a case carried through.
    pub etiquette_percent: u32,
    /// Percent of the record score that counts only toward a case carried through.
    pub record_percent: u32,
}

/// Time limits are settings, not constants (DOMAIN §5).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// H-5: on site within this many minutes of an emergency call.
    pub emergency_on_site_minutes: u32,
    pub emergency_rule: String,
    /// Each minute help arrives past the limit lowers the emergency rule's ceiling by this.
    #[serde(default)]
    pub emergency_ceiling_per_late_minute: u32,
    /// P-11: satisfaction callback within this many hours of completion.
    pub callback_within_hours: u32,
    pub callback_rule: String,
    /// Each day (pro rata) a callback comes past the limit costs this much more.
    #[serde(default)]
    pub callback_cost_per_late_day: u32,
}

/// How a temperament moves the owner's mood: start offset and percent scaling of changes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodProfile {
    pub start_offset: i32,
    pub calming_percent: i32,
    pub upsetting_percent: i32,
}

/// Which rule a finding cites when it comes from a standing action rather than an option.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRules {
    pub wrong_department: String,
    pub promise_not_kept: String,
    pub escalation_skipped: String,
    pub escalation_missing: String,
    /// Closing the case while the owner is still talking: brushing them off.
    #[serde(default)]
    pub closed_while_talking: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub etiquette: u32,
    pub procedure: u32,
    pub record: u32,
}

/// A rule set as written in RON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "RuleSet")]
pub struct RawRuleSet {
    pub id: String,
    pub version: u32,
    pub rules: Vec<Rule>,
    pub weights: Weights,
    /// The overall score can be no higher than this after a critical error (a critical
    /// rule's own `cap` overrides it).
    pub critical_cap: u32,
    /// Each further critical rule broken lowers the cap by this many points.
    #[serde(default)]
    pub critical_stack: u32,
    /// `None`: a case dropped half way keeps its etiquette and record points.
    #[serde(default)]
    pub unresolved: Option<Unresolved>,
    pub procedures: BTreeMap<Channel, ChannelProcedure>,
    pub record_fields: Vec<FieldRule>,
    pub limits: Limits,
    pub escalation_ladder: Vec<Level>,
    pub action_rules: ActionRules,
    pub temperaments: BTreeMap<Temperament, MoodProfile>,
}

impl RawRuleSet {
    /// The rules the engine's own checks cite (steps, order, courtesies, the record form,
    /// time limits, standing actions), each once, in the order the rule set names them.
    fn cited_by_checks(&self) -> Vec<&str> {
        let mut cited = self.cited_by_conduct_checks();
        cited.extend(self.record_fields.iter().map(|f| f.rule.as_str()));
        cited.push(&self.limits.callback_rule);
        let mut seen = std::collections::HashSet::new();
        cited.retain(|rule| seen.insert(*rule));
        cited
    }

    /// The rules the checks of what a run does cite: steps, order, courtesies, standing
    /// actions, the emergency limit, the unresolved case (not the form, not the callback).
    fn cited_by_conduct_checks(&self) -> Vec<&str> {
        let mut cited: Vec<&str> = Vec::new();
        for procedure in self.procedures.values() {
            cited.extend(procedure.steps.iter().map(|s| s.rule.as_str()));
            cited.extend(procedure.order.iter().map(|p| p.rule.as_str()));
            cited.extend(procedure.courtesies.iter().map(|c| c.rule.as_str()));
        }
        cited.extend(self.unresolved.iter().map(|u| u.rule.as_str()));
        let actions = &self.action_rules;
        cited.extend([
            actions.wrong_department.as_str(),
            actions.promise_not_kept.as_str(),
            actions.escalation_skipped.as_str(),
            actions.escalation_missing.as_str(),
            self.limits.emergency_rule.as_str(),
        ]);
        cited.extend(actions.closed_while_talking.as_deref());
        cited
    }
}

/// A validated rule set: every referenced rule exists, every channel has a procedure.
#[derive(Debug, Clone)]
pub struct RuleSet {
    raw: RawRuleSet,
    index: HashMap<String, usize>,
}

impl RuleSet {
    /// Checks a parsed rule set: rule IDs unique and translated, every cited rule defined,
    /// every channel and temperament covered. `Err` lists every flaw found.
    pub fn from_raw(raw: RawRuleSet) -> Result<RuleSet, Vec<Flaw>> {
        let mut problems = Vec::new();
        let mut index = HashMap::new();
        for (position, rule) in raw.rules.iter().enumerate() {
            if index.insert(rule.id.clone(), position).is_some() {
                problems.push(Flaw::error(
                    Place::literal(&rule.id),
                    format!("rule `{}` is defined twice", rule.id),
                    "give each rule its own ID",
                ));
            }
            for lang in rule.text.missing() {
                problems.push(Flaw::error(
                    Place::literal(&rule.id),
                    format!("rule `{}` has no {lang:?} text", rule.id),
                    "write the rule's text in both zh and en",
                ));
            }
        }
        let cited = raw.cited_by_checks();
        for id in cited {
            if !index.contains_key(id) {
                problems.push(Flaw::error(
                    Place::literal(id),
                    format!("rule `{id}` is cited but not defined in `rules`"),
                    "add the rule to `rules` or cite one that exists",
                ));
            }
        }
        for channel in Channel::ALL {
            if !raw.procedures.contains_key(channel) {
                problems.push(Flaw::error(
                    Place::Top,
                    format!("no procedure for channel {}", channel.name()),
                    "add an entry for every channel to `procedures`",
                ));
            }
        }
        for temperament in Temperament::ALL {
            if !raw.temperaments.contains_key(temperament) {
                problems.push(Flaw::error(
                    Place::Top,
                    format!("no mood profile for temperament {}", temperament.name()),
                    "add an entry for every temperament to `temperaments`",
                ));
            }
        }
        check_numbers(&raw, &mut problems);
        check_filled_by(&raw, &mut problems);
        if problems.is_empty() {
            Ok(RuleSet { raw, index })
        } else {
            Err(problems)
        }
    }

    pub fn id(&self) -> &str {
        &self.raw.id
    }

    /// The rules the engine raises by itself from what a run does; the others only an
    /// author's tag on an option raises (docs/authoring.md lists both).
    pub fn raised_by_engine(&self) -> Vec<&str> {
        self.raw.cited_by_checks()
    }

    /// The rules only the record form or the clock can break: cited by the form's fields or
    /// the callback limit, and by no step, order, courtesy, standing action or other limit.
    pub fn raised_only_from_form_and_clock(&self) -> Vec<&str> {
        let raw = &self.raw;
        let by_conduct = raw.cited_by_conduct_checks();
        let mut rules: Vec<&str> = raw.record_fields.iter().map(|f| f.rule.as_str()).collect();
        rules.push(&raw.limits.callback_rule);
        rules.retain(|rule| !by_conduct.contains(rule));
        rules.sort_unstable();
        rules.dedup();
        rules
    }

    /// Every field of the production record form, in form order.
    pub fn record_fields(&self) -> &[FieldRule] {
        &self.raw.record_fields
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.index
            .get(id)
            .map(|position| &self.raw.rules[*position])
    }

    pub fn rules(&self) -> &[Rule] {
        &self.raw.rules
    }

    pub fn has_rule(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn procedure(&self, channel: Channel) -> &ChannelProcedure {
        &self.raw.procedures[&channel]
    }

    pub fn mood_profile(&self, temperament: Temperament) -> &MoodProfile {
        &self.raw.temperaments[&temperament]
    }

    pub fn field_rule(&self, field: RecordField) -> Option<&FieldRule> {
        self.raw
            .record_fields
            .iter()
            .find(|rule| rule.field == field)
    }

    /// The fields a trainee fills in a drill, in form order.
    pub fn drill_fields(&self) -> impl Iterator<Item = &FieldRule> {
        self.raw.record_fields.iter().filter(|rule| rule.drill)
    }

    /// Who writes `field` in the trainer; `None` for a field the form does not hold.
    pub fn filled_by(&self, field: RecordField) -> Option<FilledBy> {
        self.field_rule(field).map(FieldRule::filled_by)
    }

    pub fn limits(&self) -> &Limits {
        &self.raw.limits
    }

    pub fn action_rules(&self) -> &ActionRules {
        &self.raw.action_rules
    }

    pub fn weights(&self) -> &Weights {
        &self.raw.weights
    }

    /// The ceiling of the overall score after breaking critical rule `rule`.
    pub fn critical_cap(&self, rule: &str) -> u32 {
        self.rule(rule)
            .and_then(|rule| rule.cap)
            .unwrap_or(self.raw.critical_cap)
    }

    /// How much each further critical rule broken lowers the cap.
    pub fn critical_stack(&self) -> u32 {
        self.raw.critical_stack
    }

    pub fn unresolved(&self) -> Option<&Unresolved> {
        self.raw.unresolved.as_ref()
    }

    pub fn escalation_ladder(&self) -> &[Level] {
        &self.raw.escalation_ladder
    }
}

/// A field the trainee writes is a drill field, and a drill field is not the workflow's:
/// `filled_by` and `drill` must agree.
fn check_filled_by(raw: &RawRuleSet, flaws: &mut Vec<Flaw>) {
    for field in &raw.record_fields {
        let Some(filled_by) = field.filled_by else {
            continue;
        };
        if (filled_by == FilledBy::Workflow) == field.drill {
            flaws.push(Flaw::error(
                Place::number(&[("field", field.field.name())], "filled_by"),
                format!(
                    "field {} is filled by {filled_by:?} but has `drill: {}`",
                    field.field.name(),
                    field.drill
                ),
                "a field the trainee writes (Trainee, AfterCallback) needs `drill: true`; one the workflow fills (Workflow) needs `drill: false`",
            ));
        }
    }
}

/// Every number of the rule set within the range the domain makes sense of.
fn check_numbers(raw: &RawRuleSet, flaws: &mut Vec<Flaw>) {
    let at = |within: &[(&'static str, &str)], field| Place::number(within, field);
    let points =
        |what: &str, value: u32, place: Place| out_of_range(what, value, &ranges::POINTS, place);
    let mut found: Vec<Option<Flaw>> = raw
        .rules
        .iter()
        .map(|rule| points("penalty", rule.penalty, at(&[("id", &rule.id)], "penalty")))
        .collect();
    found.extend(raw.rules.iter().map(|rule| {
        let cap = rule.cap?;
        points("cap", cap, at(&[("id", &rule.id)], "cap"))
    }));
    found.extend(raw.record_fields.iter().flat_map(|field| {
        let at_field = |name| at(&[("field", field.field.name())], name);
        [
            points("blank cost", field.blank, at_field("blank")),
            field
                .wrong
                .and_then(|wrong| points("wrong cost", wrong, at_field("wrong"))),
            field
                .misdirects
                .and_then(|cap| points("misdirects", cap, at_field("misdirects"))),
        ]
    }));
    if let Some(unresolved) = &raw.unresolved {
        let percent = |what, value| out_of_range(what, value, &ranges::PERCENT, at(&[], what));
        found.push(percent("etiquette_percent", unresolved.etiquette_percent));
        found.push(percent("record_percent", unresolved.record_percent));
        found.extend(unresolved.steps.iter().map(|resolving| {
            points(
                "weight",
                resolving.weight,
                at(&[("step", resolving.step.name())], "weight"),
            )
        }));
    }
    for procedure in raw.procedures.values() {
        let costs = procedure.steps.iter().map(|s| (&s.rule, s.cost));
        let costs = costs.chain(procedure.order.iter().map(|o| (&o.rule, o.cost)));
        let costs = costs.chain(procedure.courtesies.iter().map(|c| (&c.rule, c.cost)));
        found.extend(costs.map(|(rule, cost)| points("cost", cost, at(&[("rule", rule)], "cost"))));
    }
    let weights = &raw.weights;
    found.extend([
        points("weight", weights.etiquette, at(&[], "etiquette")),
        points("weight", weights.procedure, at(&[], "procedure")),
        points("weight", weights.record, at(&[], "record")),
        out_of_range(
            "the sum of the weights",
            weights
                .etiquette
                .saturating_add(weights.procedure)
                .saturating_add(weights.record),
            &(1..=300),
            at(&[], "weights"),
        ),
        points("critical cap", raw.critical_cap, at(&[], "critical_cap")),
        points(
            "critical stack",
            raw.critical_stack,
            at(&[], "critical_stack"),
        ),
        out_of_range(
            "emergency limit (minutes)",
            raw.limits.emergency_on_site_minutes,
            &ranges::EMERGENCY_MINUTES,
            at(&[], "emergency_on_site_minutes"),
        ),
        out_of_range(
            "callback limit (hours)",
            raw.limits.callback_within_hours,
            &ranges::HOURS,
            at(&[], "callback_within_hours"),
        ),
        points(
            "ceiling per late minute",
            raw.limits.emergency_ceiling_per_late_minute,
            at(&[], "emergency_ceiling_per_late_minute"),
        ),
        points(
            "cost per late day",
            raw.limits.callback_cost_per_late_day,
            at(&[], "callback_cost_per_late_day"),
        ),
    ]);
    for profile in raw.temperaments.values() {
        let scaling = |what, value| out_of_range(what, value, &ranges::MOOD_SCALING, at(&[], what));
        found.extend([
            out_of_range(
                "start_offset",
                profile.start_offset,
                &ranges::MOOD_OFFSET,
                at(&[], "start_offset"),
            ),
            scaling("calming_percent", profile.calming_percent),
            scaling("upsetting_percent", profile.upsetting_percent),
        ]);
    }
    flaws.extend(found.into_iter().flatten());
}
