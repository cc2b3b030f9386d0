//! Lints on a structurally valid scenario: unreachable nodes, dead ends, tags of rules only
//! the engine raises (from the form and the clock), and an expert path that must score 100
//! with no findings under every variant tried and write on the form only what the trainee
//! was shown (an owner line or the owner's name said it first). Lints play the scenario, so
//! they sit above the session and scoring; [`crate::scenario`] only checks.

use std::cell::OnceCell;
use std::sync::Arc;

use crate::action::Action;
use crate::flaw::{Flaw, Place};
use crate::model::RecordField;
use crate::record::{normalise, phone_digits, same_unit, unit_key};
use crate::rules::{FieldCheck, RuleSet};
use crate::scenario::{Fact, Node, Scenario};
use crate::scoring::score;
use crate::session::{Event, Session};
use crate::text::{Lang, fill_placeholders};

/// Seeds the expert path is played with; several, so that variant values are exercised.
const EXPERT_SEEDS: [u64; 3] = [0, 1, 2];

/// Every lint flaw of `scenario`; the expert path is played only if the graph is sound.
pub fn lint(scenario: &Arc<Scenario>, rules: &Arc<RuleSet>) -> Vec<Flaw> {
    let mut flaws = graph_flaws(scenario);
    if flaws.is_empty() {
        flaws.extend(form_and_clock_tags(scenario, rules));
        flaws.extend(expert_path_flaws(scenario, rules));
    }
    flaws
}

/// A tag of a rule only the record form or the clock can break (P-06, H-6, P-11): the
/// engine raises it by itself from the form and the times, so a tag on something said
/// would count a form mistake the trainee did not make.
fn form_and_clock_tags(scenario: &Scenario, rules: &RuleSet) -> Vec<Flaw> {
    let only_by_engine = rules.raised_only_from_form_and_clock();
    let mut flaws = Vec::new();
    for node in scenario.nodes() {
        for option in &node.options {
            for rule in option
                .breaks
                .iter()
                .filter(|r| only_by_engine.contains(&r.as_str()))
            {
                flaws.push(Flaw::warning(
                    Place::path(&[("id", &node.id), ("id", &option.id)]),
                    format!(
                        "option `{}` tags {rule}, which only the record form or the clock can break: the engine raises it by itself",
                        option.id
                    ),
                    format!("remove {rule} from `breaks`; tag the rule the words break"),
                ));
            }
        }
    }
    flaws
}

fn graph_flaws(scenario: &Scenario) -> Vec<Flaw> {
    let reachable = scenario.reachable();
    let finishes = scenario.can_finish();
    let mut flaws = Vec::new();
    for (index, node) in scenario.nodes().iter().enumerate() {
        let at_node =
            |message: String, help: &str| Flaw::error(Place::field("id", &node.id), message, help);
        if !reachable[index] {
            flaws.push(at_node(
                format!("node `{}` cannot be reached from the start", node.id),
                "lead an option's `next` to it, or delete it",
            ));
        }
        if let Some((message, help)) = exit_flaw(node, finishes[index]) {
            flaws.push(at_node(message, help));
        }
    }
    flaws
}

/// A node that cannot end the conversation, or an end node with options.
fn exit_flaw(node: &Node, finishes: bool) -> Option<(String, &'static str)> {
    let id = &node.id;
    if !node.end && node.options.is_empty() {
        Some((
            format!("node `{id}` is a dead end: no options and not an end"),
            "add options, or mark it `end: true`",
        ))
    } else if !finishes {
        Some((
            format!("no end node can be reached from node `{id}`"),
            "give it a way out to a node with `end: true`",
        ))
    } else if node.end && !node.options.is_empty() {
        Some((
            format!("end node `{id}` has options that can never be chosen"),
            "remove the options or `end: true`",
        ))
    } else {
        None
    }
}

/// Plays the expert path under each seed, in both languages: it must play, score 100 with
/// no findings, and write on the form only what the trainee was shown.
fn expert_path_flaws(scenario: &Arc<Scenario>, rules: &Arc<RuleSet>) -> Vec<Flaw> {
    let at = || Place::word("expert_path");
    let mut untold = Vec::new();
    for seed in EXPERT_SEEDS {
        let probe = Session::new(Arc::clone(scenario), Arc::clone(rules), seed);
        for lang in Lang::ALL {
            let played = match probe.expert_run_in(lang) {
                Ok(session) => session,
                Err((index, error)) => {
                    return vec![Flaw::error(
                        at(),
                        format!(
                            "expert path action {} fails ({}): {error}",
                            index + 1,
                            lang.code()
                        ),
                        "make the expert path a valid walk through the nodes",
                    )];
                }
            };
            if let Some(flaw) = short_of_100(&played, seed, lang) {
                return vec![flaw];
            }
            untold.extend(untold_in(&played).into_iter().map(|fill| (seed, fill)));
        }
    }
    let mut flaws = untold_fill_flaws(scenario, untold);
    flaws.extend(untranslated_fills(scenario));
    flaws
}

/// The flaw of an expert run that scores less than 100 or has findings.
fn short_of_100(played: &Session, seed: u64, lang: Lang) -> Option<Flaw> {
    let result = score(played);
    if result.overall == 100 && result.findings.is_empty() {
        return None;
    }
    let findings: Vec<String> = result
        .findings
        .iter()
        .map(|f| format!("{} ({})", f.rule, f.explain(Some(played), Lang::En)))
        .collect();
    let written_in = match lang {
        Lang::Zh => "",
        Lang::En => ", its English values,",
    };
    Some(Flaw::error(
        Place::word("expert_path"),
        format!(
            "the best path cannot reach 100: the expert path{written_in} scores {} with seed {seed}: {}",
            result.overall,
            findings.join("; ")
        ),
        "fix the expert path (or the scenario, or `expert_en`) so it breaks no rule and fills the form right",
    ))
}

/// The Unicode blocks Chinese text is written in: CJK punctuation (、。《》), the ideographs
/// (with extension A and the compatibility block), and the fullwidth forms a Chinese input
/// method types (，；：（）).
const CHINESE: [std::ops::RangeInclusive<char>; 5] = [
    '\u{3000}'..='\u{303F}',
    '\u{3400}'..='\u{4DBF}',
    '\u{4E00}'..='\u{9FFF}',
    '\u{F900}'..='\u{FAFF}',
    '\u{FF01}'..='\u{FF65}',
];

/// Whether `text` holds a Chinese character or Chinese punctuation.
pub fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| CHINESE.iter().any(|block| block.contains(&c)))
}

/// `template` as an English run writes it, without the values of variables that have no
/// English list: a name with no English spelling is not the expert's to translate.
fn english_words(scenario: &Scenario, template: &str) -> String {
    fill_placeholders(template, |name| {
        let variable = scenario.variables().iter().find(|v| v.name == name)?;
        Some(variable.en.first().map_or("", String::as_str))
    })
}

/// Each free-text fill of the expert path that an English run would still write in Chinese
/// (its words hold Chinese and `expert_en` gives the field nothing): the expert path shown
/// in English would show Chinese. A warning: libraries written before `expert_en` keep
/// loading; `validate --strict` fails on it.
fn untranslated_fills(scenario: &Scenario) -> Vec<Flaw> {
    let mut flagged: Vec<RecordField> = Vec::new();
    let mut flaws = Vec::new();
    for (index, action) in scenario.expert_path().iter().enumerate() {
        let Action::Fill(field, value) = action else {
            continue;
        };
        if field.is_choice()
            || scenario.expert_en(*field).is_some()
            || flagged.contains(field)
            || !has_chinese(&english_words(scenario, value))
        {
            continue;
        }
        flagged.push(*field);
        flaws.push(Flaw::warning(
            Place::word("expert_path"),
            format!(
                "expert path action {} fills {} with `{value}` in English runs too: it has no English value",
                index + 1,
                field.name()
            ),
            format!(
                "add `expert_en: {{ {}: \"…\" }}` with what the expert writes in English (it must still mention the fact's key points)",
                field.name()
            ),
        ));
    }
    flaws
}

/// A fill of the expert path the trainee could not have made: the owner never showed the
/// value (a phone number the app only notes as "told"), so the lesson cannot be won from
/// what the trainee reads. A warning, not an error: the file still plays (the run reveals
/// the fact), and libraries written before this lint keep loading; `validate --strict`
/// fails on it. One per field, from the first seed that shows it.
fn untold_fill_flaws(scenario: &Scenario, untold: Vec<(u64, UntoldFill)>) -> Vec<Flaw> {
    let mut flaws = Vec::new();
    let mut flagged: Vec<RecordField> = Vec::new();
    for (seed, untold) in untold {
        if flagged.contains(&untold.field) {
            continue;
        }
        flagged.push(untold.field);
        let template = match scenario.fact(untold.field) {
            Some(Fact::Says(template)) => template.as_str(),
            _ => untold.value.as_str(),
        };
        let langs: Vec<&str> = untold.langs.iter().map(|lang| lang.code()).collect();
        flaws.push(Flaw::warning(
            Place::word("expert_path"),
            format!(
                "expert path action {} fills {} with `{}` (seed {seed}), but no owner line before it says it ({}): a trainee cannot know it",
                untold.action + 1,
                untold.field.name(),
                untold.value,
                langs.join(", "),
            ),
            format!(
                "have the owner say {template} in a line before the form is filled, in both languages (e.g. the reply to the option that reveals {})",
                untold.field.name()
            ),
        ));
    }
    flaws
}

/// A fact the expert path writes on the form that no line the trainee read had shown: the
/// owner's [`Fact::Says`] value for a field, filled before the owner said it in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntoldFill {
    /// The index of the `Fill` in the expert path.
    pub action: usize,
    pub field: RecordField,
    /// The value filled, with this run's variant.
    pub value: String,
    /// The languages in which nothing the trainee read before the fill showed it.
    pub langs: Vec<Lang>,
}

/// Every `Fill` of the expert path, played with `seed`, of a field the owner `Says` that the
/// trainee was not shown before it, in each language: the value (or what the owner said
/// the field holds, [`Session::owner_told`]) must appear in an owner line the path passed
/// through, or in the owner's name on the card. An expert path that does not play gives
/// none: the expert-path lint reports it.
pub fn untold_fills(scenario: &Arc<Scenario>, rules: &Arc<RuleSet>, seed: u64) -> Vec<UntoldFill> {
    Session::new(Arc::clone(scenario), Arc::clone(rules), seed)
        .expert_run()
        .map(|played| untold_in(&played))
        .unwrap_or_default()
}

/// The untold fills of a played run, read from its history: the owner's lines in the order
/// they were said, and each `Fill` (its [`Event::FieldFilled`]) where it came.
fn untold_in(played: &Session) -> Vec<UntoldFill> {
    let scenario = played.scenario();
    let fills: Vec<(usize, RecordField, &str)> = played
        .actions()
        .enumerate()
        .filter_map(|(index, action)| match action {
            Action::Fill(field, value) => Some((index, *field, value.as_str())),
            _ => None,
        })
        .collect();
    let mut heard = Heard::new(played, &fills);
    heard.listen(&played.render(scenario.owner_name(), Lang::Zh), Lang::Zh);
    heard.listen(&played.render(scenario.owner_name(), Lang::En), Lang::En);
    let mut fills = fills.into_iter();
    let mut untold = Vec::new();
    for event in played.history() {
        match event {
            Event::OwnerSpoke { node } => {
                for lang in Lang::ALL {
                    if heard.waits_for(lang) {
                        heard.listen(&played.render(&scenario.node(*node).owner, lang), lang);
                    }
                }
            }
            Event::FieldFilled(_) => {
                let Some((action, field, value)) = fills.next() else {
                    continue;
                };
                if !matches!(scenario.fact(field), Some(Fact::Says(_))) {
                    continue;
                }
                let langs: Vec<Lang> = Lang::ALL
                    .into_iter()
                    .filter(|&lang| heard.untold(field, lang, value))
                    .collect();
                if !langs.is_empty() {
                    untold.push(UntoldFill {
                        action,
                        field,
                        value: value.to_owned(),
                        langs,
                    });
                }
            }
            _ => {}
        }
    }
    untold
}

/// A value the trainee must be shown, in one language, and whether a line has shown it.
struct Needle {
    field: RecordField,
    lang: Lang,
    check: Option<FieldCheck>,
    text: String,
    normalised: String,
    digits: String,
    groups: Vec<String>,
    /// The fact's own value (what [`Session::owner_told`] gives), not only one fill's.
    is_fact: bool,
    shown: bool,
}

/// What the trainee has been shown so far, kept as the values still waited for: each fill
/// of a field the owner `Says`, and the fact's own value, in each language.
struct Heard {
    needles: Vec<Needle>,
}

impl Heard {
    fn new(played: &Session, fills: &[(usize, RecordField, &str)]) -> Heard {
        let scenario = played.scenario();
        let mut needles: Vec<Needle> = Vec::new();
        for &(_, field, value) in fills {
            let Some(Fact::Says(template)) = scenario.fact(field) else {
                continue;
            };
            let check = played.rules().field_rule(field).map(|rule| rule.check);
            for lang in Lang::ALL {
                for (text, is_fact) in [
                    (played.fill(template, lang), true),
                    (value.to_owned(), false),
                ] {
                    let known = needles
                        .iter_mut()
                        .find(|n| n.field == field && n.lang == lang && n.text == text);
                    match known {
                        Some(needle) => needle.is_fact |= is_fact,
                        None => needles.push(Needle {
                            field,
                            lang,
                            check,
                            normalised: normalise(&text),
                            digits: phone_digits(&text),
                            groups: unit_key(&text),
                            text,
                            is_fact,
                            shown: false,
                        }),
                    }
                }
            }
        }
        Heard { needles }
    }

    /// Whether a line in `lang` could still show something: once everything has been
    /// shown, lines need not be rendered.
    fn waits_for(&self, lang: Lang) -> bool {
        self.needles.iter().any(|n| n.lang == lang && !n.shown)
    }

    fn listen(&mut self, line: &str, lang: Lang) {
        let line = LineView::new(line);
        for needle in self
            .needles
            .iter_mut()
            .filter(|n| n.lang == lang && !n.shown)
        {
            needle.shown = line.shows(needle);
        }
    }

    /// Whether neither `value` nor the fact's own value of `field` has been shown in `lang`.
    fn untold(&self, field: RecordField, lang: Lang, value: &str) -> bool {
        !self.needles.iter().any(|n| {
            n.field == field && n.lang == lang && n.shown && (n.is_fact || n.text == value)
        })
    }
}

/// One line the trainee read, prepared for comparing values with it. Its digits are
/// compared first, so most lines are never normalised: a value with digits (a unit, a
/// phone) can only be shown by a line holding each of its groups of digits.
struct LineView<'a> {
    text: &'a str,
    digits: String,
    normalised: OnceCell<String>,
}

impl LineView<'_> {
    fn new(text: &str) -> LineView<'_> {
        LineView {
            text,
            digits: text.chars().filter_map(digit).collect(),
            normalised: OnceCell::new(),
        }
    }

    /// Whether the line shows the needle's value: as normalised text, a phone by its digits,
    /// a unit by its parts however the line writes it.
    fn shows(&self, needle: &Needle) -> bool {
        if !needle
            .groups
            .iter()
            .all(|group| self.digits.contains(group.as_str()))
        {
            return false;
        }
        let normalised = self.normalised.get_or_init(|| normalise(self.text));
        if !needle.normalised.is_empty() && normalised.contains(&needle.normalised) {
            return true;
        }
        match needle.check {
            Some(FieldCheck::Phone) => {
                !needle.digits.is_empty()
                    && self
                        .text
                        .split(|c: char| !is_phone_char(c))
                        .any(|number| phone_digits(number).contains(&needle.digits))
            }
            Some(FieldCheck::Unit) => {
                !needle.groups.is_empty()
                    && clauses(self.text).any(|clause| mentions_unit(clause, &needle.text))
            }
            _ => false,
        }
    }
}

/// A digit, halfwidth or fullwidth (as a Chinese input method types it), as ASCII.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// A digit, or what may stand inside a written phone number (`+86 138-1234 5678`).
fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || " -+()（）－\u{3000}".contains(c)
}

/// The clauses of a line, split where no address continues (a Chinese comma, a full stop,
/// an English full stop before a space); an English comma may stand inside an address
/// (`Bldg 5, Unit 2, #1102`) and is left for [`mentions_unit`].
fn clauses(line: &str) -> impl Iterator<Item = &str> {
    line.split([
        '。', '，', '；', ';', '！', '!', '？', '?', '、', '：', '\n',
    ])
    .flat_map(|clause| clause.split(". "))
}

/// Whether a run of the comma-separated pieces of `clause` names the same unit as `value`.
fn mentions_unit(clause: &str, value: &str) -> bool {
    let pieces: Vec<&str> = clause.split(',').collect();
    (0..pieces.len()).any(|start| {
        (start + 1..=pieces.len()).any(|end| same_unit(&pieces[start..end].join(","), value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(check: FieldCheck, text: &str) -> Needle {
        Needle {
            field: RecordField::Phone,
            lang: Lang::Zh,
            check: Some(check),
            text: text.to_owned(),
            normalised: normalise(text),
            digits: phone_digits(text),
            groups: unit_key(text),
            is_fact: true,
            shown: false,
        }
    }

    fn shows(line: &str, check: FieldCheck, value: &str) -> bool {
        LineView::new(line).shows(&needle(check, value))
    }

    #[test]
    fn a_phone_is_shown_however_the_line_spaces_it() {
        let phone = "13800005127";
        assert!(shows("我电话是13800005127。", FieldCheck::Phone, phone));
        assert!(shows(
            "My number is +86 138-0000 5127.",
            FieldCheck::Phone,
            phone
        ));
        assert!(shows(
            "电话１３８００００５１２７",
            FieldCheck::Phone,
            phone
        ));
        assert!(!shows(
            "我住5栋2单元1102,电话打物业吧。",
            FieldCheck::Phone,
            phone
        ));
        // Digits in different places of the line are not one number.
        assert!(!shows("138 0000, then 5127", FieldCheck::Phone, phone));
    }

    #[test]
    fn a_unit_is_shown_in_either_language_and_within_a_longer_sentence() {
        let unit = "5栋2单元1102";
        assert!(shows(
            "我姓王,家是5栋2单元1102,电话…",
            FieldCheck::Unit,
            unit
        ));
        assert!(shows(
            "The name's Wang, Bldg 5, Unit 2, #1102. My number is 138.",
            FieldCheck::Unit,
            unit
        ));
        assert!(!shows("你好,我住5栋2单元。", FieldCheck::Unit, unit));
        assert!(!shows(
            "I live in Building 5, Unit 2.",
            FieldCheck::Unit,
            unit
        ));
    }

    #[test]
    fn chinese_is_found_in_ideographs_and_in_chinese_punctuation_but_not_in_english() {
        assert!(has_chinese("Bldg 5 单元门"));
        assert!(has_chinese("Door broken；"));
        assert!(has_chinese("《记录表》"));
        assert!(!has_chinese(
            "Bldg 5, Unit 2, #1102: \"won't close\" (since Monday)"
        ));
        assert!(!has_chinese("Café, 3–5 pm"));
    }

    #[test]
    fn a_name_is_shown_as_normalised_text() {
        assert!(shows("Ms Hu", FieldCheck::Name, "Hu"));
        assert!(shows("胡女士", FieldCheck::Name, "胡"));
        assert!(!shows("Ms Guo", FieldCheck::Name, "Hu"));
    }
}
