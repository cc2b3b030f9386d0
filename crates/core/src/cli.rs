//! The command line: `validate`, `play`, `replay`, `rules check` and `bench`.
//! The binary parses with [`Cli`] and calls [`run`]; no subcommand opens the app.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::diagnostics::{Level, SourceFile, parse_ron};
use crate::i18n::{format, label};
use crate::library::{self, Library};
use crate::model::{Department, Level as Rung, RecordField};
use crate::record::Record;
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::scoring::{Finding, Score, score};
use crate::session::{Action, Event, Session};
use crate::text::Lang;
use crate::transcript::Transcript;

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
    Play {
        scenario: PathBuf,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        #[arg(long, default_value = "rules/default.ron")]
        rules: PathBuf,
        /// Save the run as a RON transcript here.
        #[arg(long)]
        save: Option<PathBuf>,
        #[arg(long, default_value = "trainee")]
        trainee: String,
    },
    /// Re-score a saved run.
    Replay {
        transcript: PathBuf,
        #[command(flatten)]
        replay: ReplayArgs,
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
        /// The results store (default: results.sqlite in the data folder).
        #[arg(long)]
        db: Option<PathBuf>,
        #[command(subcommand)]
        command: ResultsCommand,
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
    /// Add a supervisor's own score (0-100) and sign the run off.
    Review {
        run: i64,
        #[arg(long)]
        supervisor: String,
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
        score: u32,
        #[arg(long, default_value = "")]
        note: String,
        /// When it was signed, `YYYY-MM-DD HH:MM` (the core has no clock).
        #[arg(long)]
        signed_at: String,
    },
}

/// What re-scoring a saved transcript needs besides the transcript.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Folder holding the scenario the transcript names.
    #[arg(long, default_value = "scenarios")]
    pub scenarios: PathBuf,
    #[arg(long, default_value = "rules/default.ron")]
    pub rules: PathBuf,
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
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
    let result = match command {
        Command::Validate {
            paths,
            rules,
            strict,
        } => validate(&paths, &rules, strict, out),
        Command::Play {
            scenario,
            seed,
            lang,
            rules,
            save,
            trainee,
        } => play_file(
            &scenario,
            &rules,
            seed,
            lang,
            save.as_deref(),
            &trainee,
            input,
            out,
        ),
        Command::Replay { transcript, replay } => replay_file(&transcript, &replay, out),
        Command::Rules {
            command:
                RulesCommand::Check {
                    record,
                    rules,
                    lang,
                },
        } => check_record_file(&record, &rules, lang, out),
        Command::Results { db, command } => results(db, command, out),
        Command::Coverage { paths, rules } => coverage_report(&paths, &rules, out),
        Command::Bench {
            scenarios,
            sessions,
        } => crate::bench::run(scenarios, sessions, out).map(|()| true),
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

fn load_rules(path: &Path) -> Result<RuleSet, String> {
    library::load_rules(path).map_err(|problems| render_all(&problems))
}

fn render_all(problems: &[crate::Problem]) -> String {
    problems
        .iter()
        .map(|p| p.render())
        .collect::<Vec<_>>()
        .join("\n")
}

fn validate(paths: &[PathBuf], rules_path: &Path, strict: bool, out: &mut dyn Write) -> CliResult {
    let rules = load_rules(rules_path)?;
    let files = library::ron_files(paths);
    let library = library::load(paths, &rules);
    for problem in &library.problems {
        writeln!(out, "{}", problem.render()).map_err(|e| e.to_string())?;
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
        files.len(),
        library.scenarios.len(),
        library.broken.len()
    )
    .map_err(|e| e.to_string())?;
    Ok(errors == 0 && (!strict || warnings == 0))
}

fn coverage_report(paths: &[PathBuf], rules_path: &Path, out: &mut dyn Write) -> CliResult {
    let rules = load_rules(rules_path)?;
    let library = library::load(paths, &rules);
    let table = crate::coverage::coverage(&library.scenarios, &rules);
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

fn load_scenario(path: &Path, rules: &RuleSet) -> Result<Scenario, String> {
    let file = SourceFile::read(path).map_err(|p| p.render())?;
    Scenario::parse(&file, rules).map_err(|problems| render_all(&problems))
}

#[allow(clippy::too_many_arguments)]
fn play_file(
    scenario_path: &Path,
    rules_path: &Path,
    seed: u64,
    lang: Lang,
    save: Option<&Path>,
    trainee: &str,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> CliResult {
    let rules = Arc::new(load_rules(rules_path)?);
    let scenario = Arc::new(load_scenario(scenario_path, &rules)?);
    let session =
        play(Session::new(scenario, rules, seed), lang, input, out).map_err(|e| e.to_string())?;
    if let Some(path) = save {
        crate::store::write_atomically(path, session.transcript(trainee).to_ron().as_bytes())
            .map_err(|e| format!("{}: cannot save the transcript: {e}", path.display()))?;
        writeln!(
            out,
            "{}",
            format("cli.saved", lang, &[("path", path.display().to_string())])
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(true)
}

/// The interactive loop: numbers answer the owner, words take standing actions.
/// Ends at `close`, `quit` or the end of input, then prints the score.
pub fn play(
    mut session: Session,
    lang: Lang,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> std::io::Result<Session> {
    let raw = &session.scenario().raw.clone();
    writeln!(out, "== {} ==", raw.title.get(lang))?;
    writeln!(out, "{}", session.render(&raw.briefing, lang))?;
    writeln!(out, "{}", label("cli.help", lang))?;
    let opening: Vec<Event> = session.history().to_vec();
    print_events(&session, &opening, lang, out)?;
    let mut line = String::new();
    loop {
        if session.is_closed() {
            break;
        }
        print_prompt(&session, lang, out)?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let command = line.trim();
        if command.is_empty() {
            continue;
        }
        if matches!(command, "quit" | "q" | "exit") {
            break;
        }
        if command == "record" {
            for (field, value) in &session.record().fields {
                writeln!(out, "  {}: {value}", label(field.key(), lang))?;
            }
            continue;
        }
        match parse_command(&session, command) {
            Ok(action) => match session.apply(action) {
                Ok(events) => print_events(&session, &events, lang, out)?,
                Err(error) => writeln!(out, "! {error}")?,
            },
            Err(message) => writeln!(out, "! {message}")?,
        }
    }
    print_score(&session, &score(&session), lang, out)?;
    Ok(session)
}

fn print_prompt(session: &Session, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "[{}] {} {}/100",
        session.clock_time(),
        label("cli.mood", lang),
        session.mood()
    )?;
    if let Some(left) = session.deadline_remaining() {
        writeln!(
            out,
            "{}",
            format("cli.deadline", lang, &[("minutes", left.to_string())])
        )?;
    }
    if let Some(node) = session.current_node() {
        for (index, option) in session.scenario().node(node).options.iter().enumerate() {
            writeln!(
                out,
                "  {}. {}",
                index + 1,
                session.render(&option.text, lang)
            )?;
        }
    }
    write!(out, "> ")?;
    out.flush()
}

/// One command of a terminal run (`3`, `fill Phone 138…`, `notice Engineering`, …) as the
/// action it stands for in `session`; also used by the app's automation scripts.
pub fn parse_command(session: &Session, command: &str) -> Result<Action, String> {
    if let Ok(number) = command.parse::<usize>() {
        let node = session
            .current_node()
            .ok_or("the conversation is over: use an action")?;
        let options = &session.scenario().node(node).options;
        return options
            .get(number.wrapping_sub(1))
            .map(|option| Action::Choose(option.id.clone()))
            .ok_or_else(|| format!("choose 1 to {}", options.len()));
    }
    let (verb, rest) = command.split_once(' ').unwrap_or((command, ""));
    let rest = rest.trim();
    let hours = || {
        rest.parse::<u32>()
            .map_err(|_| format!("`{verb}` needs a number of hours"))
    };
    match verb {
        "fill" | "f" => {
            let (field, value) = rest.split_once(' ').ok_or("use: fill FIELD VALUE")?;
            let field = RecordField::parse(field).ok_or_else(|| {
                let names: Vec<&str> = RecordField::ALL.iter().map(|f| f.name()).collect();
                format!("unknown field `{field}`: one of {}", names.join(", "))
            })?;
            Ok(Action::Fill(field, value.trim().to_owned()))
        }
        "submit" => Ok(Action::SubmitRecord),
        "notice" => Department::parse(rest)
            .map(Action::WorkNotice)
            .ok_or_else(|| {
                let names: Vec<&str> = Department::ALL.iter().map(|d| d.name()).collect();
                format!("unknown department: one of {}", names.join(", "))
            }),
        "escalate" => Rung::parse(rest).map(Action::Escalate).ok_or_else(|| {
            let names: Vec<&str> = Rung::ALL.iter().map(|l| l.name()).collect();
            format!("unknown level: one of {}", names.join(", "))
        }),
        "promise" => hours().map(Action::PromiseHours),
        "followup" => Ok(Action::FollowUp),
        "callback" => hours().map(Action::CallBack),
        "close" => Ok(Action::Close),
        _ => Err(format!(
            "unknown command `{verb}`: type a number or one of fill, submit, notice, escalate, promise, followup, callback, close, record, quit"
        )),
    }
}

fn print_events(
    session: &Session,
    events: &[Event],
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let scenario = session.scenario();
    let owner = session.render(&scenario.raw.persona.name, lang);
    for event in events {
        match event {
            Event::OwnerSpoke { node } => {
                writeln!(
                    out,
                    "{owner}: {}",
                    session.render(&scenario.node(*node).owner, lang)
                )?;
            }
            Event::Chose { node, option } => {
                let choice = &scenario.node(*node).options[*option];
                writeln!(out, "  ({})", session.render(&choice.feedback, lang))?;
            }
            Event::MoodChanged { from, to } => {
                writeln!(out, "  [{} {from} → {to}]", label("cli.mood", lang))?;
            }
            Event::WorkNoticeIssued { department, number } => {
                writeln!(out, "  [{number} → {}]", label(department.key(), lang))?;
            }
            Event::DeadlinePassed => writeln!(out, "  [{}]", label("cli.deadline_passed", lang))?,
            Event::WorkCompleted { .. } => {
                writeln!(out, "  [{}]", label("cli.work_completed", lang))?
            }
            _ => {}
        }
    }
    Ok(())
}

/// Prints the three sub-scores and every finding with its rule.
pub fn print_score(
    session: &Session,
    score: &Score,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "\n== {} ==", label("cli.score", lang))?;
    writeln!(
        out,
        "{} {} | {} {} | {} {} | {} {}",
        label("cli.overall", lang),
        score.overall,
        label("area.etiquette", lang),
        score.etiquette,
        label("area.procedure", lang),
        score.procedure,
        label("area.record", lang),
        score.record
    )?;
    if score.critical {
        writeln!(out, "{}", label("cli.critical", lang))?;
    }
    print_findings(&score.findings, Some(session), session.rules(), lang, out)
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

fn results(db: Option<PathBuf>, command: ResultsCommand, out: &mut dyn Write) -> CliResult {
    use crate::results::{ResultsStore, Review};
    let path = db.unwrap_or_else(|| crate::results::store_path(&crate::store::data_dir()));
    let store = ResultsStore::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let failed = |e: rusqlite::Error| format!("{}: {e}", path.display());
    let io = |e: std::io::Error| e.to_string();
    match command {
        ResultsCommand::List { trainee } => {
            for run in store.runs(trainee.as_deref()).map_err(failed)? {
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
            let lang = replay.lang;
            let text = store
                .transcript(run)
                .map_err(failed)?
                .ok_or_else(|| format!("{}: there is no run #{run}", path.display()))?;
            let file = SourceFile::new(format!("{}#{run}", path.display()), text);
            replay_source(&file, &replay, out)?;
            for review in store.reviews(run).map_err(failed)? {
                writeln!(
                    out,
                    "{} {}: {} ({}) {}",
                    label("cli.reviewed_by", lang),
                    review.supervisor,
                    review.score,
                    review.signed_at,
                    review.note
                )
                .map_err(io)?;
            }
            Ok(true)
        }
        ResultsCommand::Review {
            run,
            supervisor,
            score,
            note,
            signed_at,
        } => {
            if crate::record::parse_datetime(&signed_at).is_none() {
                return Err(format!(
                    "`{signed_at}` is not a time: write YYYY-MM-DD HH:MM"
                ));
            }
            store
                .transcript(run)
                .map_err(failed)?
                .ok_or_else(|| format!("there is no run #{run}"))?;
            store
                .review(
                    run,
                    &Review {
                        supervisor,
                        score,
                        note,
                        signed_at,
                    },
                )
                .map_err(failed)?;
            writeln!(out, "run #{run} signed off").map_err(io)?;
            Ok(true)
        }
    }
}

fn replay_file(path: &Path, replay: &ReplayArgs, out: &mut dyn Write) -> CliResult {
    let file = SourceFile::read(path).map_err(|p| p.render())?;
    replay_source(&file, replay, out)
}

fn replay_source(file: &SourceFile, replay: &ReplayArgs, out: &mut dyn Write) -> CliResult {
    let ReplayArgs {
        scenarios,
        rules: rules_path,
        lang,
    } = replay;
    let lang = *lang;
    let path = Path::new(&file.path);
    let rules = Arc::new(load_rules(rules_path)?);
    let transcript: Transcript = parse_ron(file).map_err(|problems| render_all(&problems))?;
    let library: Library = library::load(&[scenarios.to_path_buf()], &rules);
    let scenario = library.scenario(&transcript.scenario).ok_or_else(|| {
        format!(
            "{}: scenario `{}` is not in {}",
            path.display(),
            transcript.scenario,
            scenarios.display()
        )
    })?;
    if scenario.raw.version != transcript.scenario_version {
        writeln!(
            out,
            "note: the transcript was made with version {} of `{}`; the library has version {}",
            transcript.scenario_version, transcript.scenario, scenario.raw.version
        )
        .map_err(|e| e.to_string())?;
    }
    let session = transcript
        .replay(Arc::clone(scenario), rules)
        .map_err(|(index, error)| {
            format!(
                "{}: action {} cannot be replayed: {error}",
                path.display(),
                index + 1
            )
        })?;
    print_score(&session, &score(&session), lang, out).map_err(|e| e.to_string())?;
    Ok(true)
}

fn check_record_file(path: &Path, rules_path: &Path, lang: Lang, out: &mut dyn Write) -> CliResult {
    let rules = load_rules(rules_path)?;
    let file = SourceFile::read(path).map_err(|p| p.render())?;
    let record: Record = parse_ron(&file).map_err(|problems| render_all(&problems))?;
    let findings = crate::record_check::check_record(&record, &rules);
    print_findings(&findings, None, &rules, lang, out).map_err(|e| e.to_string())?;
    writeln!(out, "{}: {} findings", path.display(), findings.len()).map_err(|e| e.to_string())?;
    Ok(findings.is_empty())
}
