//! `report trainee|team|drill` (the supervisors' reports, printed as bilingual tables, with
//! `--csv FILE` / `--csv -` and `--xlsx FILE` exports) and `results rescore` (every stored
//! run replayed under a new rule set, listing whose results change and why).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use sha2::{Digest, Sha256};

use drill_library::Library;
use drill_records::export;
use drill_records::report::tables::{self, Table};
use drill_records::report::{Dimension, Month, heading};
use drill_records::rescore::{ChangedRun, RuleChange};
use drill_records::results::ResultsStore;

use crate::{CliResult, StoreArgs, load_rules, open_results};
use drill_records::clock::{minute_now, today};

/// `complaint-drill report ...`: which store, and which report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(subcommand)]
    pub report: ReportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One trainee's progress per dimension and the rules they keep breaking.
    Trainee {
        name: String,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// A team's rules most often broken, hardest scenarios, drills and mentor disagreements.
    Team {
        name: String,
        /// Only this month, `YYYY-MM` (default: every month).
        #[arg(long, value_parser = parse_month)]
        month: Option<Month>,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Every run taken for a drill, side by side.
    Drill {
        id: String,
        #[command(flatten)]
        export: ExportArgs,
    },
}

/// Where a report is also written.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write the report as CSV (UTF-8 with BOM, opens in Excel); `-` prints it instead of
    /// the tables.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Write the report as an XLSX workbook, a sheet per section.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
}

fn parse_month(text: &str) -> Result<Month, String> {
    text.parse()
        .map_err(|e: drill_records::report::BadMonth| e.to_string())
}

/// `results rescore`: the new rule set and where the scenarios are.
#[derive(Debug, Args)]
pub struct RescoreArgs {
    /// The new rule set to replay every stored run under.
    #[arg(long)]
    pub rules: PathBuf,
    /// The rule set the runs were scored under, to say which rules made the difference.
    #[arg(long, default_value = "rules/default.ron")]
    pub from_rules: PathBuf,
    /// Folder holding the scenarios the runs name.
    #[arg(long, default_value = "scenarios")]
    pub scenarios: PathBuf,
}

pub(crate) fn report(args: &ReportArgs, out: &mut dyn Write) -> CliResult {
    let store = open_results(&args.store)?;
    let failed = |e: drill_records::StoreError| e.to_string();
    let (tables, export) = match &args.report {
        ReportCommand::Trainee { name, export } => (
            tables::trainee(&store.trainee_report(name).map_err(failed)?),
            export,
        ),
        // Seam: the drills' files (who each is for, its pass marks) are not read here yet
        // (drill_library::load_drills); without them a drill is counted by who ran it.
        ReportCommand::Team {
            name,
            month,
            export,
        } => {
            let today = today();
            let report = store
                .team_report(name, *month, &[], today)
                .map_err(failed)?;
            (tables::team(&report), export)
        }
        ReportCommand::Drill { id, export } => (
            tables::drill(&store.drill_runs(id).map_err(failed)?),
            export,
        ),
    };
    write_report(&tables, export, out)?;
    Ok(true)
}

fn write_report(tables: &[Table], export: &ExportArgs, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let to_stdout = export.csv.as_deref() == Some(Path::new("-"));
    if to_stdout {
        out.write_all(&export::csv_bytes(tables)).map_err(io)?;
    } else {
        write!(out, "{}", export::text(tables)).map_err(io)?;
    }
    if let Some(path) = export.csv.as_deref().filter(|_| !to_stdout) {
        export::write_csv(path, tables).map_err(|e| e.to_string())?;
        writeln!(out, "wrote {}", path.display()).map_err(io)?;
    }
    if let Some(path) = &export.xlsx {
        export::write_xlsx(path, tables).map_err(|e| e.to_string())?;
        // With `--csv -` stdout is the CSV: the note goes nowhere rather than into it.
        if !to_stdout {
            writeln!(out, "wrote {}", path.display()).map_err(io)?;
        }
    }
    Ok(())
}

/// The name a rule set's version is stored under: its id and the start of its file's
/// SHA-256, so two edits of one rule set are never taken for the same version.
fn rules_version(path: &Path, id: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{id}@{hex}"))
}

pub(crate) fn rescore(store: &ResultsStore, args: &RescoreArgs, out: &mut dyn Write) -> CliResult {
    let new = load_rules(&args.rules)?;
    let change = RuleChange {
        old: load_rules(&args.from_rules)?,
        version: rules_version(&args.rules, new.id())?,
        new,
    };
    let library: Library = drill_library::load(std::slice::from_ref(&args.scenarios), &change.new);
    let outcome = store
        .rescore(&change, |id| library.scenario(id).cloned(), &minute_now())
        .map_err(|e| e.to_string())?;
    let io = |e: std::io::Error| e.to_string();
    writeln!(
        out,
        "rescored {} runs under {} (stored beside the old scores); {} change:",
        outcome.rescored,
        outcome.version,
        outcome.changed.len()
    )
    .map_err(io)?;
    for changed in &outcome.changed {
        writeln!(out, "{}", describe(changed)).map_err(io)?;
    }
    for (run, why) in &outcome.skipped {
        writeln!(out, "#{run} not rescored: {why}").map_err(io)?;
    }
    Ok(true)
}

/// `#12 小陈 broken-entrance-gate: overall 88 → 85 (-3), etiquette 90 → 80; E-12 15 → 25 points`
fn describe(changed: &ChangedRun) -> String {
    let scores: Vec<String> = Dimension::ALL
        .into_iter()
        .filter(|&d| changed.before.of(d) != changed.after.of(d))
        .map(|d| {
            let (before, after) = (changed.before.of(d), changed.after.of(d));
            let by = i64::from(after) - i64::from(before);
            format!(
                "{} {before} → {after} ({by:+})",
                heading(d).en.to_lowercase()
            )
        })
        .collect();
    let causes: Vec<String> = changed
        .causes
        .iter()
        .map(|c| {
            let findings = if c.old.findings == c.new.findings {
                String::new()
            } else {
                format!(" ({} → {} findings)", c.old.findings, c.new.findings)
            };
            format!(
                "{} {} → {} points{findings}",
                c.rule, c.old.points, c.new.points
            )
        })
        .collect();
    format!(
        "#{} {} {}: {}; because of {}",
        changed.run,
        changed.trainee,
        changed.scenario,
        scores.join(", "),
        if causes.is_empty() {
            "the weights or a ceiling".to_owned()
        } else {
            causes.join(", ")
        }
    )
}
