//! The supervisors' reports, read straight from the store: a trainee's progress and the rules
//! they keep breaking; a team's month (rules, hardest scenarios, drills, disagreements); a
//! drill's runs side by side; and their CSV and XLSX exports, with the Chinese intact.

use drill_engine::drill::NaiveDate;
use drill_engine::{Action, Transcript};
use drill_library::fixtures::*;
use drill_records::export::{self, BOM};
use drill_records::report::tables::{self, Table};
use drill_records::report::{Dimension, Month};
use drill_records::results::{NewRun, ResultsStore, Review};

const GATE: &str = "broken-entrance-gate";
const LIFT: &str = "lift-entrapment";

/// A run to store: who, when, for which team and drill, and how it was played.
struct Played<'a> {
    trainee: &'a str,
    team: &'a str,
    saved_at: &'a str,
    drill: Option<&'a str>,
    scenario: &'a str,
    actions: Vec<Action>,
}

fn save(store: &ResultsStore, run: Played) -> i64 {
    let (session, score) = play(run.scenario, 1, run.actions);
    let transcript = Transcript::of(&session, run.trainee);
    store
        .save(&NewRun {
            transcript: &transcript,
            score: &score,
            mode: "assessment",
            saved_at: run.saved_at,
            drill: run.drill,
            team: Some(run.team),
        })
        .unwrap()
}

fn doubting() -> Vec<Action> {
    expert_with(GATE, 1, &[("greet", choose("doubt"))])
}

/// Team A 组 in November: 小陈 argues twice, 小王 plays clean, 小李 plays the lift badly;
/// plus a run of October and one of another team that the November report must leave out.
fn november_store() -> (ResultsStore, Vec<i64>) {
    let store = ResultsStore::open_in_memory().unwrap();
    let drill = Some("november-refresher");
    let runs = vec![
        save(
            &store,
            Played {
                trainee: "小陈",
                team: "A 组",
                saved_at: "2026-10-30 09:00",
                drill: None,
                scenario: GATE,
                actions: doubting(),
            },
        ),
        save(
            &store,
            Played {
                trainee: "小陈",
                team: "A 组",
                saved_at: "2026-11-02 09:00",
                drill,
                scenario: GATE,
                actions: doubting(),
            },
        ),
        save(
            &store,
            Played {
                trainee: "小陈",
                team: "A 组",
                saved_at: "2026-11-20 09:00",
                drill: None,
                scenario: GATE,
                actions: expert_actions(GATE, 1),
            },
        ),
        save(
            &store,
            Played {
                trainee: "小王",
                team: "A 组",
                saved_at: "2026-11-03 10:00",
                drill,
                scenario: GATE,
                actions: expert_actions(GATE, 1),
            },
        ),
        save(
            &store,
            Played {
                trainee: "小李",
                team: "A 组",
                saved_at: "2026-11-04 10:00",
                drill: None,
                scenario: LIFT,
                actions: vec![Action::Close],
            },
        ),
        save(
            &store,
            Played {
                trainee: "小赵",
                team: "B 组",
                saved_at: "2026-11-05 10:00",
                drill,
                scenario: LIFT,
                actions: vec![Action::Close],
            },
        ),
    ];
    (store, runs)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn november() -> Option<Month> {
    Some("2026-11".parse().unwrap())
}

#[test]
fn a_trainees_report_shows_their_runs_oldest_first_and_the_rule_they_keep_breaking() {
    let (store, runs) = november_store();
    let report = store.trainee_report("小陈").unwrap();
    let ids: Vec<i64> = report.progress.iter().map(|r| r.run).collect();
    assert_eq!(ids, runs[..3]);
    let last = &report.progress[2];
    assert_eq!((last.scores.overall, last.scores.etiquette), (100, 100));
    assert!(report.progress[0].scores.etiquette < 100);
    let keeps: Vec<(&str, u32)> = report
        .keeps_breaking()
        .map(|c| (c.rule.as_str(), c.runs))
        .collect();
    // Everything the argument breaks, twice; nothing of the clean run.
    let (_, argued) = play(GATE, 1, doubting());
    let mut expected = rule_ids(&argued);
    expected.dedup();
    assert!(expected.contains(&"E-12".to_owned()));
    let expected: Vec<(&str, u32)> = expected.iter().map(|rule| (rule.as_str(), 2)).collect();
    assert_eq!(keeps, expected);
}

#[test]
fn a_teams_month_counts_only_that_team_and_month() {
    let (store, _) = november_store();
    let report = store.team_report("A 组", november(), &[], today()).unwrap();
    assert_eq!((report.runs, report.trainees), (4, 3));
    let e12 = report
        .rules_broken
        .iter()
        .find(|c| c.rule == "E-12")
        .expect("E-12 counted");
    assert_eq!(
        (e12.findings, e12.runs),
        (1, 1),
        "October's argument is not November's"
    );
    let hardest: Vec<&str> = report.hardest.iter().map(|s| s.scenario.as_str()).collect();
    assert_eq!(
        hardest,
        [LIFT, GATE],
        "closing the lift entrapment at once scores lowest"
    );
    assert!(report.hardest[0].mean_overall < report.hardest[1].mean_overall);

    let all_time = store.team_report("A 组", None, &[], today()).unwrap();
    assert_eq!(all_time.runs, 5);
}

#[test]
fn a_signed_assessment_that_differs_on_one_dimension_is_listed_on_that_dimension_only() {
    let (store, runs) = november_store();
    // 小王's clean run (100 on each), marked 80 on the record, 90 and 100 elsewhere. Written
    // as the trust module stores it; the report reads the marks, not the signature.
    store
        .execute_raw(&format!(
            "INSERT INTO assessments (run_id, supervisor, etiquette, etiquette_reason, procedure,
                 procedure_reason, record, record_reason, owner_feedback, verdict, signed_at,
                 run_hash, chain_head, signer_fingerprint, signature)
             VALUES ({}, '刘主任', 90, '', 100, '', 80, '表填得太简单', 85, 'pass',
                     '2026-11-21 10:00', zeroblob(32), zeroblob(32), 'abcd', zeroblob(64))",
            runs[3]
        ))
        .unwrap();
    let report = store.team_report("A 组", november(), &[], today()).unwrap();
    let listed: Vec<(i64, Dimension, u32, u32)> = report
        .disagreements
        .iter()
        .map(|d| (d.run, d.dimension, d.engine, d.mentor))
        .collect();
    assert_eq!(listed, [(runs[3], Dimension::Record, 100, 80)]);
}

#[test]
fn a_drill_without_its_file_counts_who_of_the_team_ran_it_and_leaves_passes_unknown() {
    let (store, _) = november_store();
    let report = store.team_report("A 组", november(), &[], today()).unwrap();
    let drill = &report.drills[0];
    assert_eq!(drill.drill, "november-refresher");
    assert_eq!(
        (drill.assigned, drill.completed, drill.passed, drill.runs),
        (3, 2, None, 2)
    );
    assert!((drill.completion_percent() - 66.666).abs() < 0.01);
    assert_eq!(drill.pass_percent(), None);
}

#[test]
fn a_mentor_who_differs_from_the_engine_by_more_than_fifteen_points_is_listed() {
    let (store, runs) = november_store();
    let review = |score| Review {
        supervisor: "刘主任".into(),
        score,
        note: String::new(),
        signed_at: "2026-11-21 10:00".into(),
    };
    store.review(runs[3], &review(84)).unwrap(); // 100 vs 84: 16 apart
    store.review(runs[2], &review(85)).unwrap(); // 100 vs 85: 15, not more
    let report = store.team_report("A 组", november(), &[], today()).unwrap();
    assert_eq!(report.disagreements.len(), 1, "{:?}", report.disagreements);
    let d = &report.disagreements[0];
    assert_eq!(
        (d.run, d.dimension, d.engine, d.mentor, d.gap()),
        (runs[3], Dimension::Overall, 100, 84, 16)
    );
    assert_eq!(
        (d.trainee.as_str(), d.supervisor.as_str()),
        ("小王", "刘主任")
    );
}

#[test]
fn the_drill_table_puts_every_trainees_run_of_the_drill_side_by_side_with_its_seed() {
    let (store, runs) = november_store();
    let table = &tables::drill(&store.drill_runs("november-refresher").unwrap())[0];
    assert_eq!(table.headings[4].both(), "种子 Seed");
    let rows: Vec<(String, String, String)> = table
        .rows
        .iter()
        .map(|r| (r[0].text(), r[1].text(), r[4].text()))
        .collect();
    let row = |run: i64, trainee: &str| (run.to_string(), trainee.to_owned(), "1".to_owned());
    assert_eq!(
        rows,
        [
            row(runs[1], "小陈"),
            row(runs[3], "小王"),
            row(runs[5], "小赵")
        ]
    );
}

#[test]
fn a_month_is_written_yyyy_mm_and_anything_else_says_how_to_write_it() {
    assert_eq!("2026-11".parse::<Month>().unwrap().to_string(), "2026-11");
    for bad in [
        "2026-13", "2026-1", "26-11", "november", "1999-01", "2026-00",
    ] {
        let error = bad.parse::<Month>().unwrap_err().to_string();
        assert!(error.contains("write YYYY-MM"), "{bad}: {error}");
    }
}

fn team_tables() -> Vec<Table> {
    let (store, _) = november_store();
    tables::team(&store.team_report("A 组", november(), &[], today()).unwrap())
}

fn trainee_tables() -> Vec<Table> {
    let (store, _) = november_store();
    tables::trainee(&store.trainee_report("小陈").unwrap())
}

#[test]
fn the_csv_read_back_with_a_csv_parser_has_the_bom_bilingual_headers_and_chinese_intact() {
    let bytes = export::csv_bytes(&trainee_tables());
    assert!(
        bytes.starts_with(BOM),
        "UTF-8 with a byte-order mark, for Excel"
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[BOM.len()..]);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(records[0], ["进步 Progress"]);
    assert_eq!(
        &records[1][..3],
        ["运行 Run", "学员 Trainee", "时间 Saved at"]
    );
    assert_eq!(records[2][1], "小陈");
    assert_eq!(records[2][3], GATE);
    assert!(
        records
            .iter()
            .any(|r| r[0] == "常犯规则 Rules broken, most often first")
    );
    assert!(records.iter().any(|r| r[0] == "E-12" && r[2] == "2"));
}

/// Where a line's second column starts, in terminal columns (a Chinese character is two).
fn second_column(line: &str) -> usize {
    let gap = line.find("  ").expect("columns are two spaces apart");
    let start = gap + line[gap..].len() - line[gap..].trim_start().len();
    line[..start]
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum()
}

#[test]
fn the_terminal_table_lines_up_chinese_and_latin_columns() {
    let text = export::text(&team_tables());
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "== 最难的情景 Hardest scenarios ==")
        .skip(1)
        .take(3)
        .collect();
    assert!(table[0].starts_with("情景 Scenario"), "{text}");
    let starts: Vec<usize> = table.iter().map(|l| second_column(l)).collect();
    assert_eq!(starts, [starts[0]; 3], "{table:#?}");
}

#[test]
fn an_xlsx_export_is_a_workbook_with_a_sheet_per_section() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("团队 team.xlsx");
    export::write_xlsx(&path, &team_tables()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip archive");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "reports name trainees: owner-only");
    }
}

/// `soffice --headless --convert-to csv` of `file` into `out`; returns the converted text.
fn libreoffice_to_csv(file: &std::path::Path, out: &std::path::Path) -> String {
    // Read and written as UTF-8 with commas (44, 34 = `"`, 76 = UTF-8): headless, there is no
    // import dialog to pick the character set in, and the default is the locale's.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76";
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--infilter=CSV:44,34,76",
            "--convert-to",
            filter,
        ])
        .arg("--outdir")
        .arg(out)
        .arg(file)
        .env("HOME", out)
        .status()
        .expect("LibreOffice (soffice) runs");
    assert!(status.success(), "soffice failed on {}", file.display());
    let converted = out.join(file.with_extension("csv").file_name().unwrap());
    std::fs::read_to_string(converted).unwrap()
}

#[test]
#[ignore = "needs LibreOffice: .ci/run installs it"]
fn libreoffice_opens_the_csv_and_the_xlsx_with_the_chinese_intact() {
    let dir = tempfile::tempdir().unwrap();
    let tables = trainee_tables();
    let csv_path = dir.path().join("trainee.csv");
    export::write_csv(&csv_path, &tables[..1]).unwrap();
    let xlsx_path = dir.path().join("trainee-book.xlsx");
    export::write_xlsx(&xlsx_path, &tables[..1]).unwrap();
    let out = dir.path().join("converted");
    std::fs::create_dir(&out).unwrap();

    // CSV → CSV through LibreOffice's own reader (UTF-8, comma): what it shows a person.
    let from_csv = libreoffice_to_csv(&csv_path, &out);
    // The BOM is taken as the mark it is, not kept as a stray character in the first cell.
    assert!(from_csv.starts_with("进步 Progress,"), "{from_csv}");
    assert!(from_csv.contains("学员 Trainee"), "{from_csv}");
    assert!(from_csv.contains("小陈"), "{from_csv}");
    // XLSX → CSV: the first sheet, the progress table.
    let from_xlsx = libreoffice_to_csv(&xlsx_path, &out);
    let expected_rows = tables[0].rows.len() + 1;
    assert_eq!(from_xlsx.lines().count(), expected_rows, "{from_xlsx}");
    assert!(
        from_xlsx.starts_with("运行 Run,学员 Trainee,"),
        "{from_xlsx}"
    );
    assert!(from_xlsx.contains("小陈"), "{from_xlsx}");
    assert!(from_xlsx.contains(GATE), "{from_xlsx}");
}
