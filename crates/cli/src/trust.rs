//! Who may sign, in the terminal: `supervisor add|list|export-key`, `results assess` (the
//! signed two-dimension sign-off) and `results verify [--keys FILE]`. The store does the
//! work (`drill_records::trust`); this module reads flags and passphrases and prints.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use drill_engine::i18n::label;
use drill_engine::{Area, Lang, Transcript};
use drill_library::{SourceFile, parse_ron};
use drill_records::assessment::{Assessment, Mark, StepComment, Verdict};
use drill_records::results::ResultsStore;
use drill_records::trust::{
    KdfCost, MIN_PASSPHRASE_CHARS, NewSupervisor, OfficeKeys, SignedAssessment, export_keys_text,
};

use crate::{CliResult, StoreArgs, open_results};
use drill_records::clock::minute_now;

#[derive(Debug, Subcommand)]
pub enum SupervisorCommand {
    /// Add a supervisor account: a passphrase (asked twice on the terminal, at least 8
    /// characters) and a signing key sealed with it. Only supervisors sign runs off.
    Add {
        name: String,
        #[command(flatten)]
        passphrase: PassphraseArgs,
    },
    /// List the supervisor accounts with their keys' fingerprints.
    List,
    /// Print a supervisor's key fingerprint, and write their public key for the training
    /// office (to stdout, or `--out FILE`). Several exports can be put one after another
    /// in one file for `results verify --keys FILE`.
    ExportKey {
        name: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Where a passphrase comes from.
#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Read the passphrase as one line from standard input (for scripts and tests) instead
    /// of asking on the terminal.
    #[arg(long)]
    pub passphrase_stdin: bool,
}

/// A mentor's two-dimension review of a run, signed off with their passphrase.
#[derive(Debug, Args)]
pub struct AssessArgs {
    pub run: i64,
    /// The supervisor account that signs.
    #[arg(long)]
    pub supervisor: String,
    /// The mentor's etiquette score, 0-100.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub etiquette: u32,
    #[arg(long)]
    pub etiquette_reason: String,
    /// The mentor's procedure score, 0-100.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub procedure: u32,
    #[arg(long)]
    pub procedure_reason: String,
    /// The mentor's record-form score, 0-100.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub record: u32,
    #[arg(long)]
    pub record_reason: String,
    /// How well served the owner (or the colleague who played them) felt, 0-100.
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub owner_feedback: u32,
    /// `pass`, or `redo` to have the trainee take the scenario again.
    #[arg(long, value_parser = parse_verdict)]
    pub verdict: Verdict,
    /// A comment on one step, `STEP:TEXT`, the step numbered as `results show` prints it
    /// (@1 is the first); give it once per comment.
    #[arg(long = "comment", value_parser = parse_comment)]
    pub comments: Vec<StepComment>,
    /// When it was signed, `YYYY-MM-DD HH:MM`; default: now, by this computer's clock.
    #[arg(long)]
    pub signed_at: Option<String>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

fn parse_verdict(text: &str) -> Result<Verdict, String> {
    Verdict::parse(text).ok_or_else(|| format!("`{text}` is not a verdict: use pass or redo"))
}

/// `STEP:TEXT` with STEP counted from 1, as printed; stored counted from 0.
fn parse_comment(text: &str) -> Result<StepComment, String> {
    let (step, comment) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not STEP:TEXT (for example `3:apologise first`)"))?;
    let step: usize = step
        .trim()
        .parse()
        .ok()
        .filter(|step| (1..=10_000).contains(step))
        .ok_or_else(|| format!("`{step}` is not a step number: give 1 for the first step"))?;
    Ok(StepComment {
        step: step - 1,
        comment: comment.trim().to_owned(),
    })
}

/// Reads a passphrase from stdin (one line) or the terminal (without echo; twice when
/// `confirm`, for a new account).
fn read_passphrase(
    args: &PassphraseArgs,
    name: &str,
    confirm: bool,
    input: &mut dyn BufRead,
) -> Result<String, String> {
    if args.passphrase_stdin {
        let mut line = String::new();
        let read = input.read_line(&mut line).map_err(|e| e.to_string())?;
        if read == 0 {
            return Err("no passphrase on standard input: give it as one line".into());
        }
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| {
            format!(
                "cannot ask for the passphrase on the terminal ({e}): add --passphrase-stdin \
                 to give it as one line on standard input"
            )
        })
    };
    let passphrase = ask(&format!("{name}'s passphrase: "))?;
    if confirm {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(format!(
                "the passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters"
            ));
        }
        if ask("the same passphrase again: ")? != passphrase {
            return Err("the two passphrases differ: nothing was added; try again".into());
        }
    }
    Ok(passphrase)
}

/// `complaint-drill supervisor …`.
pub fn supervisor(
    store: &StoreArgs,
    command: SupervisorCommand,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> CliResult {
    let store = open_results(store)?;
    let io = |e: std::io::Error| e.to_string();
    match command {
        SupervisorCommand::Add { name, passphrase } => {
            let passphrase = read_passphrase(&passphrase, &name, true, input)?;
            let created_at = minute_now();
            let added = store
                .add_supervisor(&NewSupervisor {
                    name: &name,
                    passphrase: &passphrase,
                    created_at: &created_at,
                    cost: KdfCost::default(),
                })
                .map_err(|e| e.to_string())?;
            writeln!(
                out,
                "supervisor account {name} added; key fingerprint {}\n\
                 give the training office its key: complaint-drill supervisor export-key {name} --out FILE",
                added.fingerprint()
            )
            .map_err(io)?;
        }
        SupervisorCommand::List => {
            for supervisor in store.supervisors().map_err(|e| e.to_string())? {
                writeln!(
                    out,
                    "{}  since {}  key {}",
                    supervisor.name,
                    supervisor.created_at,
                    supervisor.fingerprint()
                )
                .map_err(io)?;
            }
        }
        SupervisorCommand::ExportKey { name, out: file } => {
            let supervisor = store
                .supervisor(&name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| {
                    format!("there is no supervisor account named `{name}` (see `supervisor list`)")
                })?;
            let text = export_keys_text(&supervisor, &minute_now());
            match file {
                Some(file) => {
                    drill_records::write_atomically(&file, text.as_bytes())
                        .map_err(|e| format!("{}: {e}", file.display()))?;
                    writeln!(
                        out,
                        "wrote {}; fingerprint to read out: {}",
                        file.display(),
                        supervisor.fingerprint()
                    )
                    .map_err(io)?;
                }
                None => write!(out, "{text}").map_err(io)?,
            }
        }
    }
    Ok(true)
}

/// `results assess`: the run must exist and each comment's step be one of its steps.
pub fn assess(
    store: &ResultsStore,
    args: AssessArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> CliResult {
    let signed_at = args.signed_at.unwrap_or_else(minute_now);
    if drill_engine::record::parse_datetime(&signed_at).is_none() {
        return Err(format!(
            "`{signed_at}` is not a time: write YYYY-MM-DD HH:MM"
        ));
    }
    let steps = steps_of(store, args.run)?;
    if let Some(comment) = args.comments.iter().find(|c| c.step >= steps) {
        return Err(format!(
            "run #{} has {steps} steps: there is no step {} to comment on",
            args.run,
            comment.step + 1
        ));
    }
    let passphrase = read_passphrase(&args.passphrase, &args.supervisor, false, input)?;
    let mark = |score, reason| Mark { score, reason };
    let assessment = Assessment {
        run: args.run,
        supervisor: args.supervisor,
        etiquette: mark(args.etiquette, args.etiquette_reason),
        procedure: mark(args.procedure, args.procedure_reason),
        record: mark(args.record, args.record_reason),
        owner_feedback: args.owner_feedback,
        comments: args.comments,
        verdict: args.verdict,
        signed_at,
    };
    let id = store
        .sign_off(&assessment, &passphrase)
        .map_err(|e| e.to_string())?;
    writeln!(
        out,
        "run #{} signed off by {} (sign-off #{id})",
        assessment.run, assessment.supervisor
    )
    .map_err(|e| e.to_string())?;
    Ok(true)
}

/// How many steps a saved run's transcript has.
fn steps_of(store: &ResultsStore, run: i64) -> Result<usize, String> {
    let text = store
        .transcript(run)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{}: there is no run #{run}", store.path().display()))?;
    let file = SourceFile::new(format!("{}#{run}", store.path().display()), text);
    let transcript: Transcript =
        parse_ron(&file).map_err(|problems| drill_library::render_all(&problems))?;
    Ok(transcript.entries.len())
}

/// `results review` no longer signs: a one-score review carried no proof of who gave it.
pub fn review_is_retired(run: i64, supervisor: &str) -> CliResult {
    Err(format!(
        "`results review` no longer signs runs off: a sign-off is now the two-dimension review, \
         signed with a supervisor account's passphrase:\n  complaint-drill results assess {run} \
         --supervisor {supervisor} --etiquette N --etiquette-reason TEXT --procedure N \
         --procedure-reason TEXT --record N --record-reason TEXT --owner-feedback N \
         --verdict pass|redo [--comment STEP:TEXT]..."
    ))
}

/// `results verify [--keys FILE]`: exits 0 only if nothing was found.
pub fn verify(store: &ResultsStore, keys: Option<&Path>, out: &mut dyn Write) -> CliResult {
    let office_keys = keys
        .map(OfficeKeys::read)
        .transpose()
        .map_err(|e| e.to_string())?;
    let report = store
        .verify(office_keys.as_ref())
        .map_err(|e| e.to_string())?;
    let io = |e: std::io::Error| e.to_string();
    for problem in &report.problems {
        writeln!(out, "{}: {problem}", store.path().display()).map_err(io)?;
    }
    for line in report.summary() {
        writeln!(out, "{line}").map_err(io)?;
    }
    Ok(report.is_clean())
}

/// The signed sign-offs of a run, for `results show`: each mark with its reason, the
/// comments, and where the mentor and the engine differ by more than 15 points.
pub fn print_sign_offs(
    store: &ResultsStore,
    run: i64,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), String> {
    let signed = store.assessments(run).map_err(|e| e.to_string())?;
    let disagreements = store.disagreements(run).map_err(|e| e.to_string())?;
    for sign_off in &signed {
        print_sign_off(sign_off, lang, out).map_err(|e| e.to_string())?;
        for differs in disagreements.iter().filter(|d| d.sign_off == sign_off.id) {
            writeln!(
                out,
                "  {} differs from the engine: engine {}, mentor {}",
                label(differs.dimension.key(), lang),
                differs.engine,
                differs.mentor
            )
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn print_sign_off(
    signed: &SignedAssessment,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let assessment = &signed.assessment;
    writeln!(
        out,
        "Signed off by {} ({}, key {}): {}, owner feedback {}",
        assessment.supervisor,
        assessment.signed_at,
        signed.key_fingerprint,
        assessment.verdict.as_str(),
        assessment.owner_feedback
    )?;
    for &area in Area::ALL {
        let mark = assessment.mark(area);
        writeln!(
            out,
            "  {} {}: {}",
            label(area.key(), lang),
            mark.score,
            mark.reason
        )?;
    }
    for comment in &assessment.comments {
        writeln!(out, "  @{}: {}", comment.step + 1, comment.comment)?;
    }
    Ok(())
}
