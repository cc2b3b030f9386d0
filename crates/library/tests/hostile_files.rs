//! Files an attacker or an unlucky user may hand the loader: links that loop, pipes, devices,
//! huge files, byte-order marks, bytes that are not UTF-8, bad escapes, thousands of errors.
//! Each is refused or reported with where it is and what to do; nothing hangs.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use drill_library::bench::{dangling_scenario, scenario_ron};
use drill_library::fixtures::*;
use drill_library::read::MAX_FILE_BYTES;
use drill_library::{
    Level, Library, Problem, RENDERED_PER_FILE, SourceFile, load, load_files, parse_scenario,
    render_all,
};

const GATE: &str = "scenarios/broken-entrance-gate.ron";

fn gate_text() -> String {
    std::fs::read_to_string(repo_path(GATE)).unwrap()
}

/// Runs `work` on its own thread and fails if it is still running after `seconds`: a walk
/// that loops or a read that blocks must not hang the test.
fn within<T: Send + 'static>(seconds: u64, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || send.send(work()));
    receive
        .recv_timeout(Duration::from_secs(seconds))
        .expect("still running: the load loops or blocks")
}

/// A folder holding a copy of the shipped gate scenario as `gate.ron`.
fn folder_with_gate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gate.ron"), gate_text()).unwrap();
    dir
}

fn load_within(seconds: u64, folder: &Path) -> Library {
    let folder = folder.to_path_buf();
    within(seconds, move || load(&[folder], &rules()))
}

/// The warnings naming a file whose path ends with `name`.
fn warnings_about<'a>(library: &'a Library, name: &str) -> Vec<&'a Problem> {
    library
        .problems
        .iter()
        .filter(|p| p.level == Level::Warning && p.path.ends_with(name))
        .collect()
}

/// Line and column (1-based, in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn two_links_to_the_folder_itself_are_skipped_with_a_warning_and_the_load_ends() {
        let dir = folder_with_gate();
        symlink(".", dir.path().join("again")).unwrap();
        symlink(".", dir.path().join("loop")).unwrap();
        // A folder named on the command line through a link is still walked.
        let outside = tempfile::tempdir().unwrap();
        symlink(dir.path(), outside.path().join("scenarios")).unwrap();
        let library = load_within(20, &outside.path().join("scenarios"));
        assert_eq!(library.scenarios.len(), 1, "{:?}", library.problems);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        for link in ["again", "loop"] {
            let warnings = warnings_about(&library, link);
            assert_eq!(warnings.len(), 1, "{:?}", library.problems);
            assert!(
                warnings[0].message.contains("symbolic link"),
                "{}",
                warnings[0]
            );
        }
    }

    #[test]
    fn a_fifo_named_like_a_scenario_is_skipped_with_a_warning_instead_of_blocking() {
        let dir = folder_with_gate();
        let fifo = dir.path().join("x.ron");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let library = load_within(20, dir.path());
        assert_eq!(library.scenarios.len(), 1);
        let warnings = warnings_about(&library, "x.ron");
        assert_eq!(warnings.len(), 1, "{:?}", library.problems);
        assert!(
            warnings[0].message.contains("named pipe"),
            "{}",
            warnings[0]
        );
        let given = within(20, move || SourceFile::read(&fifo).map(|_| ()));
        assert!(given.unwrap_err().message.contains("named pipe"));
    }

    #[test]
    fn a_ron_link_to_dev_zero_is_skipped_without_being_read() {
        let dir = folder_with_gate();
        symlink("/dev/zero", dir.path().join("zero.ron")).unwrap();
        let library = load_within(5, dir.path());
        assert_eq!(library.scenarios.len(), 1);
        let warnings = warnings_about(&library, "zero.ron");
        assert_eq!(warnings.len(), 1, "{:?}", library.problems);
        assert!(warnings[0].message.contains("device"), "{}", warnings[0]);
    }
}

#[test]
fn a_device_given_directly_is_refused_with_a_clear_message() {
    let problem = *SourceFile::read(Path::new("/dev/null")).unwrap_err();
    assert!(
        problem.message.contains("a device, not a file"),
        "{problem}"
    );
    assert!(problem.help.contains("regular"), "{problem}");
}

#[test]
fn a_file_over_the_size_cap_is_skipped_in_a_folder_and_refused_when_given() {
    let dir = folder_with_gate();
    let huge = dir.path().join("huge.ron");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let library = load_within(20, dir.path());
    assert_eq!(library.scenarios.len(), 1);
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    let warnings = warnings_about(&library, "huge.ron");
    assert_eq!(warnings.len(), 1, "{:?}", library.problems);
    assert!(
        warnings[0].message.contains("over the limit"),
        "{}",
        warnings[0]
    );
    let given = *SourceFile::read(&huge).unwrap_err();
    assert!(given.message.contains("over the limit"), "{given}");
}

#[test]
fn a_byte_order_mark_is_accepted_and_problems_keep_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut gate = vec![0xEF, 0xBB, 0xBF];
    gate.extend(gate_text().into_bytes());
    std::fs::write(dir.path().join("gate.ron"), gate).unwrap();
    let broken = repo_path("crates/library/tests/fixtures/broken/dangling-node.ron");
    let dangling = format!("\u{feff}{}", std::fs::read_to_string(broken).unwrap());
    std::fs::write(dir.path().join("dangling.ron"), dangling).unwrap();
    let library = load(&[dir.path().to_path_buf()], &rules());
    assert_eq!(
        library.scenarios.len(),
        1,
        "{}",
        render_all(&library.problems)
    );
    let places: Vec<(usize, usize)> = library.problems.iter().map(|p| (p.line, p.col)).collect();
    assert_eq!(
        places,
        [(161, 27), (170, 27)],
        "{}",
        render_all(&library.problems)
    );
}

/// The first problem of the gate scenario with `from` replaced by `to`.
fn first_problem(from: &str, to: &str) -> (Problem, String) {
    let text = gate_text();
    assert!(text.contains(from), "{from}");
    let text = text.replacen(from, to, 1);
    let file = SourceFile::new("gate.ron", text.as_str());
    let problems = parse_scenario(&file, &rules()).unwrap_err();
    (problems[0].clone(), text)
}

#[test]
fn a_bad_escape_in_a_string_is_located_at_its_backslash() {
    for (bad, line) in [("\\q", 50), ("\\u{zz}", 50), ("\\x4", 50)] {
        let (problem, text) = first_problem("请这边坐", &format!("请这{bad}边坐"));
        let at = text.find(bad).unwrap();
        assert_eq!(
            (problem.line, problem.col),
            line_col(&text, at),
            "{bad}: {problem}"
        );
        assert_eq!(problem.line, line);
        assert!(problem.help.contains("\\u{"), "{problem}");
    }
}

#[test]
fn an_unclosed_raw_string_is_located_at_its_r_with_a_hint_to_close_it() {
    let (problem, text) = first_problem("\"门禁坏了", "r#\"门禁坏了");
    let at = text.find("r#\"门禁").unwrap();
    assert_eq!(
        (problem.line, problem.col),
        line_col(&text, at),
        "{problem}"
    );
    assert!(problem.help.contains("\"#"), "{problem}");
}

#[test]
fn a_byte_that_is_not_utf8_is_located_at_its_line_and_column_with_a_hint_to_save_as_utf8() {
    let text = gate_text();
    let at = text.find("请这边坐").unwrap();
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xFF);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin.ron");
    std::fs::write(&path, &bytes).unwrap();
    let problem = *SourceFile::read(&path).unwrap_err();
    let valid = std::str::from_utf8(&bytes[..at]).unwrap();
    assert_eq!(
        (problem.line, problem.col),
        line_col(valid, at),
        "{problem}"
    );
    assert!(problem.message.contains("0xFF"), "{problem}");
    assert!(problem.help.contains("save the file as UTF-8"), "{problem}");
    assert!(problem.render().contains("请这"), "{}", problem.render());
}

#[test]
fn a_file_with_5000_dangling_nexts_reports_every_one_and_renders_the_first_50() {
    let text = scenario_ron(&dangling_scenario(5000));
    let file = SourceFile::new("dangling.ron", text.as_str());
    let problems = parse_scenario(&file, &rules()).unwrap_err();
    assert_eq!(problems.len(), 5000);
    let (mut from, mut line) = (0, 1);
    for (k, problem) in problems.iter().enumerate() {
        let next = format!("next: \"missing-{k}\"");
        let at = from + text[from..].find(&next).unwrap() + "next: ".len();
        line += text[from..at].matches('\n').count();
        let line_start = text[..at].rfind('\n').unwrap() + 1;
        let col = text[line_start..at].chars().count() + 1;
        assert_eq!((problem.line, problem.col), (line, col), "{problem}");
        from = at;
    }
    let rendered = render_all(&problems);
    assert_eq!(rendered.matches("╰── here").count(), RENDERED_PER_FILE);
    assert!(
        rendered.ends_with("… and 4950 more problems in dangling.ron"),
        "{}",
        &rendered[rendered.len() - 200..]
    );
}

#[test]
fn a_library_validated_on_all_cores_keeps_its_files_in_order() {
    let gate = gate_text();
    let broken = std::fs::read_to_string(repo_path(
        "crates/library/tests/fixtures/broken/dangling-node.ron",
    ))
    .unwrap();
    let files: Vec<SourceFile> = (0..64)
        .map(|n| {
            let text = match n % 3 {
                0 => gate.replacen("broken-entrance-gate", &format!("gate-{n}"), 1),
                1 => broken.clone(),
                _ => gate.clone(),
            };
            SourceFile::new(format!("{n:02}.ron"), text)
        })
        .collect();
    let library = load_files(&files, &rules());
    let ids: Vec<String> = library
        .scenarios
        .iter()
        .map(|s| s.id().to_owned())
        .collect();
    let mut expected: Vec<String> = (0..64).step_by(3).map(|n| format!("gate-{n}")).collect();
    expected.insert(1, "broken-entrance-gate".into());
    assert_eq!(ids, expected);
    let broken_files: Vec<String> = (1..64)
        .filter(|n| n % 3 != 0 && *n != 2)
        .map(|n| format!("{n:02}.ron"))
        .collect();
    assert_eq!(library.broken, broken_files);
    let paths: Vec<&str> = library.problems.iter().map(|p| p.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "problems in file order");
}
