//! Drills: a supervisor's set of scenarios for named trainees or a team, with a mode, a seed
//! plan, pass marks and a due date (`drills/*.ron`), and the roster of teams beside them
//! (`drills/teams.ron`).
//!
//! As with [`RuleSet`] and [`Scenario`], a file is read into its RON form ([`RawDrill`],
//! [`RawRoster`]) and checked once into the validated type ([`Drill`], [`Roster`]); callers
//! ask the validated type by name. Checking resolves the drill's picks ("any scenario of
//! category Fees") against a library's scenarios into the concrete list its trainees play.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use chrono::NaiveDate;

use crate::coverage::rules_exercised;
use crate::flaw::{Flaw, Place};
use crate::model::{Category, Channel};
use crate::ranges::{self, id_flaw, out_of_range};
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::text::{Lang, Text};

/// A seed a supervisor types or reads out; per-trainee seeds are drawn from the same range.
pub const SEED: RangeInclusive<u64> = 0..=u32::MAX as u64;
/// Picks a drill lists, and scenarios they may resolve to: a drill is a refresher, not a course.
pub const PICKS: RangeInclusive<usize> = 1..=50;
pub const SCENARIOS: RangeInclusive<usize> = 1..=100;
/// Trainees a drill names, and members of one team.
pub const TRAINEES: RangeInclusive<usize> = 1..=500;
pub const TEAMS: RangeInclusive<usize> = 0..=200;
/// Characters of a title in each language, and of a trainee's or a team's name.
pub const TITLE_CHARS: RangeInclusive<usize> = 1..=120;
pub const NAME_CHARS: RangeInclusive<usize> = 1..=64;
/// Years a due date may fall in.
pub const DUE_YEARS: RangeInclusive<i32> = 2000..=2100;

/// Which scenarios a drill takes: one by id, or every scenario of a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pick {
    /// `Scenario("lift-entrapment")`.
    Scenario(String),
    /// Every scenario of this content category, e.g. `Category(Emergency)`.
    Category(Category),
    /// Every scenario reaching the office this way, e.g. `Channel(Phone)`.
    Channel(Channel),
    /// Every scenario that exercises this rule (cited by an option, or checked by the
    /// engine there, as `coverage` counts it), e.g. `Rule("H-5")`.
    Rule(String),
}

impl Pick {
    /// Whether `scenario` is one this pick takes.
    pub fn matches(&self, scenario: &Scenario, rules: &RuleSet) -> bool {
        match self {
            Pick::Scenario(id) => scenario.id() == id,
            Pick::Category(category) => scenario.category() == *category,
            Pick::Channel(channel) => scenario.channel() == *channel,
            Pick::Rule(rule) => rules_exercised(scenario, rules).contains(rule.as_str()),
        }
    }

    /// The ids of the scenarios this pick takes, sorted.
    pub fn matching<'a>(&self, scenarios: &'a [Arc<Scenario>], rules: &RuleSet) -> Vec<&'a str> {
        let mut ids: Vec<&str> = scenarios
            .iter()
            .filter(|scenario| self.matches(scenario, rules))
            .map(|scenario| scenario.id())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// As written in RON, e.g. `Category(Fees)`: what an error message names.
    pub fn written(&self) -> String {
        match self {
            Pick::Scenario(id) => format!("Scenario({id:?})"),
            Pick::Category(category) => format!("Category({})", category.name()),
            Pick::Channel(channel) => format!("Channel({})", channel.name()),
            Pick::Rule(rule) => format!("Rule({rule:?})"),
        }
    }

    /// Where the pick stands in its file.
    fn place(&self) -> Place {
        match self {
            Pick::Scenario(literal) | Pick::Rule(literal) => Place::literal(literal),
            Pick::Category(category) => Place::word(category.name()),
            Pick::Channel(channel) => Place::word(channel.name()),
        }
    }
}

/// How a drill is coached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DrillMode {
    /// Feedback after each choice, a choice may be retried; the best run of a scenario counts.
    #[default]
    Practice,
    /// No per-choice feedback and no retry; the first run of a scenario counts.
    Assessment,
}

impl DrillMode {
    /// As saved with a run in the results store.
    pub fn name(self) -> &'static str {
        match self {
            DrillMode::Practice => "practice",
            DrillMode::Assessment => "assessment",
        }
    }

    /// The mode [`DrillMode::name`] names.
    pub fn from_name(name: &str) -> Option<DrillMode> {
        [DrillMode::Practice, DrillMode::Assessment]
            .into_iter()
            .find(|mode| mode.name() == name)
    }
}

/// Which seed each trainee's runs are played with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeedPlan {
    /// One seed for everyone, so their runs meet the same owner and compare.
    Shared(u64),
    /// A seed per trainee, drawn from the drill's id and the trainee's name: the same on
    /// every rerun, different between trainees (so nobody copies a neighbour's answers).
    PerTrainee,
}

/// A score a drill's pass marks are set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Overall,
    Etiquette,
    Procedure,
    Record,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Overall,
        Dimension::Etiquette,
        Dimension::Procedure,
        Dimension::Record,
    ];

    /// The field's name in RON, and the label key of the core's string table.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Overall => "overall",
            Dimension::Etiquette => "etiquette",
            Dimension::Procedure => "procedure",
            Dimension::Record => "record",
        }
    }
}

/// The lowest score (0-100) that passes, per dimension; an unset one is not marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassMarks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etiquette: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u32>,
}

impl PassMarks {
    pub fn get(&self, dimension: Dimension) -> Option<u32> {
        match dimension {
            Dimension::Overall => self.overall,
            Dimension::Etiquette => self.etiquette,
            Dimension::Procedure => self.procedure,
            Dimension::Record => self.record,
        }
    }

    pub fn set(&mut self, dimension: Dimension, mark: Option<u32>) {
        *match dimension {
            Dimension::Overall => &mut self.overall,
            Dimension::Etiquette => &mut self.etiquette,
            Dimension::Procedure => &mut self.procedure,
            Dimension::Record => &mut self.record,
        } = mark;
    }

    /// The dimensions a run scoring `score_of` falls short on, in [`Dimension::ALL`] order.
    pub fn missed(&self, score_of: impl Fn(Dimension) -> u32) -> Vec<Dimension> {
        Dimension::ALL
            .into_iter()
            .filter(|dimension| {
                self.get(*dimension)
                    .is_some_and(|mark| score_of(*dimension) < mark)
            })
            .collect()
    }
}

/// Who a drill is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Assigned {
    /// `Trainees(["王芳", "A1024"])`: names or staff IDs, as typed on the start screen.
    Trainees(Vec<String>),
    /// `Team("front-desk-a")`: every member of a team of the roster.
    Team(String),
}

/// A drill as written in RON (`drills/<id>.ron`); the composer and `drill new` build one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Drill")]
pub struct RawDrill {
    pub id: String,
    pub title: Text,
    pub scenarios: Vec<Pick>,
    pub mode: DrillMode,
    pub seed: SeedPlan,
    #[serde(default)]
    pub pass: PassMarks,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub assigned: Assigned,
}

impl RawDrill {
    /// The drill as a RON file that [`Drill::from_raw`] (through the library) reads back.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::default()
            .struct_names(true)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        ron::ser::to_string_pretty(self, config).expect("a drill always serialises")
    }
}

/// The roster as written in RON (`drills/teams.ron`): `Roster(teams: { "name": [members] })`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Roster")]
pub struct RawRoster {
    pub teams: BTreeMap<String, Vec<String>>,
}

/// A checked roster: team names and members are names a person can read, none twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    raw: RawRoster,
}

impl Roster {
    pub fn from_raw(raw: RawRoster) -> Result<Roster, Vec<Flaw>> {
        let mut flaws = Vec::new();
        flaws.extend(count_flaw(
            "teams",
            raw.teams.len(),
            &TEAMS,
            Place::word("teams"),
        ));
        for (team, members) in &raw.teams {
            flaws.extend(name_flaw("team", team));
            let place = Place::literal(team);
            flaws.extend(count_flaw("members", members.len(), &TRAINEES, place));
            check_names(&format!("team `{team}`"), members, &mut flaws);
        }
        if flaws.is_empty() {
            Ok(Roster { raw })
        } else {
            Err(flaws)
        }
    }

    /// The members of `team`, `None` if the roster has no such team.
    pub fn team(&self, team: &str) -> Option<&[String]> {
        self.raw.teams.get(team).map(Vec::as_slice)
    }

    /// The first team (by name) that lists `trainee`: the team a free run is counted for.
    pub fn team_of(&self, trainee: &str) -> Option<&str> {
        self.raw
            .teams
            .iter()
            .find(|(_, members)| members.iter().any(|member| member == trainee))
            .map(|(team, _)| team.as_str())
    }

    /// The team names, sorted.
    pub fn team_names(&self) -> impl Iterator<Item = &str> {
        self.raw.teams.keys().map(String::as_str)
    }
}

/// What a drill is checked against: the library's scenarios, the rule set and the roster.
#[derive(Debug, Clone, Copy)]
pub struct DrillContext<'a> {
    pub scenarios: &'a [Arc<Scenario>],
    pub rules: &'a RuleSet,
    pub roster: &'a Roster,
}

/// A checked drill: its picks resolved to scenarios, its team to trainees, its date read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    raw: RawDrill,
    scenarios: Vec<String>,
    trainees: Vec<String>,
    due: NaiveDate,
}

impl Drill {
    /// Checks a parsed drill against a library: id, titles, every pick matching some
    /// scenario, numbers in range, the due date, the trainees or the roster's team. `Err`
    /// lists every flaw found (warnings too, when there is an error).
    pub fn from_raw(raw: RawDrill, context: &DrillContext) -> Result<Drill, Vec<Flaw>> {
        Drill::check(raw, context).and_then(|(drill, flaws)| {
            if flaws.is_empty() {
                Ok(drill)
            } else {
                Err(flaws)
            }
        })
    }

    /// As [`Drill::from_raw`], keeping the warnings of a drill that is valid.
    pub fn check(raw: RawDrill, context: &DrillContext) -> Result<(Drill, Vec<Flaw>), Vec<Flaw>> {
        let mut flaws = Vec::new();
        flaws.extend(id_flaw("drill", &raw.id, Place::field("id", &raw.id)));
        check_title(&raw.title, &mut flaws);
        let scenarios = resolve_picks(&raw.scenarios, context, &mut flaws);
        check_numbers(&raw, &mut flaws);
        let due = parse_date(&raw.due);
        if due.is_none() {
            flaws.push(Flaw::error(
                Place::field("due", &raw.due),
                format!("due date `{}` is not a date", raw.due.escape_debug()),
                format!(
                    "write it as YYYY-MM-DD, a real day from {} to {}, e.g. \"2026-12-20\"",
                    DUE_YEARS.start(),
                    DUE_YEARS.end()
                ),
            ));
        }
        let trainees = assigned_trainees(&raw.assigned, context.roster, &mut flaws);
        match due {
            Some(due) if !flaws.iter().any(Flaw::is_error) => Ok((
                Drill {
                    raw,
                    scenarios,
                    trainees,
                    due,
                },
                flaws,
            )),
            _ => Err(flaws),
        }
    }

    pub fn id(&self) -> &str {
        &self.raw.id
    }

    pub fn title(&self) -> &Text {
        &self.raw.title
    }

    pub fn mode(&self) -> DrillMode {
        self.raw.mode
    }

    pub fn seed_plan(&self) -> SeedPlan {
        self.raw.seed
    }

    /// The seed `trainee` plays every scenario of this drill with.
    pub fn seed_for(&self, trainee: &str) -> u64 {
        match self.raw.seed {
            SeedPlan::Shared(seed) => seed,
            SeedPlan::PerTrainee => trainee_seed(&self.raw.id, trainee),
        }
    }

    pub fn pass_marks(&self) -> &PassMarks {
        &self.raw.pass
    }

    pub fn due(&self) -> NaiveDate {
        self.due
    }

    /// Whether the drill is still unfinished past its due date on `today`.
    pub fn is_past_due(&self, today: NaiveDate) -> bool {
        today > self.due
    }

    /// The scenario ids to play, in a stable order: pick by pick as written, the scenarios
    /// of one pick by id, each scenario once (where it was first picked).
    pub fn scenarios(&self) -> &[String] {
        &self.scenarios
    }

    pub fn picks(&self) -> &[Pick] {
        &self.raw.scenarios
    }

    /// The team it was set for, if it was set for a team (runs are stored with it).
    pub fn team(&self) -> Option<&str> {
        match &self.raw.assigned {
            Assigned::Team(team) => Some(team),
            Assigned::Trainees(_) => None,
        }
    }

    /// Everyone it is for, in the order the drill or the roster lists them.
    pub fn trainees(&self) -> &[String] {
        &self.trainees
    }

    /// Whether the drill is for the trainee named `trainee` (as typed on the start screen,
    /// surrounding spaces ignored).
    pub fn is_for(&self, trainee: &str) -> bool {
        let trainee = trainee.trim();
        self.trainees.iter().any(|name| name == trainee)
    }

    /// The drill as written, to edit it in the composer or write it out again.
    pub fn raw(&self) -> &RawDrill {
        &self.raw
    }
}

/// The seed of `trainee` in drill `drill_id`: FNV-1a over the id and the trimmed name, mixed
/// (splitmix64's finaliser) and folded into [`SEED`]. Written out rather than std's hasher,
/// whose output may change between Rust releases: a rerun next year must meet the same owner.
pub fn trainee_seed(drill_id: &str, trainee: &str) -> u64 {
    let bytes = drill_id.bytes().chain([0]).chain(trainee.trim().bytes());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    hash % (SEED.end() + 1)
}

/// A strict `YYYY-MM-DD` (zero-padded) day in [`DUE_YEARS`].
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(at, b)| at == 4 || at == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day).filter(|_| DUE_YEARS.contains(&year))
}

fn check_title(title: &Text, flaws: &mut Vec<Flaw>) {
    for lang in Lang::ALL {
        let text = title.get(lang);
        let chars = text.trim().chars().count();
        if !TITLE_CHARS.contains(&chars) {
            flaws.push(Flaw::error(
                Place::word("title"),
                format!("the {lang:?} title has {chars} characters"),
                format!(
                    "write the title in both zh and en, {} to {} characters each",
                    TITLE_CHARS.start(),
                    TITLE_CHARS.end()
                ),
            ));
        }
    }
}

/// What one pick takes from a library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// How many scenarios it matches.
    pub matched: usize,
    /// The ones it adds to the picks before it, sorted by id.
    pub added: Vec<&'a str>,
}

/// Each pick's scenarios in turn, each scenario taken by the first pick that matches it:
/// the added ids, pick by pick, are the drill's scenarios in their stable order.
pub fn resolve<'a>(
    picks: &[Pick],
    scenarios: &'a [Arc<Scenario>],
    rules: &RuleSet,
) -> Vec<Resolved<'a>> {
    let mut seen = HashSet::new();
    picks
        .iter()
        .map(|pick| {
            let matching = pick.matching(scenarios, rules);
            Resolved {
                matched: matching.len(),
                added: matching.into_iter().filter(|id| seen.insert(*id)).collect(),
            }
        })
        .collect()
}

/// The scenario ids the picks take, in order; a pick that takes none is an error naming it.
fn resolve_picks(picks: &[Pick], context: &DrillContext, flaws: &mut Vec<Flaw>) -> Vec<String> {
    flaws.extend(count_flaw(
        "picks",
        picks.len(),
        &PICKS,
        Place::word("scenarios"),
    ));
    let mut taken: Vec<String> = Vec::new();
    let resolved = resolve(picks, context.scenarios, context.rules);
    for (pick, resolved) in picks.iter().zip(resolved) {
        if let Pick::Rule(rule) = pick
            && !context.rules.has_rule(rule)
        {
            flaws.push(Flaw::error(
                pick.place(),
                format!(
                    "pick {} names a rule that rule set `{}` does not have",
                    pick.written(),
                    context.rules.id()
                ),
                "cite a rule ID of the rule set, e.g. \"H-5\"",
            ));
        } else if resolved.matched == 0 {
            flaws.push(Flaw::error(
                pick.place(),
                format!("pick {} matches no scenario of the library", pick.written()),
                "pick a scenario id, category, channel or rule that a valid scenario has \
                 (run `complaint-drill validate scenarios/` to see any that are broken)",
            ));
        } else if resolved.added.is_empty() {
            flaws.push(Flaw::warning(
                pick.place(),
                format!(
                    "pick {} adds no scenario the picks before it did not",
                    pick.written()
                ),
                "remove the pick, or pick something else",
            ));
        }
        taken.extend(resolved.added.iter().map(|id| (*id).to_owned()));
    }
    if !taken.is_empty() {
        flaws.extend(count_flaw(
            "scenarios",
            taken.len(),
            &SCENARIOS,
            Place::word("scenarios"),
        ));
    }
    taken
}

fn check_numbers(raw: &RawDrill, flaws: &mut Vec<Flaw>) {
    if let SeedPlan::Shared(seed) = raw.seed {
        flaws.extend(out_of_range(
            "seed",
            seed,
            &SEED,
            Place::number(&[], "seed"),
        ));
    }
    for dimension in Dimension::ALL {
        if let Some(mark) = raw.pass.get(dimension) {
            let what = format!("{} pass mark", dimension.name());
            let place = Place::number(&[], dimension.name());
            flaws.extend(out_of_range(&what, mark, &ranges::POINTS, place));
        }
    }
}

/// The trainees a drill is for: its list, or its team's members in the roster.
fn assigned_trainees(assigned: &Assigned, roster: &Roster, flaws: &mut Vec<Flaw>) -> Vec<String> {
    match assigned {
        Assigned::Trainees(names) => {
            let place = Place::word("Trainees");
            flaws.extend(count_flaw("trainees", names.len(), &TRAINEES, place));
            check_names("the drill", names, flaws);
            names.iter().map(|name| name.trim().to_owned()).collect()
        }
        Assigned::Team(team) => match roster.team(team) {
            Some(members) => members.to_vec(),
            None => {
                let known: Vec<&str> = roster.team_names().collect();
                flaws.push(Flaw::error(
                    Place::literal(team),
                    format!("team `{team}` is not in the roster"),
                    format!(
                        "add it to teams.ron beside the drills (or fix that file's errors), or \
                         use one of: {}",
                        if known.is_empty() {
                            "(no teams yet)".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
                Vec::new()
            }
        },
    }
}

/// Every name a readable name, none twice.
fn check_names(whose: &str, names: &[String], flaws: &mut Vec<Flaw>) {
    let mut seen = HashSet::new();
    for name in names {
        flaws.extend(name_flaw("trainee", name));
        if !seen.insert(name.trim()) {
            flaws.push(Flaw::error(
                Place::literal(name),
                format!("{whose} lists `{name}` twice"),
                "list each trainee once",
            ));
        }
    }
}

/// A flaw unless `name` is 1 to 64 characters, with no control characters and no spaces
/// around it (the start screen's name is compared with it).
fn name_flaw(what: &str, name: &str) -> Option<Flaw> {
    let chars = name.chars().count();
    let readable =
        NAME_CHARS.contains(&chars) && name.trim() == name && !name.chars().any(char::is_control);
    (!readable).then(|| {
        Flaw::error(
            Place::literal(name),
            format!("{what} name `{}` is not a name", name.escape_debug()),
            format!(
                "write the name as the trainee types it, {} to {} characters, no spaces around it",
                NAME_CHARS.start(),
                NAME_CHARS.end()
            ),
        )
    })
}

fn count_flaw(
    what: &str,
    count: usize,
    range: &RangeInclusive<usize>,
    place: Place,
) -> Option<Flaw> {
    out_of_range(&format!("the number of {what}"), count, range, place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_a_zero_padded_real_day_within_the_due_years() {
        assert_eq!(
            parse_date("2026-12-20"),
            NaiveDate::from_ymd_opt(2026, 12, 20)
        );
        for bad in [
            "2026-2-1",
            "2026-02-30",
            "20261220",
            "1999-12-31",
            "2101-01-01",
            "２０２６-12-20",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_per_trainee_seed_is_the_same_on_every_rerun_and_differs_between_trainees() {
        // Pinned: a change here would give every trainee a different owner next time.
        assert_eq!(
            trainee_seed("fees-refresher", "王芳"),
            trainee_seed("fees-refresher", " 王芳 ")
        );
        assert_eq!(trainee_seed("fees-refresher", "王芳"), 48_018_026);
        let seeds: HashSet<u64> = ["王芳", "李强", "陈静", "A1024", "A1025"]
            .iter()
            .map(|name| trainee_seed("fees-refresher", name))
            .collect();
        assert_eq!(seeds.len(), 5);
        assert_ne!(
            trainee_seed("fees-refresher", "王芳"),
            trainee_seed("lift-drill", "王芳")
        );
        assert!(seeds.iter().all(|seed| SEED.contains(seed)));
    }

    #[test]
    fn pass_marks_name_the_dimensions_a_run_falls_short_on() {
        let marks = PassMarks {
            overall: Some(80),
            record: Some(60),
            ..PassMarks::default()
        };
        let score = |dimension| match dimension {
            Dimension::Overall => 79,
            Dimension::Record => 60,
            _ => 0,
        };
        assert_eq!(marks.missed(score), [Dimension::Overall]);
        assert!(PassMarks::default().missed(|_| 0).is_empty());
    }
}
