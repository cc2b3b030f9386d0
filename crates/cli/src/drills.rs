//! `complaint-drill drill list|show|status|new`, and the drill files `validate` checks: a
//! supervisor's drills (`drills/*.ron`, the roster `drills/teams.ron`) from the terminal.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};

use drill_engine::drill::{
    Assigned, Dimension, DrillContext, DrillMode, PassMarks, Pick, RawDrill, SeedPlan, parse_date,
};
use drill_engine::i18n::label;
use drill_engine::{Category, Channel, Drill, Lang, RuleSet, Scenario, Text};
use drill_library::drills::{Drills, is_drill_file, load_drill_paths, load_drills, parse_drill};
use drill_library::{Library, SourceFile, render_all};
use drill_records::{Progress, TraineeStatus};

use crate::{CliResult, StoreArgs, load_rules, open_results, parse_lang, say};

/// Where the drills, the scenarios they pick from and the rule set are, and the language.
#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The folder of drill files and the roster `teams.ron`.
    #[arg(long, global = true, default_value = "drills")]
    pub drills: PathBuf,
    /// The library the drills pick scenarios from.
    #[arg(long, global = true, default_value = "scenarios")]
    pub scenarios: PathBuf,
    #[arg(long, global = true, default_value = "rules/default.ron")]
    pub rules: PathBuf,
    #[arg(long, global = true, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    /// List the drills: title, due date, mode, how many scenarios, who they are for.
    List,
    /// Show one drill: its scenarios, seed, pass marks, due date and trainees.
    Show { id: String },
    /// Each assigned trainee's status, and the trainees compared on the same scenario and seed.
    Status {
        id: String,
        #[command(flatten)]
        store: StoreArgs,
        /// The day overdue is judged on, `YYYY-MM-DD`; default: today, by this computer's clock.
        #[arg(long)]
        today: Option<String>,
    },
    /// Write a new drill file `<drills>/<ID>.ron`, checked first as `validate` checks it.
    New(Box<NewDrill>),
}

/// A new drill, as flags. Picks are taken in this order: `--scenario`, `--category`,
/// `--channel`, `--rule`. (The pick fields are named apart from the global `--scenarios`
/// and `--rules`: clap would take them for the same argument.)
#[derive(Debug, Args)]
pub struct NewDrill {
    /// Kebab-case, e.g. `lift-refresher`; also the file's name.
    pub id: String,
    #[arg(long)]
    pub title_zh: String,
    #[arg(long)]
    pub title_en: String,
    /// Scenario ids.
    #[arg(long = "scenario", num_args = 1..)]
    pub pick_scenarios: Vec<String>,
    /// Every scenario of a category (Fees, Emergency, ...).
    #[arg(long = "category", value_parser = parse_category)]
    pub pick_categories: Vec<Category>,
    /// Every scenario of a channel (Written, Phone, WalkIn).
    #[arg(long = "channel", value_parser = parse_channel)]
    pub pick_channels: Vec<Channel>,
    /// Every scenario that exercises a rule (e.g. H-5).
    #[arg(long = "rule")]
    pub pick_rules: Vec<String>,
    #[arg(long, default_value = "practice", value_parser = parse_mode)]
    pub mode: DrillMode,
    /// `YYYY-MM-DD`.
    #[arg(long)]
    pub due: String,
    /// A team of the roster.
    #[arg(
        long,
        required_unless_present = "trainees",
        conflicts_with = "trainees"
    )]
    pub team: Option<String>,
    /// Trainees by name.
    #[arg(long = "trainee", num_args = 1..)]
    pub trainees: Vec<String>,
    /// One seed for everyone (0-4294967295); without it, each trainee gets their own.
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_overall: Option<u32>,
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_etiquette: Option<u32>,
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_procedure: Option<u32>,
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_record: Option<u32>,
}

fn parse_category(text: &str) -> Result<Category, String> {
    Category::parse(text).ok_or_else(|| names_hint("category", text, Category::ALL, Category::name))
}

fn parse_channel(text: &str) -> Result<Channel, String> {
    Channel::parse(text).ok_or_else(|| names_hint("channel", text, Channel::ALL, Channel::name))
}

fn names_hint<T: Copy>(what: &str, text: &str, all: &[T], name: fn(T) -> &'static str) -> String {
    let names: Vec<&str> = all.iter().map(|item| name(*item)).collect();
    format!("unknown {what} `{text}`: use one of {}", names.join(", "))
}

fn parse_mode(text: &str) -> Result<DrillMode, String> {
    DrillMode::from_name(&text.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("unknown mode `{text}`: use practice or assessment"))
}

/// The drills of `args.drills`, checked against the library and rule set named in `args`.
struct Loaded {
    library: Library,
    drills: Drills,
    rules: Arc<RuleSet>,
}

impl Loaded {
    fn read(args: &DrillArgs) -> Result<Loaded, String> {
        let rules = load_rules(&args.rules)?;
        let library = drill_library::load(std::slice::from_ref(&args.scenarios), &rules);
        let drills = load_drills(&args.drills, &library.scenarios, &rules);
        Ok(Loaded {
            library,
            drills,
            rules,
        })
    }

    fn drill(&self, id: &str, args: &DrillArgs) -> Result<&Drill, String> {
        self.drills.drill(id).ok_or_else(|| {
            let mut message = say(
                "drill.error.no_such_drill",
                args.lang,
                &[
                    ("id", id.to_owned()),
                    ("dir", args.drills.display().to_string()),
                ],
            );
            if !self.drills.problems.is_empty() {
                message = format!("{message}\n{}", render_all(&self.drills.problems));
            }
            message
        })
    }

    fn scenario_title(&self, id: &str, lang: Lang) -> String {
        self.library
            .scenario(id)
            .map_or_else(|| id.to_owned(), |s| s.title().get(lang).to_owned())
    }
}

/// Runs `drill <command>`.
pub(crate) fn run(args: &DrillArgs, command: DrillCommand, out: &mut dyn Write) -> CliResult {
    match command {
        DrillCommand::List => list(args, out),
        DrillCommand::Show { id } => show(args, &id, out),
        DrillCommand::Status { id, store, today } => status(args, &id, &store, today, out),
        DrillCommand::New(new) => write_new(args, &new, out),
    }
}

fn io(error: std::io::Error) -> String {
    error.to_string()
}

fn list(args: &DrillArgs, out: &mut dyn Write) -> CliResult {
    let loaded = Loaded::read(args)?;
    let lang = args.lang;
    for drill in &loaded.drills.drills {
        writeln!(
            out,
            "{}  {}  {} {}  {}  {}  {}",
            drill.id(),
            drill.title().get(lang),
            say("drill.due", lang, &[]),
            drill.due(),
            mode_label(drill.mode(), lang),
            say(
                "drill.scenario_count",
                lang,
                &[("count", drill.scenarios().len().to_string())]
            ),
            assigned_label(drill, lang),
        )
        .map_err(io)?;
    }
    report_broken(&loaded.drills, args, out)
}

/// The broken drill files' problems; false if there are any.
fn report_broken(drills: &Drills, args: &DrillArgs, out: &mut dyn Write) -> CliResult {
    if drills.broken.is_empty() {
        return Ok(true);
    }
    writeln!(out, "{}", render_all(&drills.problems)).map_err(io)?;
    let count = drills.broken.len().to_string();
    let dir = args.drills.display().to_string();
    writeln!(
        out,
        "{}",
        say(
            "drill.broken_files",
            args.lang,
            &[("count", count), ("dir", dir)]
        )
    )
    .map_err(io)?;
    Ok(false)
}

fn show(args: &DrillArgs, id: &str, out: &mut dyn Write) -> CliResult {
    let loaded = Loaded::read(args)?;
    let drill = loaded.drill(id, args)?;
    let lang = args.lang;
    let line = |key: &str, value: String| format!("{}: {value}", say(key, lang, &[]));
    let seed = match drill.seed_plan() {
        SeedPlan::Shared(seed) => say("drill.seed_shared", lang, &[("seed", seed.to_string())]),
        SeedPlan::PerTrainee => say("drill.seed_per_trainee", lang, &[]),
    };
    let lines = [
        format!("== {} ({}) ==", drill.title().get(lang), drill.id()),
        line("drill.mode", mode_label(drill.mode(), lang)),
        line("drill.seed", seed),
        line(
            "drill.pass_marks",
            pass_marks_label(drill.pass_marks(), lang),
        ),
        line("drill.due", drill.due().to_string()),
        line("drill.for", assigned_label(drill, lang)),
        line("drill.trainees", drill.trainees().join(", ")),
        say("drill.scenarios", lang, &[]),
    ];
    for text in lines {
        writeln!(out, "{text}").map_err(io)?;
    }
    for (position, scenario) in drill.scenarios().iter().enumerate() {
        let title = loaded.scenario_title(scenario, lang);
        writeln!(out, "  {}. {scenario}  {title}", position + 1).map_err(io)?;
    }
    Ok(true)
}

fn status(
    args: &DrillArgs,
    id: &str,
    store: &StoreArgs,
    today: Option<String>,
    out: &mut dyn Write,
) -> CliResult {
    let today = match today {
        Some(text) => {
            parse_date(&text).ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))?
        }
        None => drill_records::clock::today(),
    };
    let loaded = Loaded::read(args)?;
    let drill = loaded.drill(id, args)?;
    let report = open_results(store)?
        .drill_report(drill, today)
        .map_err(|e| e.to_string())?;
    let lang = args.lang;
    writeln!(out, "== {} ({}) ==", drill.title().get(lang), drill.id()).map_err(io)?;
    for trainee in &report.trainees {
        writeln!(out, "{}", status_line(trainee, &loaded, lang)).map_err(io)?;
    }
    writeln!(out, "\n{}", say("drill.compared", lang, &[])).map_err(io)?;
    for group in &report.compared {
        let args = [
            ("scenario", loaded.scenario_title(&group.scenario, lang)),
            ("seed", group.seed.to_string()),
        ];
        writeln!(out, "{}", say("drill.same_seed", lang, &args)).map_err(io)?;
        for run in &group.runs {
            let scores: Vec<String> = Dimension::ALL
                .iter()
                .map(|dimension| {
                    format!(
                        "{} {}",
                        dimension_label(*dimension, lang),
                        run.scores.of(*dimension)
                    )
                })
                .collect();
            let rules = if run.rules_broken.is_empty() {
                "-".to_owned()
            } else {
                run.rules_broken.join(" ")
            };
            writeln!(
                out,
                "  {}  {}  #{}  {rules}",
                run.trainee,
                scores.join(" | "),
                run.run
            )
            .map_err(io)?;
        }
    }
    Ok(true)
}

/// One trainee's line: name, seed, status, overdue, and the scenario to play next.
fn status_line(trainee: &TraineeStatus, loaded: &Loaded, lang: Lang) -> String {
    let mut line = format!(
        "{}  ({} {})  {}",
        trainee.trainee,
        say("drill.seed", lang, &[]),
        trainee.seed,
        progress_label(&trainee.progress, lang)
    );
    if trainee.overdue {
        line.push_str(&format!("  {}", say("drill.overdue", lang, &[])));
    }
    if let Some(next) = &trainee.next_scenario {
        let title = loaded.scenario_title(next, lang);
        line.push_str(&format!(
            "  {}",
            say("drill.next", lang, &[("scenario", title)])
        ));
    }
    line
}

/// A trainee's progress in words, e.g. "in progress: 2 of 3".
pub fn progress_label(progress: &Progress, lang: Lang) -> String {
    match progress {
        Progress::NotStarted => say("drill.progress.not_started", lang, &[]),
        Progress::InProgress { done, of } => say(
            "drill.progress.in_progress",
            lang,
            &[("done", done.to_string()), ("of", of.to_string())],
        ),
        Progress::Passed => say("drill.progress.passed", lang, &[]),
        Progress::Failed { missed } => {
            let below: Vec<String> = missed
                .iter()
                .map(|shortfall| {
                    let dimensions: Vec<String> = shortfall
                        .dimensions
                        .iter()
                        .map(|dimension| dimension_label(*dimension, lang))
                        .collect();
                    format!("{} ({})", shortfall.scenario, dimensions.join(", "))
                })
                .collect();
            say(
                "drill.progress.failed",
                lang,
                &[("below", below.join("; "))],
            )
        }
    }
}

fn dimension_label(dimension: Dimension, lang: Lang) -> String {
    match dimension {
        Dimension::Overall => say("cli.overall", lang, &[]),
        other => label(&format!("area.{}", other.name()), lang),
    }
}

fn mode_label(mode: DrillMode, lang: Lang) -> String {
    say(&format!("drill.mode.{}", mode.name()), lang, &[])
}

fn pass_marks_label(marks: &PassMarks, lang: Lang) -> String {
    let set: Vec<String> = Dimension::ALL
        .iter()
        .filter_map(|dimension| {
            let mark = marks.get(*dimension)?;
            Some(format!("{} ≥ {mark}", dimension_label(*dimension, lang)))
        })
        .collect();
    if set.is_empty() {
        say("drill.no_pass_marks", lang, &[])
    } else {
        set.join(", ")
    }
}

fn assigned_label(drill: &Drill, lang: Lang) -> String {
    match drill.team() {
        Some(team) => say("drill.team", lang, &[("team", team.to_owned())]),
        None => say(
            "drill.named_trainees",
            lang,
            &[("count", drill.trainees().len().to_string())],
        ),
    }
}

impl NewDrill {
    /// The drill as its RON form.
    fn raw(&self) -> RawDrill {
        let picks = self.pick_scenarios.iter().cloned().map(Pick::Scenario);
        let picks = picks.chain(self.pick_categories.iter().copied().map(Pick::Category));
        let picks = picks.chain(self.pick_channels.iter().copied().map(Pick::Channel));
        let picks = picks.chain(self.pick_rules.iter().cloned().map(Pick::Rule));
        RawDrill {
            id: self.id.clone(),
            title: Text::new(self.title_zh.clone(), self.title_en.clone()),
            scenarios: picks.collect(),
            mode: self.mode,
            seed: self.seed.map_or(SeedPlan::PerTrainee, SeedPlan::Shared),
            pass: PassMarks {
                overall: self.pass_overall,
                etiquette: self.pass_etiquette,
                procedure: self.pass_procedure,
                record: self.pass_record,
            },
            due: self.due.clone(),
            assigned: match &self.team {
                Some(team) => Assigned::Team(team.clone()),
                None => Assigned::Trainees(self.trainees.clone()),
            },
        }
    }
}

/// Writes `<drills>/<id>.ron` once its text reads back as a valid drill; never over a file.
fn write_new(args: &DrillArgs, new: &NewDrill, out: &mut dyn Write) -> CliResult {
    if !drill_engine::ranges::is_kebab_id(&new.id) {
        return Err(format!(
            "`{}` is not a drill id: use lowercase ASCII letters, digits and single hyphens, e.g. lift-refresher",
            new.id
        ));
    }
    let path = args.drills.join(format!("{}.ron", new.id));
    if path.exists() {
        return Err(format!(
            "{} already exists: choose another id, or edit that file",
            path.display()
        ));
    }
    let loaded = Loaded::read(args)?;
    if loaded.drills.drill(&new.id).is_some() {
        return Err(format!(
            "another file in {} already defines drill `{}`: choose another id",
            args.drills.display(),
            new.id
        ));
    }
    let file = SourceFile::new(path.display().to_string(), new.raw().to_ron());
    let context = DrillContext {
        scenarios: &loaded.library.scenarios,
        rules: &loaded.rules,
        roster: &loaded.drills.roster,
    };
    if let Err(problems) = parse_drill(&file, &context) {
        writeln!(out, "{}", render_all(&problems)).map_err(io)?;
        writeln!(out, "{}", say("drill.not_written", args.lang, &[])).map_err(io)?;
        return Ok(false);
    }
    drill_records::write_atomically(&path, file.text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let written = say(
        "drill.written",
        args.lang,
        &[("path", path.display().to_string())],
    );
    writeln!(out, "{written}").map_err(io)?;
    Ok(true)
}

/// `validate`'s loading: the drill files among `paths` (files in a folder named `drills`,
/// told apart by their folder) are checked as drills, everything else as before. Drills are
/// resolved against the scenarios validated with them, else the `scenarios` folder beside
/// their folder; a line says which.
pub(crate) fn load_with_drills(
    paths: &[PathBuf],
    rules: &Arc<RuleSet>,
    out: &mut dyn Write,
) -> Result<Library, String> {
    let walked = drill_library::walk(paths);
    let (drill_files, others): (Vec<PathBuf>, Vec<PathBuf>) = walked
        .files
        .into_iter()
        .partition(|path| is_drill_file(path));
    let mut library = drill_library::load(&others, rules);
    library.problems.splice(0..0, walked.skipped);
    let mut by_folder: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in drill_files {
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        by_folder.entry(folder).or_default().push(path);
    }
    for (folder, files) in by_folder {
        let (scenarios, source) = scenarios_for(&folder, &library, rules);
        let drills = load_drill_paths(&files, &scenarios, rules);
        writeln!(
            out,
            "{}: {} drill files (told by their folder), checked against {} scenarios of {source}",
            folder.display(),
            files.len(),
            scenarios.len(),
        )
        .map_err(io)?;
        library.files += drills.files;
        library.problems.extend(drills.problems);
        library.broken.extend(drills.broken);
    }
    Ok(library)
}

/// The scenarios drills in `folder` pick from: those being validated, else `../scenarios`.
fn scenarios_for(
    folder: &Path,
    library: &Library,
    rules: &Arc<RuleSet>,
) -> (Vec<Arc<Scenario>>, String) {
    if !library.scenarios.is_empty() {
        return (library.scenarios.clone(), "the files validated".to_owned());
    }
    let beside = folder.parent().unwrap_or(Path::new(".")).join("scenarios");
    let scenarios = drill_library::load(std::slice::from_ref(&beside), rules).scenarios;
    (scenarios, beside.display().to_string())
}
