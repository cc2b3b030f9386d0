//! Scenarios: raw serde structs as written in RON, validated into a [`Scenario`].

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Problem, SourceFile};
use crate::model::{
    Category, Channel, Department, Level, Nature, RecordField, Step, Temperament, Urgency,
};
use crate::rules::{FieldCheck, RuleSet};
use crate::session::Action;
use crate::text::{Text, placeholders};

/// A list a seeded variant draws from; `en[i]` translates `zh[i]` (empty `en` = same as zh).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// How the owner is addressed, e.g. `(zh: "{surname}先生", en: "Mr {surname}")`.
    pub name: Text,
    /// One is drawn by the seed.
    pub temperaments: Vec<Temperament>,
    /// 0 (furious) to 100 (content), before the temperament's offset.
    pub start_mood: i32,
}

/// What the owner actually said, that the record form is checked against.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Fact {
    /// A value the field must equal (after normalising), e.g. `Says("{phone}")`.
    Says(String),
    /// Key points the field must mention: each inner list holds alternatives in both languages.
    Mentions(Vec<Vec<String>>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// Where work notices must go (each of them, and nowhere else); empty when nothing is dispatched.
    #[serde(default)]
    pub departments: Vec<Department>,
    pub urgency: Urgency,
    /// How long the department needs; a promised time shorter than this cannot be kept (P-07).
    #[serde(default)]
    pub repair_hours: u32,
    /// The rung of the escalation ladder the case must reach (W-7, H-2, E-13).
    #[serde(default)]
    pub escalate_to: Option<Level>,
    /// The emergency time limit applies (H-5).
    #[serde(default)]
    pub emergency: bool,
    /// Steps of the channel's procedure this case does not need (e.g. dispatch for a consultation).
    #[serde(default)]
    pub waive: Vec<Step>,
    /// The node the conversation resumes at when the trainee calls the owner back.
    #[serde(default)]
    pub callback_node: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    /// The procedure steps this choice performs, e.g. `[Listen, Apologise]`.
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub satisfies: Vec<String>,
    #[serde(default)]
    pub breaks: Vec<String>,
    /// Change of the owner's mood, before the temperament's scaling.
    #[serde(default)]
    pub mood: i32,
    /// Facts the owner gives in reply.
    #[serde(default)]
    pub reveals: Vec<RecordField>,
    pub next: String,
    /// Simulated minutes the exchange takes.
    #[serde(default = "one_minute")]
    pub minutes: u32,
    pub feedback: Text,
}

fn one_minute() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// What the owner says on arriving at this node.
    pub owner: Text,
    #[serde(default)]
    pub reveals: Vec<RecordField>,
    #[serde(default)]
    pub options: Vec<Choice>,
    /// The conversation ends here; standing actions remain.
    #[serde(default)]
    pub end: bool,
}

/// A scenario as written in RON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Scenario")]
pub struct RawScenario {
    pub id: String,
    pub version: u32,
    pub title: Text,
    pub briefing: Text,
    pub category: Category,
    pub nature: Nature,
    pub channel: Channel,
    pub difficulty: u8,
    /// Which seed document and case it is built from.
    pub source: String,
    #[serde(default)]
    pub group: bool,
    #[serde(default)]
    pub implicit: bool,
    /// Simulated clock at the start, `YYYY-MM-DD HH:MM`.
    pub start_time: String,
    #[serde(default)]
    pub variables: Vec<Variable>,
    pub persona: Persona,
    pub facts: BTreeMap<RecordField, Fact>,
    pub resolution: Resolution,
    pub start: String,
    pub nodes: Vec<Node>,
    /// The path an expert takes: it must score 100 with no findings.
    pub expert_path: Vec<Action>,
}

/// A validated scenario: node references resolved to indices.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub raw: RawScenario,
    pub start: usize,
    /// Where the conversation resumes at the callback (W-8), if the scenario scripts it.
    pub callback: Option<usize>,
    /// `targets[node][option]` is the index of the option's next node.
    targets: Vec<Vec<usize>>,
    node_index: HashMap<String, usize>,
    pub start_minute: i64,
}

impl Scenario {
    /// Parses and validates a scenario against a rule set, reporting every problem found.
    pub fn parse(file: &SourceFile, rules: &RuleSet) -> Result<Scenario, Vec<Problem>> {
        let raw: RawScenario = crate::diagnostics::parse_ron(file)?;
        Scenario::from_raw(raw, file, rules)
    }

    pub fn from_raw(
        raw: RawScenario,
        file: &SourceFile,
        rules: &RuleSet,
    ) -> Result<Scenario, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut node_index = HashMap::with_capacity(raw.nodes.len());
        for (position, node) in raw.nodes.iter().enumerate() {
            if node_index.insert(node.id.clone(), position).is_some() {
                problems.push(file.problem_at_field(
                    "id",
                    &node.id,
                    format!("node `{}` is defined twice", node.id),
                    "give each node its own id",
                ));
            }
        }
        let start = node_index.get(&raw.start).copied();
        let callback = raw.resolution.callback_node.as_ref().and_then(|id| {
            let found = node_index.get(id).copied();
            if found.is_none() {
                problems.push(file.problem_at_field(
                    "callback_node",
                    id,
                    format!("the callback node `{id}` does not exist"),
                    "set `callback_node` to the id of one of the nodes",
                ));
            }
            found
        });
        if start.is_none() {
            problems.push(file.problem_at_field(
                "start",
                &raw.start,
                format!("the start node `{}` does not exist", raw.start),
                "set `start` to the id of one of the nodes",
            ));
        }
        let mut targets = Vec::with_capacity(raw.nodes.len());
        for node in &raw.nodes {
            let mut seen = HashSet::new();
            let mut node_targets = Vec::with_capacity(node.options.len());
            for option in &node.options {
                if !seen.insert(option.id.as_str()) {
                    problems.push(file.problem_at_field(
                        "id",
                        &option.id,
                        format!("node `{}` has two options with id `{}`", node.id, option.id),
                        "give each option of a node its own id",
                    ));
                }
                match node_index.get(&option.next) {
                    Some(target) => node_targets.push(*target),
                    None => {
                        node_targets.push(usize::MAX);
                        problems.push(file.problem_at_path(
                            &[("id", &node.id), ("id", &option.id), ("next", &option.next)],
                            format!(
                                "option `{}` of node `{}` leads to `{}`, which does not exist",
                                option.id, node.id, option.next
                            ),
                            "point `next` at an existing node id, or add that node",
                        ));
                    }
                }
                for rule in option.satisfies.iter().chain(&option.breaks) {
                    if !rules.has_rule(rule) {
                        let field = if option.breaks.contains(rule) {
                            "breaks"
                        } else {
                            "satisfies"
                        };
                        problems.push(file.problem_at_path(
                            &[("id", &node.id), ("id", &option.id), (field, rule)],
                            format!(
                                "option `{}` of node `{}` cites unknown rule `{rule}`",
                                option.id, node.id
                            ),
                            format!(
                                "use a rule ID defined in the rule set `{}` (see DOMAIN.md)",
                                rules.id()
                            ),
                        ));
                    }
                }
            }
            targets.push(node_targets);
        }
        let start_minute = match crate::record::parse_datetime(&raw.start_time) {
            Some(minute) => minute,
            None => {
                problems.push(file.problem_at_field(
                    "start_time",
                    &raw.start_time,
                    format!("`{}` is not a date and time", raw.start_time),
                    "write it as YYYY-MM-DD HH:MM",
                ));
                0
            }
        };
        check_content(&raw, file, rules, &mut problems);
        let scenario = Scenario {
            raw,
            start: start.unwrap_or(0),
            callback,
            targets,
            node_index,
            start_minute,
        };
        if problems.is_empty() {
            problems.extend(crate::lint::lint(&scenario, file, rules));
        }
        if problems
            .iter()
            .any(|p| p.level == crate::diagnostics::Level::Error)
        {
            Err(problems)
        } else {
            Ok(scenario)
        }
    }

    pub fn id(&self) -> &str {
        &self.raw.id
    }

    pub fn node(&self, index: usize) -> &Node {
        &self.raw.nodes[index]
    }

    pub fn node_count(&self) -> usize {
        self.raw.nodes.len()
    }

    pub fn node_by_id(&self, id: &str) -> Option<usize> {
        self.node_index.get(id).copied()
    }

    /// The node an option of `node` leads to.
    pub fn target(&self, node: usize, option: usize) -> usize {
        self.targets[node][option]
    }

    /// Nodes reachable from the start or the callback node, by breadth-first search.
    pub fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.node_count()];
        let mut queue: VecDeque<usize> = [Some(self.start), self.callback]
            .into_iter()
            .flatten()
            .collect();
        for &root in &queue {
            seen[root] = true;
        }
        while let Some(node) = queue.pop_front() {
            for &target in &self.targets[node] {
                if !seen[target] {
                    seen[target] = true;
                    queue.push_back(target);
                }
            }
        }
        seen
    }

    /// Nodes from which some end node can be reached.
    pub fn can_finish(&self) -> Vec<bool> {
        let mut finishes: Vec<bool> = self.raw.nodes.iter().map(|node| node.end).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for node in 0..self.node_count() {
                if !finishes[node] && self.targets[node].iter().any(|&t| finishes[t]) {
                    finishes[node] = true;
                    changed = true;
                }
            }
        }
        finishes
    }

    /// Every bilingual text in the scenario, for translation and glyph checks.
    pub fn texts(&self) -> Vec<&Text> {
        all_texts(&self.raw)
    }
}

fn all_texts(raw: &RawScenario) -> Vec<&Text> {
    let mut texts = vec![&raw.title, &raw.briefing, &raw.persona.name];
    for node in &raw.nodes {
        texts.push(&node.owner);
        for option in &node.options {
            texts.push(&option.text);
            texts.push(&option.feedback);
        }
    }
    texts
}

/// Checks that need no graph: translations, placeholders, variables, facts.
fn check_content(
    raw: &RawScenario,
    file: &SourceFile,
    rules: &RuleSet,
    problems: &mut Vec<Problem>,
) {
    let known: HashSet<&str> = raw.variables.iter().map(|v| v.name.as_str()).collect();
    for text in all_texts(raw) {
        for lang in text.missing() {
            let present = if text.zh.trim().is_empty() {
                &text.en
            } else {
                &text.zh
            };
            problems.push(file.problem_at_literal(
                present,
                format!("missing {lang:?} translation"),
                "write the text in both zh and en",
            ));
        }
        for name in placeholders(&text.zh).chain(placeholders(&text.en)) {
            if !known.contains(name) {
                problems.push(file.problem_at_literal(
                    text.get(crate::text::Lang::Zh),
                    format!("`{{{name}}}` names no variable"),
                    "declare it under `variables` or fix the spelling",
                ));
            }
        }
    }
    for variable in &raw.variables {
        if variable.zh.is_empty()
            || (!variable.en.is_empty() && variable.en.len() != variable.zh.len())
        {
            problems.push(file.problem_at_field(
                "name",
                &variable.name,
                format!(
                    "variable `{}` needs values, and as many en as zh",
                    variable.name
                ),
                "list at least one zh value; leave en empty or give one per zh value",
            ));
        }
    }
    if raw.persona.temperaments.is_empty() {
        problems.push(file.problem_at(
            file.text.find("temperaments").unwrap_or(0),
            "the persona has no temperament",
            "list at least one, e.g. `temperaments: [Calm, Irritable]`",
        ));
    }
    if !(1..=5).contains(&raw.difficulty) {
        problems.push(file.problem_at(
            file.text.find("difficulty").unwrap_or(0),
            format!("difficulty {} is out of range", raw.difficulty),
            "use 1 (first week) to 5 (experienced staff)",
        ));
    }
    for (field, fact) in &raw.facts {
        let expected = rules
            .field_rule(*field)
            .filter(|rule| rule.drill)
            .map(|rule| rule.check);
        let fits = matches!(
            (expected, fact),
            (Some(FieldCheck::Keywords), Fact::Mentions(_))
                | (
                    Some(
                        FieldCheck::Phone
                            | FieldCheck::Unit
                            | FieldCheck::Name
                            | FieldCheck::Present
                    ),
                    Fact::Says(_)
                )
        );
        if !fits {
            problems.push(file.problem_at(
                file.text.find(field.name()).unwrap_or(0),
                format!("fact {} does not fit the rule set's drill field", field.name()),
                "use Says(..) for name, unit and phone, Mentions([..]) for place and content; only drill fields take facts",
            ));
        }
    }
}
