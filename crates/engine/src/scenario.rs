//! Scenarios: the serde structs an author writes in RON, and the [`Scenario`] they become
//! once their structure is checked (references resolve, texts translated, values in range).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::flaw::{Flaw, Place};
use crate::model::{
    Category, Channel, Department, Level, Nature, RecordField, Step, Temperament, Urgency,
};
use crate::ranges::{self, out_of_range};
use crate::record::parse_datetime;
use crate::rules::{FieldCheck, RuleSet};
use crate::text::{Lang, Text, placeholders};

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
    /// The complaint's nature from here on: e.g. a consultation answered badly becomes an
    /// effective complaint (DOMAIN §2). The record's nature is checked against it.
    #[serde(default)]
    pub turns_nature: Option<Nature>,
    /// A breach graver than its critical rule's usual one (30,000 yuan agreed on the spot,
    /// not a small fee waived): the highest overall a run that picks it can get.
    #[serde(default)]
    pub ceiling: Option<u32>,
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
    /// What the expert writes in a free-text field in an English run, by field, e.g.
    /// `{ ComplainantName: "Mr {surname}", Place: "…" }`: every `Fill` of that field on the
    /// expert path takes it in English. A field left out is written as in Chinese.
    #[serde(default)]
    pub expert_en: BTreeMap<RecordField, String>,
}

/// A validated scenario: node references resolved to indices. The RON shape stays private;
/// callers ask for what they need by name, as with [`RuleSet`].
#[derive(Debug, Clone)]
pub struct Scenario {
    raw: RawScenario,
    start: usize,
    /// Where the conversation resumes at the callback (W-8), if the scenario scripts it.
    callback: Option<usize>,
    /// `targets[node][option]` is the index of the option's next node.
    targets: Vec<Vec<usize>>,
    node_index: HashMap<String, usize>,
    start_minute: i64,
    /// Every rule some option `satisfies`: found once here, read on every score.
    satisfiable: HashSet<String>,
}

impl Scenario {
    /// Checks the structure of a parsed scenario against a rule set: every reference resolves,
    /// every text is translated, every value is in range. Only checks; playing the expert path
    /// is the work of the checks above the session. `Err` lists every flaw found.
    pub fn from_raw(raw: RawScenario, rules: &RuleSet) -> Result<Scenario, Vec<Flaw>> {
        let mut flaws = Vec::new();
        let node_index = index_nodes(&raw, &mut flaws);
        let start = resolve_node(&node_index, ("start", "start"), &raw.start, &mut flaws);
        let callback = raw.resolution.callback_node.as_ref().and_then(|id| {
            resolve_node(&node_index, ("callback_node", "callback"), id, &mut flaws)
        });
        let targets = resolve_options(&raw, &node_index, rules, &mut flaws);
        let start_minute = parse_datetime(&raw.start_time).unwrap_or_else(|| {
            flaws.push(Flaw::error(
                Place::field("start_time", &raw.start_time),
                format!("`{}` is not a date and time", raw.start_time),
                "write it as YYYY-MM-DD HH:MM",
            ));
            0
        });
        check_content(&raw, rules, &mut flaws);
        check_expert_en(&raw, &mut flaws);
        check_ids(&raw, &mut flaws);
        check_numbers(&raw, &mut flaws);
        if flaws.iter().any(Flaw::is_error) {
            return Err(flaws);
        }
        Ok(Scenario {
            satisfiable: satisfiable_rules(&raw),
            raw,
            start: start.unwrap_or(0),
            callback,
            targets,
            node_index,
            start_minute,
        })
    }

    pub fn id(&self) -> &str {
        &self.raw.id
    }

    /// Raised when the scenario's content changes, so saved runs can tell they were played
    /// on another version.
    pub fn version(&self) -> u32 {
        self.raw.version
    }

    pub fn title(&self) -> &Text {
        &self.raw.title
    }

    /// What the trainee reads before the owner speaks.
    pub fn briefing(&self) -> &Text {
        &self.raw.briefing
    }

    pub fn category(&self) -> Category {
        self.raw.category
    }

    pub fn nature(&self) -> Nature {
        self.raw.nature
    }

    pub fn channel(&self) -> Channel {
        self.raw.channel
    }

    /// 1 (first week) to 5 (experienced staff).
    pub fn difficulty(&self) -> u8 {
        self.raw.difficulty
    }

    /// Which seed document and case the scenario is built from.
    pub fn source(&self) -> &str {
        &self.raw.source
    }

    /// Several owners complain together (a group complaint).
    pub fn is_group(&self) -> bool {
        self.raw.group
    }

    /// The problem is found on inspection, not reported by an owner.
    pub fn is_implicit(&self) -> bool {
        self.raw.implicit
    }

    /// How the owner is addressed, with `{placeholders}` for the seeded variant.
    pub fn owner_name(&self) -> &Text {
        &self.raw.persona.name
    }

    /// The temperaments a seed draws from (at least one).
    pub fn temperaments(&self) -> &[Temperament] {
        &self.raw.persona.temperaments
    }

    /// The owner's mood at the start, before the temperament's offset.
    pub fn start_mood(&self) -> i32 {
        self.raw.persona.start_mood
    }

    /// The lists seeded variants draw from.
    pub fn variables(&self) -> &[Variable] {
        &self.raw.variables
    }

    /// What the owner actually says a record field holds, if the form checks it.
    pub fn fact(&self, field: RecordField) -> Option<&Fact> {
        self.raw.facts.get(&field)
    }

    /// How the case must be resolved: departments, urgency, escalation, waived steps.
    pub fn resolution(&self) -> &Resolution {
        &self.raw.resolution
    }

    /// The path an expert takes, with `{placeholders}` not yet filled.
    pub fn expert_path(&self) -> &[Action] {
        &self.raw.expert_path
    }

    /// The expert path as written in `lang`, `{placeholders}` not yet filled: in English,
    /// each `Fill` of a field `expert_en` gives takes that value.
    pub fn expert_path_in(&self, lang: Lang) -> Vec<Action> {
        self.raw
            .expert_path
            .iter()
            .map(|action| match (action, lang) {
                (Action::Fill(field, value), Lang::En) => {
                    let english = self.expert_en(*field).unwrap_or(value);
                    Action::Fill(*field, english.to_owned())
                }
                (other, _) => other.clone(),
            })
            .collect()
    }

    /// What the expert writes in `field` in an English run, if the scenario says.
    pub fn expert_en(&self, field: RecordField) -> Option<&str> {
        self.raw.expert_en.get(&field).map(String::as_str)
    }

    /// Simulated minutes from the Unix epoch (local time) at which the complaint comes in.
    pub fn start_minute(&self) -> i64 {
        self.start_minute
    }

    /// The node the owner opens with.
    pub fn start_node(&self) -> usize {
        self.start
    }

    /// Where the conversation resumes when the trainee calls the owner back (W-8).
    pub fn callback_node(&self) -> Option<usize> {
        self.callback
    }

    pub fn node(&self, index: usize) -> &Node {
        &self.raw.nodes[index]
    }

    pub fn nodes(&self) -> &[Node] {
        &self.raw.nodes
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

    /// Nodes from which some end node can be reached, by a breadth-first search backwards
    /// from the end nodes (a fixed-point loop took 13 s on an 80,000-node chain).
    pub fn can_finish(&self) -> Vec<bool> {
        let mut sources = vec![Vec::new(); self.node_count()];
        for (node, targets) in self.targets.iter().enumerate() {
            for &target in targets {
                sources[target].push(node);
            }
        }
        let mut finishes: Vec<bool> = self.raw.nodes.iter().map(|node| node.end).collect();
        let mut queue: VecDeque<usize> = (0..self.node_count()).filter(|&n| finishes[n]).collect();
        while let Some(node) = queue.pop_front() {
            for &source in &sources[node] {
                if !finishes[source] {
                    finishes[source] = true;
                    queue.push_back(source);
                }
            }
        }
        finishes
    }

    /// Whether some option of the scenario `satisfies` `rule`: a trainee can show it here.
    pub fn offers(&self, rule: &str) -> bool {
        self.satisfiable.contains(rule)
    }

    /// Every bilingual text in the scenario, for translation and glyph checks.
    pub fn texts(&self) -> Vec<&Text> {
        all_texts(&self.raw)
    }
}

/// The rules the options of `raw` satisfy.
fn satisfiable_rules(raw: &RawScenario) -> HashSet<String> {
    raw.nodes
        .iter()
        .flat_map(|node| &node.options)
        .flat_map(|option| option.satisfies.iter().cloned())
        .collect()
}

/// Node ids to positions; a duplicate id is a flaw.
fn index_nodes(raw: &RawScenario, flaws: &mut Vec<Flaw>) -> HashMap<String, usize> {
    let mut node_index = HashMap::with_capacity(raw.nodes.len());
    for (position, node) in raw.nodes.iter().enumerate() {
        if node_index.insert(node.id.clone(), position).is_some() {
            flaws.push(Flaw::error(
                Place::field("id", &node.id),
                format!("node `{}` is defined twice", node.id),
                "give each node its own id",
            ));
        }
    }
    node_index
}

/// The node a top-level field (`start`, `callback_node`) names; a missing one is a flaw.
fn resolve_node(
    node_index: &HashMap<String, usize>,
    (field, role): (&'static str, &str),
    id: &str,
    flaws: &mut Vec<Flaw>,
) -> Option<usize> {
    let found = node_index.get(id).copied();
    if found.is_none() {
        flaws.push(Flaw::error(
            Place::field(field, id),
            format!("the {role} node `{id}` does not exist"),
            format!("set `{field}` to the id of one of the nodes"),
        ));
    }
    found
}

/// `targets[node][option]`; duplicate option ids, dangling `next`s and unknown rules are flaws.
fn resolve_options(
    raw: &RawScenario,
    node_index: &HashMap<String, usize>,
    rules: &RuleSet,
    flaws: &mut Vec<Flaw>,
) -> Vec<Vec<usize>> {
    let mut targets = Vec::with_capacity(raw.nodes.len());
    for node in &raw.nodes {
        let mut seen = HashSet::new();
        let mut node_targets = Vec::with_capacity(node.options.len());
        for option in &node.options {
            if !seen.insert(option.id.as_str()) {
                flaws.push(Flaw::error(
                    Place::field("id", &option.id),
                    format!("node `{}` has two options with id `{}`", node.id, option.id),
                    "give each option of a node its own id",
                ));
            }
            node_targets.push(resolve_next(node, option, node_index, flaws));
            check_cited_rules(node, option, rules, flaws);
        }
        targets.push(node_targets);
    }
    targets
}

fn resolve_next(
    node: &Node,
    option: &Choice,
    node_index: &HashMap<String, usize>,
    flaws: &mut Vec<Flaw>,
) -> usize {
    node_index.get(&option.next).copied().unwrap_or_else(|| {
        flaws.push(Flaw::error(
            Place::path(&[("id", &node.id), ("id", &option.id), ("next", &option.next)]),
            format!(
                "option `{}` of node `{}` leads to `{}`, which does not exist",
                option.id, node.id, option.next
            ),
            "point `next` at an existing node id, or add that node",
        ));
        usize::MAX
    })
}

fn check_cited_rules(node: &Node, option: &Choice, rules: &RuleSet, flaws: &mut Vec<Flaw>) {
    let cited = (option.satisfies.iter().map(|r| ("satisfies", r)))
        .chain(option.breaks.iter().map(|r| ("breaks", r)));
    for (field, rule) in cited {
        if !rules.has_rule(rule) {
            flaws.push(Flaw::error(
                Place::path(&[("id", &node.id), ("id", &option.id), (field, rule)]),
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

/// Each English value of the expert path is for a field the path fills, and names only
/// declared variables.
fn check_expert_en(raw: &RawScenario, flaws: &mut Vec<Flaw>) {
    let known: HashSet<&str> = raw.variables.iter().map(|v| v.name.as_str()).collect();
    let filled: HashSet<RecordField> = raw
        .expert_path
        .iter()
        .filter_map(|action| match action {
            Action::Fill(field, _) => Some(*field),
            _ => None,
        })
        .collect();
    for (field, value) in &raw.expert_en {
        let name = field.name();
        if !filled.contains(field) {
            flaws.push(Flaw::error(
                Place::field(name, value),
                format!("`expert_en` gives {name} an English value, but the expert path never fills {name}"),
                format!("remove {name} from `expert_en`, or add `Fill({name}, \"…\")` to `expert_path`"),
            ));
        }
        for unknown in placeholders(value).filter(|name| !known.contains(name)) {
            flaws.push(Flaw::error(
                Place::field(name, value),
                format!("`{{{unknown}}}` in the English value of {name} names no variable"),
                "declare it under `variables` or fix the spelling",
            ));
        }
    }
}

/// The scenario's, nodes' and options' ids: kebab-case ASCII of bounded length, because ids
/// become parts of file names and database keys.
fn check_ids(raw: &RawScenario, flaws: &mut Vec<Flaw>) {
    flaws.extend(ranges::id_flaw(
        "scenario",
        &raw.id,
        Place::field("id", &raw.id),
    ));
    for node in &raw.nodes {
        flaws.extend(ranges::id_flaw(
            "node",
            &node.id,
            Place::field("id", &node.id),
        ));
        for option in &node.options {
            let place = Place::path(&[("id", &node.id), ("id", &option.id)]);
            flaws.extend(ranges::id_flaw("option", &option.id, place));
        }
    }
}

/// Every number within the range the domain makes sense of.
fn check_numbers(raw: &RawScenario, flaws: &mut Vec<Flaw>) {
    let top = |field| Place::number(&[], field);
    flaws.extend(
        [
            out_of_range("version", raw.version, &ranges::VERSION, top("version")),
            out_of_range(
                "difficulty",
                raw.difficulty,
                &ranges::DIFFICULTY,
                top("difficulty"),
            ),
            out_of_range(
                "start mood",
                raw.persona.start_mood,
                &ranges::MOOD,
                top("start_mood"),
            ),
            out_of_range(
                "repair hours",
                raw.resolution.repair_hours,
                &ranges::HOURS,
                top("repair_hours"),
            ),
        ]
        .into_iter()
        .flatten(),
    );
    for node in &raw.nodes {
        for option in &node.options {
            let within = [("id", node.id.as_str()), ("id", option.id.as_str())];
            let place = |field| Place::number(&within, field);
            let mood = out_of_range(
                "mood change",
                option.mood,
                &ranges::MOOD_CHANGE,
                place("mood"),
            );
            let minutes = out_of_range(
                "minutes",
                option.minutes,
                &ranges::EXCHANGE_MINUTES,
                place("minutes"),
            );
            let ceiling = option.ceiling.and_then(|ceiling| {
                out_of_range("ceiling", ceiling, &ranges::POINTS, place("ceiling"))
            });
            flaws.extend(mood.into_iter().chain(minutes).chain(ceiling));
        }
    }
}

/// Checks that need no graph: translations, placeholders, variables, facts.
fn check_content(raw: &RawScenario, rules: &RuleSet, flaws: &mut Vec<Flaw>) {
    let known: HashSet<&str> = raw.variables.iter().map(|v| v.name.as_str()).collect();
    for text in all_texts(raw) {
        for lang in text.missing() {
            let present = if text.zh.trim().is_empty() {
                &text.en
            } else {
                &text.zh
            };
            flaws.push(Flaw::error(
                Place::literal(present),
                format!("missing {lang:?} translation"),
                "write the text in both zh and en",
            ));
        }
        for name in placeholders(&text.zh).chain(placeholders(&text.en)) {
            if !known.contains(name) {
                flaws.push(Flaw::error(
                    Place::literal(text.get(Lang::Zh)),
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
            flaws.push(Flaw::error(
                Place::field("name", &variable.name),
                format!(
                    "variable `{}` needs values, and as many en as zh",
                    variable.name
                ),
                "list at least one zh value; leave en empty or give one per zh value",
            ));
        }
    }
    if raw.persona.temperaments.is_empty() {
        flaws.push(Flaw::error(
            Place::word("temperaments"),
            "the persona has no temperament",
            "list at least one, e.g. `temperaments: [Calm, Irritable]`",
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
            flaws.push(Flaw::error(
                Place::word(field.name()),
                format!("fact {} does not fit the rule set's drill field", field.name()),
                "use Says(..) for name, unit and phone, Mentions([..]) for place and content; only drill fields take facts",
            ));
        }
    }
}
