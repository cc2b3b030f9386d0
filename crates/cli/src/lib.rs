//! complaint-drill's terminal face, beside the egui views: clap's flags, `validate`,
//! `play` in a terminal (also from piped stdin), `replay`, `rules check`, `coverage`,
//! `results` and `bench`, and their printing. The binary parses with [`Cli`] and calls
//! [`run`]; no subcommand opens the app.
//!
//! Depends on the engine, the library and the records (whose clock stamps a saved run and a
//! sign-off), clap and rust-i18n; nothing above it.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use drill_engine::i18n::label;
use drill_engine::{Finding, Lang, Record, RuleSet, Scenario, Score, Session, Transcript, score};
use drill_library::{Level, Library, SourceFile, parse_ron, parse_scenario, render_all};
use drill_records::results::{ResultsStore, StoreError};

rust_i18n::i18n!("locales", fallback = "en");

pub mod drills;
mod play;
pub mod report;
pub mod terminal;
pub mod trust;
mod typed;

pub use play::play;
use terminal::TerminalSafe;

/// A string of the terminal's own (`locales/cli.yml`), with `%{name}` arguments filled in.
pub(crate) fn say(key: &str, lang: Lang, args: &[(&str, String)]) -> String {
    let text = rust_i18n::t!(key, locale = lang.code()).into_owned();
    drill_engine::i18n::fill_args(text, args)
}

#[derive(Debug, Parser)]
#[command(
    name = "complaint-drill",
    version,
    about = "Trainer for receiving property-management complaints"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and lint scenario, rule-set and course files; exit 0 only if all are valid.
    Validate {
        /// Files or folders (searched for *.ron).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "rules/default.ron")]
        rules: PathBuf,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Play a scenario in the terminal (also from piped stdin).
    Play(PlayArgs),
    /// Re-score a saved run, shown in the language it was played in unless `--lang` is given.
    Replay {
        transcript: PathBuf,
        #[command(flatten)]
        replay: ReplayArgs,
        /// Also write the run's production record form here, as `rules check` reads it.
        #[arg(long)]
        record_out: Option<PathBuf>,
    },
    /// Work with rule sets.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Report which rules the scenarios exercise; fails if an observable rule is never exercised.
    Coverage {
        #[arg(default_value = "scenarios")]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "rules/default.ron")]
        rules: PathBuf,
    },
    /// Saved runs: list them, show one, or add a supervisor's score and sign-off.
    Results {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: ResultsCommand,
    },
    /// Supervisors' reports: a trainee, a team (and month) or a drill; CSV and XLSX exports.
    Report(report::ReportArgs),
    /// Drills: list them, show one, a drill's status per trainee, or write a new one.
    Drill {
        #[command(flatten)]
        args: drills::DrillArgs,
        #[command(subcommand)]
        command: drills::DrillCommand,
    },
    /// Supervisor accounts: add one, list them, export a key for the training office.
    Supervisor {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: trust::SupervisorCommand,
    },
    /// Print speed figures: validating a generated library, re-scoring many sessions.
    Bench {
        #[arg(long, default_value_t = 1000)]
        scenarios: usize,
        #[arg(long, default_value_t = 100_000)]
        sessions: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a filled record form (RON) from a real case against a rule set.
    ///
    /// The record is a RON map from field to text, as the form's paper original is filled in:
    ///
    ///   { ComplainantName: "王先生", Phone: "138 0000 5127", Channel: "WalkIn",
    ///     ReceivedAt: "2026-03-12 09:30", Category: "设施设备", … }
    ///
    /// Fields are named as in the rule set's `record_fields` (ComplainantName, Unit, Phone,
    /// Channel, ReceivedAt, Receiver, Place, Content, Category, Nature, Urgency, Department,
    /// NoticeNumber, AgreedStart, AgreedCompletion, OnSiteAt, HandlingResult, CallbackAt,
    /// OwnerView, SupervisorSignature, Filed). A choice field takes its RON name or its label
    /// in either language (`Category: "Facilities"` or `"设施设备"`); times are
    /// `YYYY-MM-DD HH:MM`. A complete example: crates/cli/examples-data/record.ron.
    ///
    /// Prints every finding with its rule (a missing required field, a malformed phone or
    /// time, a time limit overrun, times out of order) and exits 0 only if there are none.
    Check {
        record: PathBuf,
        #[arg(long, default_value = "rules/default.ron")]
        rules: PathBuf,
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
}

#[derive(Debug, Subcommand)]
pub enum ResultsCommand {
    /// List saved runs, newest first.
    List {
        #[arg(long)]
        trainee: Option<String>,
    },
    /// Replay one saved run and show its score, findings and reviews.
    Show {
        run: i64,
        #[command(flatten)]
        replay: ReplayArgs,
    },
    /// Retired: one score without proof of who gave it. Says to use `results assess`.
    Review {
        run: i64,
        #[arg(long)]
        supervisor: String,
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
        score: u32,
        #[arg(long, default_value = "")]
        note: String,
        /// When it was signed, `YYYY-MM-DD HH:MM`; default: now, by this computer's clock.
        #[arg(long)]
        signed_at: Option<String>,
    },
    /// Re-score every stored run under a new rule set, beside the old scores; list whose
    /// results change, by how much, and which rules caused it.
    Rescore(report::RescoreArgs),
    /// Sign a run off as a supervisor: a mark and reason per dimension, step comments, the
    /// owner's feedback and a verdict, signed with the supervisor account's passphrase.
    Assess(trust::AssessArgs),
    /// Check every run's seal and every sign-off's signature; with `--keys FILE` (the
    /// training office's copy of the supervisors' keys) also who signed. Exits 1 if any run
    /// or sign-off was changed, inserted or deleted behind the app's back.
    Verify {
        #[arg(long)]
        keys: Option<PathBuf>,
    },
}

/// What `play` needs: the scenario, the run's seed and language, and where to save it.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("store").args(["db"]).requires("save_run")))]
pub struct PlayArgs {
    /// A scenario file, or the id of a scenario in the library (`--scenarios`).
    pub scenario: PathBuf,
    /// The library folder a scenario id is looked up in.
    #[arg(long, default_value = "scenarios")]
    pub scenarios: PathBuf,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
    #[arg(long, default_value = "rules/default.ron")]
    pub rules: PathBuf,
    /// Save the run as a RON transcript here.
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// Save the run into the results store, where the app's supervisor list shows it.
    #[arg(long)]
    pub save_run: bool,
    /// The store `--save-run` writes to.
    #[command(flatten)]
    pub store: StoreArgs,
    #[arg(long, default_value = "trainee")]
    pub trainee: String,
}

/// Which results store `results` reads.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The results store (default: results.sqlite in the data folder, made on first use).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Make the store named by `--db` if it does not exist; without it a mistyped path is
    /// an error, not a new empty store.
    #[arg(long, requires = "db")]
    pub create: bool,
}

/// What re-scoring a saved transcript needs besides the transcript.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Folder holding the scenario the transcript names.
    #[arg(long, default_value = "scenarios")]
    pub scenarios: PathBuf,
    #[arg(long, default_value = "rules/default.ron")]
    pub rules: PathBuf,
    /// Show the run in this language (default: the one it was played in, if its file says,
    /// else zh).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_code(text).ok_or_else(|| format!("unknown language `{text}`: use zh or en"))
}

/// Runs a subcommand with the given streams; returns the process exit code.
pub fn run(
    command: Command,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let out = &mut TerminalSafe(out);
    let err = &mut TerminalSafe(err);
    let result = match command {
        Command::Validate {
            paths,
            rules,
            strict,
        } => validate(&paths, &rules, strict, out),
        Command::Play(args) => play::play_command(&args, input, out),
        Command::Replay {
            transcript,
            replay,
            record_out,
        } => replay_file(&transcript, &replay, record_out.as_deref(), out),
        Command::Rules {
            command:
                RulesCommand::Check {
                    record,
                    rules,
                    lang,
                },
        } => check_record_file(&record, &rules, lang, out),
        Command::Results { store, command } => results(&store, command, input, out),
        Command::Supervisor { store, command } => trust::supervisor(&store, command, input, out),
        Command::Coverage { paths, rules } => coverage_report(&paths, &rules, out),
        Command::Drill { args, command } => drills::run(&args, command, out),
        Command::Report(args) => report::report(&args, out),
        Command::Bench {
            scenarios,
            sessions,
        } => drill_library::bench::run(scenarios, sessions, out).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            ExitCode::from(2)
        }
    }
}

type CliResult = Result<bool, String>;

pub(crate) fn load_rules(path: &Path) -> Result<Arc<RuleSet>, String> {
    drill_library::load_rules(path)
        .map(Arc::new)
        .map_err(|problems| render_all(&problems))
}

fn validate(paths: &[PathBuf], rules_path: &Path, strict: bool, out: &mut dyn Write) -> CliResult {
    let rules = load_rules(rules_path)?;
    let library = drills::load_with_drills(paths, &rules, out)?;
    if !library.problems.is_empty() {
        // At most the first problems of each file, then the count of the rest.
        writeln!(out, "{}", render_all(&library.problems)).map_err(|e| e.to_string())?;
    }
    if library.files == 0 {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "no .ron files found in {}: nothing to validate",
            names.join(", ")
        ));
    }
    let errors = library
        .problems
        .iter()
        .filter(|p| p.level == Level::Error)
        .count();
    let warnings = library.problems.len() - errors;
    writeln!(
        out,
        "{} files: {} scenarios valid, {} files broken, {errors} errors, {warnings} warnings",
        library.files,
        library.scenarios.len(),
        library.broken.len()
    )
    .map_err(|e| e.to_string())?;
    Ok(errors == 0 && (!strict || warnings == 0))
}

fn coverage_report(paths: &[PathBuf], rules_path: &Path, out: &mut dyn Write) -> CliResult {
    let rules = load_rules(rules_path)?;
    let library = drill_library::load(paths, &rules);
    let table = drill_engine::coverage::coverage(&library.scenarios, &rules);
    let mut uncovered = Vec::new();
    let io = |e: std::io::Error| e.to_string();
    for (id, scenarios) in &table {
        let observable = rules.rule(id).is_some_and(|rule| rule.observable);
        let mark = match (observable, scenarios.is_empty()) {
            (false, _) => "not observable",
            (true, true) => "NOT EXERCISED",
            (true, false) => "",
        };
        if observable && scenarios.is_empty() {
            uncovered.push(*id);
        }
        writeln!(
            out,
            "{id:<5} {:>2} {mark:<14} {}",
            scenarios.len(),
            scenarios.join(", ")
        )
        .map_err(io)?;
    }
    writeln!(
        out,
        "{} scenarios; {} of {} observable rules exercised",
        library.scenarios.len(),
        table.len() - uncovered.len() - rules.rules().iter().filter(|r| !r.observable).count(),
        rules.rules().iter().filter(|r| r.observable).count()
    )
    .map_err(io)?;
    Ok(uncovered.is_empty())
}

pub(crate) fn load_scenario(path: &Path, rules: &Arc<RuleSet>) -> Result<Arc<Scenario>, String> {
    let file = SourceFile::read(path).map_err(|p| p.render())?;
    parse_scenario(&file, rules).map_err(|problems| render_all(&problems))
}

/// Prints the three sub-scores, every finding with its rule, and the arithmetic.
pub fn print_score(
    session: &Session,
    score: &Score,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "\n== {} ==", say("cli.score", lang, &[]))?;
    writeln!(
        out,
        "{} {} | {} {} | {} {} | {} {}",
        say("cli.overall", lang, &[]),
        score.overall,
        label("area.etiquette", lang),
        score.etiquette,
        label("area.procedure", lang),
        score.procedure,
        label("area.record", lang),
        score.record
    )?;
    if score.critical {
        writeln!(out, "{}", say("cli.critical", lang, &[]))?;
    }
    print_findings(&score.findings, Some(session), session.rules(), lang, out)?;
    writeln!(out)?;
    for line in score.arithmetic(session.rules(), lang) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn print_findings(
    findings: &[Finding],
    session: Option<&Session>,
    rules: &RuleSet,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for finding in findings {
        let step = finding
            .step
            .map(|s| format!(" @{}", s + 1))
            .unwrap_or_default();
        let rule_text = rules
            .rule(&finding.rule)
            .map(|r| r.text.get(lang))
            .unwrap_or("");
        writeln!(
            out,
            "- [{}] {} ({}){step}: {}\n    {rule_text}",
            finding.rule,
            label(finding.severity.key(), lang),
            label(finding.area.key(), lang),
            finding.explain(session, lang)
        )?;
    }
    Ok(())
}

/// The store `results` reads: `--db` must name an existing one unless `--create` is given;
/// the data folder's own store is made (owner-only) on first use.
pub(crate) fn open_results(args: &StoreArgs) -> Result<ResultsStore, String> {
    let opened = match &args.db {
        Some(path) if args.create => ResultsStore::open(path),
        Some(path) => ResultsStore::open_existing(path),
        None => {
            let dir = drill_records::data_dir();
            drill_records::ensure_private_dir(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            ResultsStore::open(&drill_records::store_path(&dir))
        }
    };
    opened.map_err(|e| match e {
        StoreError::Missing(_) => format!("{e}: check the path, or add --create to make one"),
        e => e.to_string(),
    })
}

fn results(
    args: &StoreArgs,
    command: ResultsCommand,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> CliResult {
    let store = open_results(args)?;
    let path = store.path();
    let failed = |e: StoreError| e.to_string();
    let io = |e: std::io::Error| e.to_string();
    match command {
        ResultsCommand::List { trainee } => {
            // As the app's filter: any part of the name, in any case.
            let filter = trainee.as_deref().unwrap_or("").trim().to_lowercase();
            let runs = store.runs(None).map_err(failed)?;
            let matching = runs
                .into_iter()
                .filter(|run| run.trainee.to_lowercase().contains(&filter));
            for run in matching {
                let reviewed = run
                    .supervisor_score
                    .map(|s| format!(" supervisor {s}"))
                    .unwrap_or_default();
                let critical = if run.critical { " CRITICAL" } else { "" };
                writeln!(
                    out,
                    "#{} {} {} {} ({}) score {}{critical}{reviewed}",
                    run.id, run.saved_at, run.trainee, run.scenario, run.mode, run.overall
                )
                .map_err(io)?;
            }
            Ok(true)
        }
        ResultsCommand::Show { run, replay } => {
            let text = store
                .transcript(run)
                .map_err(failed)?
                .ok_or_else(|| format!("{}: there is no run #{run}", path.display()))?;
            let file = SourceFile::new(format!("{}#{run}", path.display()), text);
            let lang = replay_source(&file, &replay, None, out)?;
            for review in store.reviews(run).map_err(failed)? {
                writeln!(
                    out,
                    "{} {}: {} ({}) {}",
                    say("cli.reviewed_by", lang, &[]),
                    review.supervisor,
                    review.score,
                    review.signed_at,
                    review.note
                )
                .map_err(io)?;
            }
            trust::print_sign_offs(&store, run, lang, out)?;
            Ok(true)
        }
        ResultsCommand::Review {
            run, supervisor, ..
        } => trust::review_is_retired(run, &supervisor),
        ResultsCommand::Rescore(args) => report::rescore(&store, &args, out),
        ResultsCommand::Assess(args) => trust::assess(&store, args, input, out),
        ResultsCommand::Verify { keys } => trust::verify(&store, keys.as_deref(), out),
    }
}

fn replay_file(
    path: &Path,
    replay: &ReplayArgs,
    record_out: Option<&Path>,
    out: &mut dyn Write,
) -> CliResult {
    let file = SourceFile::read(path).map_err(|p| p.render())?;
    replay_source(&file, replay, record_out, out).map(|_| true)
}

/// Replays a transcript and prints its score (and writes its production record to
/// `record_out`); returns the language it was shown in: the one asked for, else the one the
/// run was played in, else zh.
fn replay_source(
    file: &SourceFile,
    replay: &ReplayArgs,
    record_out: Option<&Path>,
    out: &mut dyn Write,
) -> Result<Lang, String> {
    let ReplayArgs {
        scenarios,
        rules: rules_path,
        lang,
    } = replay;
    let path = Path::new(&file.path);
    let rules = load_rules(rules_path)?;
    let transcript: Transcript = parse_ron(file).map_err(|problems| render_all(&problems))?;
    let lang = lang.or(transcript.lang).unwrap_or_default();
    let library: Library = drill_library::load(&[scenarios.to_path_buf()], &rules);
    let scenario = library.scenario(&transcript.scenario).ok_or_else(|| {
        format!(
            "{}: scenario `{}` is not in {}",
            path.display(),
            transcript.scenario,
            scenarios.display()
        )
    })?;
    let session = transcript
        .replay(Arc::clone(scenario), rules)
        .map_err(|(index, error)| {
            format!(
                "{}: action {} cannot be replayed: {error}",
                path.display(),
                index + 1
            )
        })?;
    for mismatch in transcript.mismatches(&session) {
        writeln!(out, "note: {mismatch}").map_err(|e| e.to_string())?;
    }
    print_score(&session, &score(&session), lang, out).map_err(|e| e.to_string())?;
    if let Some(path) = record_out {
        write_production_record(&session, &transcript.trainee, lang, path)?;
    }
    Ok(lang)
}

/// The run's production record form (the trainee as its receiver), written atomically to a
/// private file: it holds the owner's name, unit and phone.
fn write_production_record(
    session: &Session,
    trainee: &str,
    lang: Lang,
    path: &Path,
) -> Result<(), String> {
    let record = drill_engine::form::production_record(session, trainee, lang);
    drill_records::write_atomically(path, record.to_ron().as_bytes())
        .map_err(|e| format!("{}: cannot write the record: {e}", path.display()))
}

fn check_record_file(path: &Path, rules_path: &Path, lang: Lang, out: &mut dyn Write) -> CliResult {
    let rules = load_rules(rules_path)?;
    let file = SourceFile::read(path).map_err(|p| p.render())?;
    let record: Record = parse_ron(&file).map_err(|problems| render_all(&problems))?;
    let findings = drill_engine::record_check::check_record(&record, &rules);
    print_findings(&findings, None, &rules, lang, out).map_err(|e| e.to_string())?;
    writeln!(out, "{}: {} findings", path.display(), findings.len()).map_err(|e| e.to_string())?;
    Ok(findings.is_empty())
}
