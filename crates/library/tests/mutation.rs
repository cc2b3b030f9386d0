//! Random mutants of the shipped scenario, rule-set, course and transcript files through
//! the loader, in the test profile so that an integer overflow panics: none may panic.
//! Seeded (each mutant from its own number), so a failure reproduces; the first panicking
//! mutants are written to a temporary folder. `DRILL_MUTATION_SECONDS=600` keeps going
//! past the minimum count for that long.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;

use drill_engine::{RuleSet, Session, Transcript, score};
use drill_library::fixtures::*;
use drill_library::{
    Library, SourceFile, load_source, parse_ron, parse_rules, parse_scenario, render_all,
};

/// At least this many mutants are tried, whatever the time budget.
const MUTANTS: u64 = 10_000;
const SEED: u64 = 0x13;
/// Panicking mutants written out for reproduction.
const KEPT: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Scenario,
    RuleSet,
    Course,
    Transcript,
}

/// A shipped file, the seed of many mutants.
struct Original {
    name: String,
    kind: Kind,
    bytes: Vec<u8>,
}

/// What the mutants are checked against: the shipped rules and library.
struct World {
    rules: Arc<RuleSet>,
    library: Library,
    /// The shipped scenario files, checked again under each rule-set mutant.
    scenarios: Vec<SourceFile>,
    originals: Vec<Original>,
}

fn world() -> World {
    let mut originals: Vec<Original> = scenario_files()
        .iter()
        .chain([&repo_path("rules/default.ron")])
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let kind = match name.as_str() {
                "course.ron" => Kind::Course,
                "default.ron" => Kind::RuleSet,
                _ => Kind::Scenario,
            };
            let bytes = std::fs::read(path).unwrap();
            Original { name, kind, bytes }
        })
        .collect();
    let library = shipped_library();
    originals.extend(library.scenarios.iter().map(|scenario| {
        let played = Session::new(Arc::clone(scenario), rules(), 1)
            .expert_run()
            .unwrap();
        Original {
            name: format!("{}.transcript.ron", scenario.id()),
            kind: Kind::Transcript,
            bytes: Transcript::of(&played, "小陈").to_ron().into_bytes(),
        }
    }));
    let scenarios = scenario_files()
        .iter()
        .filter(|path| !path.ends_with("course.ron"))
        .map(|path| SourceFile::read(path).unwrap())
        .collect();
    World {
        rules: rules(),
        library,
        scenarios,
        originals,
    }
}

/// Numbers at and past the edges of every integer type the files hold.
const HUGE: [&str; 10] = [
    "4294967295",
    "4294967296",
    "2147483648",
    "-2147483649",
    "18446744073709551615",
    "99999999999999999999999",
    "-9223372036854775808",
    "65535",
    "256",
    "-1",
];

/// One random change to `bytes`, described for the report.
fn mutate(bytes: &mut Vec<u8>, rng: &mut StdRng) -> String {
    let at = rng.random_range(0..bytes.len());
    match rng.random_range(0..5) {
        0 => {
            let byte = rng.random::<u8>();
            bytes[at] = byte;
            format!("byte {at} set to 0x{byte:02X}")
        }
        1 => {
            let len = rng.random_range(1..=64).min(bytes.len() - at);
            bytes.drain(at..at + len);
            format!("{len} bytes deleted at {at}")
        }
        2 => {
            let len = rng.random_range(1..=256).min(bytes.len() - at);
            let to = rng.random_range(0..=bytes.len());
            let span = bytes[at..at + len].to_vec();
            bytes.splice(to..to, span);
            format!("{len} bytes from {at} copied to {to}")
        }
        3 => huge_number(bytes, at, rng),
        _ => drop_delimiter(bytes, at),
    }
}

/// The first run of digits from `at` (wrapping) replaced by a number at a type's edge.
fn huge_number(bytes: &mut Vec<u8>, at: usize, rng: &mut StdRng) -> String {
    let Some(start) = (at..bytes.len())
        .chain(0..at)
        .find(|&i| bytes[i].is_ascii_digit())
    else {
        return "no digits".into();
    };
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    let number = HUGE[rng.random_range(0..HUGE.len())];
    bytes.splice(start..end, number.bytes());
    format!("number at {start} set to {number}")
}

/// The first quote or bracket from `at` (wrapping) removed.
fn drop_delimiter(bytes: &mut Vec<u8>, at: usize) -> String {
    let delimiter = |b: u8| b"\"()[]{}".contains(&b);
    match (at..bytes.len())
        .chain(0..at)
        .find(|&i| delimiter(bytes[i]))
    {
        Some(i) => {
            let removed = bytes.remove(i) as char;
            format!("`{removed}` removed at {i}")
        }
        None => "no delimiter".into(),
    }
}

/// Mutant number `index`: one to three changes to one shipped file.
fn mutant(world: &World, index: u64) -> (&Original, Vec<u8>, Vec<String>) {
    let mut rng = StdRng::seed_from_u64(SEED ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let original = &world.originals[rng.random_range(0..world.originals.len())];
    let mut bytes = original.bytes.clone();
    let changes = (0..rng.random_range(1..=3))
        .map(|_| mutate(&mut bytes, &mut rng))
        .collect();
    (original, bytes, changes)
}

/// Everything the loader, the app and `replay` do with such a file; true if it loads.
fn exercise(world: &World, kind: Kind, name: &str, bytes: Vec<u8>) -> bool {
    let file = match SourceFile::from_bytes(name, bytes) {
        Ok(file) => file,
        Err(problem) => {
            std::hint::black_box(problem.render());
            return false;
        }
    };
    let mut library = Library::default();
    load_source(&file, &world.rules, &mut library);
    let first: Vec<_> = library.problems.iter().take(3).cloned().collect();
    std::hint::black_box(render_all(&first));
    match kind {
        Kind::RuleSet => play_under_mutated_rules(world, &file),
        Kind::Transcript => return replay_mutated_transcript(world, &file),
        Kind::Scenario | Kind::Course => {}
    }
    library.problems.is_empty()
}

/// A rule set that still parses, checked against every shipped scenario (each lint plays
/// the expert path and scores it under those rules).
fn play_under_mutated_rules(world: &World, file: &SourceFile) {
    let Ok(rules) = parse_rules(file) else {
        return;
    };
    let rules = Arc::new(rules);
    for scenario in &world.scenarios {
        let _ = parse_scenario(scenario, &rules);
    }
}

/// A transcript that still parses, replayed and re-scored; true if it replays.
fn replay_mutated_transcript(world: &World, file: &SourceFile) -> bool {
    let Ok(transcript) = parse_ron::<Transcript>(file) else {
        return false;
    };
    let Some(scenario) = world.library.scenario(&transcript.scenario) else {
        return false;
    };
    match transcript.replay(Arc::clone(scenario), Arc::clone(&world.rules)) {
        Ok(session) => {
            std::hint::black_box((score(&session), transcript.mismatches(&session)));
            true
        }
        Err(_) => false,
    }
}

thread_local! {
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A mutant that panicked.
struct Panic {
    index: u64,
    original: String,
    changes: Vec<String>,
    message: String,
    bytes: Vec<u8>,
}

/// Whether mutant `index` loaded, or how it panicked.
fn try_mutant(world: &World, index: u64) -> Result<bool, Panic> {
    let (original, bytes, changes) = mutant(world, index);
    let copy = bytes.clone();
    let run = || exercise(world, original.kind, &original.name, copy);
    catch_unwind(AssertUnwindSafe(run)).map_err(|_| Panic {
        index,
        original: original.name.clone(),
        changes,
        message: PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default(),
        bytes,
    })
}

/// The panics, grouped by where they happened, with the first few mutants written out.
fn report(panics: &[Panic]) -> String {
    let folder: PathBuf = std::env::temp_dir().join("drill-mutants");
    std::fs::create_dir_all(&folder).unwrap();
    let mut text = String::new();
    for panic in panics.iter().take(KEPT) {
        let path = folder.join(format!("mutant-{}-{}", panic.index, panic.original));
        std::fs::write(&path, &panic.bytes).unwrap();
        let changes = panic.changes.join("; ");
        let _ = writeln!(
            text,
            "mutant {} of {} ({changes}) -> {}\n  {}",
            panic.index,
            panic.original,
            path.display(),
            panic.message.replace('\n', " ")
        );
    }
    let mut places: Vec<(String, usize)> = Vec::new();
    for panic in panics {
        // `panicked at FILE:LINE:COL:` and the message, without the mutant's own values.
        let place: String = panic.message.lines().take(2).collect::<Vec<_>>().join(" ");
        match places.iter_mut().find(|(p, _)| *p == place) {
            Some((_, count)) => *count += 1,
            None => places.push((place, 1)),
        }
    }
    for (place, count) in places {
        let _ = writeln!(text, "{count} x {place}");
    }
    text
}

#[test]
fn ten_thousand_mutants_of_the_shipped_files_never_panic_the_loader() {
    let world = world();
    let budget: f64 = std::env::var("DRILL_MUTATION_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
    }));
    let start = Instant::now();
    let (mut tried, mut loaded, mut panics) = (0, 0, Vec::new());
    while tried < MUTANTS || start.elapsed().as_secs_f64() < budget {
        let outcomes: Vec<_> = (tried..tried + 1000)
            .into_par_iter()
            .map(|i| try_mutant(&world, i))
            .collect();
        for outcome in outcomes {
            match outcome {
                Ok(accepted) => loaded += usize::from(accepted),
                Err(panic) => panics.push(panic),
            }
        }
        tried += 1000;
    }
    std::panic::set_hook(default_hook);
    println!(
        "{tried} mutants in {:.1} s: {loaded} still load (or replay), {} panicked",
        start.elapsed().as_secs_f64(),
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} of {tried} mutants panicked:\n{}",
        panics.len(),
        report(&panics)
    );
}
