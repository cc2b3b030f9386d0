//! The shell without a window: the library as assets (with hot reload) and navigation from
//! Start to Debrief, through the same functions the screen plugins use.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use complaint_drill::automation::apply_step;
use complaint_drill::drills::{ComposerResource, DrillsFolder, DrillsResource};
use complaint_drill::journal::PendingRuns;
use complaint_drill::library::{LibraryPlugin, LibraryResource};
use complaint_drill::nav::Screen;
use complaint_drill::nav::{
    DebriefResource, NavPlugin, PendingNav, PlayResource, ReviewResource, SavedRuns, UnsavedRuns,
    apply_action, navigate,
};
use complaint_drill::profile::{DataDir, ProfileResource, open_store_at_start};
use complaint_drill::reports::ReportResource;
use drill_engine::drill::{DrillContext, Pick};
use drill_engine::{Action, Department, RecordField};
use drill_library::SourceFile;
use drill_library::drills::parse_drill;
use drill_records::ResultsStore;
use drill_records::assessment::{Assessment, Mark, Verdict};
use drill_records::trust::{KdfCost, NewSupervisor};
use drill_views::drills::{ComposerState, DrillCard, SavedDrill};
use drill_views::reports::{Report, ReportRequest};
use drill_views::review::{AssessmentRequest, Passphrase};
use drill_views::{Mode, Nav};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "complaint-drill-{name}-{}-{:?}",
        std::process::id(),
        Instant::now()
    ));
    let dir = PathBuf::from(dir.to_string_lossy().replace([' ', '{', '}', ':'], ""));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn headless_app(root: &Path, watch: bool) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            file_path: root.to_string_lossy().into_owned(),
            watch_for_changes_override: Some(watch),
            meta_check: AssetMetaCheck::Never,
            ..default()
        },
        LibraryPlugin,
        NavPlugin,
    ));
    app
}

/// Updates until `done` holds (panics after `limit`).
fn pump_until(app: &mut App, limit: Duration, mut done: impl FnMut(&mut App) -> bool) {
    let start = Instant::now();
    loop {
        app.update();
        if done(app) {
            return;
        }
        assert!(start.elapsed() < limit, "timed out");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn library(app: &App) -> &LibraryResource {
    app.world().resource::<LibraryResource>()
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

#[test]
fn the_shipped_library_loads_and_a_run_goes_from_start_to_a_perfect_debrief() {
    let data = temp_dir("data");
    let mut app = headless_app(&repo(), false);
    app.insert_resource(DataDir(data.clone()));
    pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);

    let lib = library(&app);
    assert!(lib.broken.is_empty(), "broken: {:#?}", lib.broken);
    assert_eq!(lib.scenarios.len(), 13);
    assert_eq!(lib.courses.len(), 1);
    assert_eq!(lib.courses[0].lessons.len(), 13);
    assert_eq!(
        lib.next_after("broken-entrance-gate").as_deref(),
        Some("receptionist-brushoff")
    );
    assert_eq!(screen(&app), Screen::Start);

    // A screen returns a Nav: the same path as the egui systems (PendingNav, applied in Last).
    app.world_mut().resource_mut::<PendingNav>().0 = Some(Nav::Library);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Library);

    let world = app.world_mut();
    navigate(
        world,
        Nav::Play {
            scenario: "broken-entrance-gate".into(),
        },
    );
    app.update();
    assert_eq!(screen(&app), Screen::Play);

    let world = app.world_mut();
    let expert = world
        .resource::<PlayResource>()
        .0
        .session()
        .expert_actions();
    assert!(!expert.is_empty());
    for action in expert {
        apply_action(world, action).unwrap();
    }
    let seed = world.resource::<PlayResource>().0.session().seed();
    assert_eq!(navigate(world, Nav::Debrief), Some(Screen::Debrief));
    app.update();
    assert_eq!(screen(&app), Screen::Debrief);
    let debrief = &app.world().resource::<DebriefResource>().0;
    assert_eq!(
        debrief.score().overall,
        100,
        "{:#?}",
        debrief.score().findings
    );
    assert!(!app.world().contains_resource::<PlayResource>());

    // The run was saved into the results store the CLI reads, and as a transcript file.
    let runs = &app.world().resource::<SavedRuns>().0;
    assert_eq!(runs.len(), 1);
    let stored = ResultsStore::open(&data.join("results.sqlite"))
        .unwrap()
        .runs(None)
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].id, stored[0].scenario.as_str(), stored[0].overall),
        (runs[0].id, "broken-entrance-gate", 100)
    );
    assert_eq!(stored[0].mode, "practice");
    let name = runs[0]
        .transcript
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        name,
        format!("{:06}-broken-entrance-gate.ron", runs[0].id),
        "transcripts are named after their run number"
    );
    let text = std::fs::read_to_string(&runs[0].transcript).unwrap();
    assert!(text.contains(&format!("seed: {seed}")), "{text}");

    // A supervisor opens the run from the results screen and signs it off with their account.
    let run = runs[0].id;
    let world = app.world_mut();
    assert_eq!(navigate(world, Nav::Review), Some(Screen::Review));
    assert_eq!(world.resource::<ReviewResource>().0.runs().len(), 1);
    navigate(world, Nav::OpenRun(run));
    let open = world.resource::<ReviewResource>().0.open_run().unwrap();
    assert_eq!(open.replay.as_ref().unwrap().score().overall, 100);
    assert!(open.reviews.is_empty() && open.signed.is_empty());
    let engine = open.replay.as_ref().unwrap().score().clone();
    let store = ResultsStore::open(&data.join("results.sqlite")).unwrap();
    store
        .add_supervisor(&NewSupervisor {
            name: "刘主任",
            passphrase: "刘主任的口令很长",
            created_at: "2026-12-04 09:00",
            cost: KdfCost::FOR_TESTS,
        })
        .unwrap();
    let mark = |score: u32| Mark {
        score,
        reason: "稳".into(),
    };
    let sign = |supervisor: &str, passphrase: &str| {
        Nav::SignAssessment(AssessmentRequest {
            assessment: Assessment {
                run,
                supervisor: supervisor.into(),
                etiquette: mark(engine.etiquette),
                procedure: mark(engine.procedure),
                record: mark(60),
                owner_feedback: 90,
                comments: Vec::new(),
                verdict: Verdict::Pass,
                signed_at: String::new(),
            },
            passphrase: Passphrase::new(passphrase),
        })
    };
    // A trainee at the same desk has no account; a wrong passphrase is refused.
    for (who, passphrase) in [("王芳", "随便什么口令都行"), ("刘主任", "猜的口令不对啊")]
    {
        navigate(world, sign(who, passphrase));
        let open = world.resource::<ReviewResource>().0.open_run().unwrap();
        assert!(open.signed.is_empty(), "{who} could not sign");
    }
    navigate(world, sign("刘主任", "刘主任的口令很长"));
    let review = &world.resource::<ReviewResource>().0;
    let signed = &review.open_run().unwrap().signed;
    assert_eq!(signed.len(), 1);
    assert_eq!(signed[0].assessment.record.score, 60);
    assert!(
        !signed[0].assessment.signed_at.is_empty(),
        "signed at the clock's time"
    );
    // The debrief of the run just played is still there, as the trainee left it.
    assert_eq!(navigate(world, Nav::Debrief), Some(Screen::Debrief));
    assert_eq!(world.resource::<DebriefResource>().0.session().seed(), seed);

    // Retry: the same scenario; Next: the next lesson of the course.
    let world = app.world_mut();
    assert_eq!(navigate(world, Nav::Retry), Some(Screen::Play));
    let play = &world.resource::<PlayResource>().0;
    assert_eq!(play.session().scenario().id(), "broken-entrance-gate");
    assert_eq!(navigate(world, Nav::Debrief), Some(Screen::Debrief));
    assert_eq!(navigate(world, Nav::Next), Some(Screen::Play));
    let play = &world.resource::<PlayResource>().0;
    assert_eq!(play.session().scenario().id(), "receptionist-brushoff");
    assert_eq!(world.resource::<SavedRuns>().0.len(), 2);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn a_scenario_broken_on_disk_keeps_its_last_good_version_and_lists_the_error() {
    let root = temp_dir("assets");
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::create_dir_all(root.join("scenarios")).unwrap();
    std::fs::copy(
        repo().join("rules/default.ron"),
        root.join("rules/default.ron"),
    )
    .unwrap();
    let good = std::fs::read_to_string(repo().join("scenarios/late-night-noise.ron")).unwrap();
    let path = root.join("scenarios/late-night-noise.ron");
    std::fs::write(&path, &good).unwrap();

    let mut app = headless_app(&root, true);
    pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);
    assert_eq!(library(&app).scenarios.len(), 1);
    assert!(library(&app).broken.is_empty());
    let generation = library(&app).generation;

    // Point an option at a node that does not exist.
    let at = good.find("next: \"").expect("the scenario has a `next`") + "next: \"".len();
    let end = at + good[at..].find('"').unwrap();
    let broken = format!("{}nowhere{}", &good[..at], &good[end..]);
    let line = good[..at].lines().count();
    std::fs::write(&path, broken).unwrap();

    wait_for_reload(&mut app, generation);

    let lib = library(&app);
    assert_eq!(lib.broken.len(), 1, "{:#?}", lib.broken);
    let error = &lib.broken[0];
    assert_eq!(error.path, "scenarios/late-night-noise.ron");
    let location = format!("scenarios/late-night-noise.ron:{line}:");
    assert!(
        error.error.contains(&location),
        "{location} not in {}",
        error.error
    );
    assert!(error.error.contains("nowhere"), "{}", error.error);
    // The last good version is still playable.
    assert!(lib.scenario("late-night-noise").is_some());
    assert_eq!(lib.scenarios.len(), 1);

    // Fixing the file clears the error.
    let generation = lib.generation;
    std::fs::write(&path, &good).unwrap();
    wait_for_reload(&mut app, generation);
    assert!(library(&app).broken.is_empty());
    let _ = std::fs::remove_dir_all(root);
}

/// Pumps until the library changes generation. The file watcher reloads the file; if it is
/// slow, ask for the reload as the watcher would.
fn wait_for_reload(app: &mut App, generation: u64) {
    let start = Instant::now();
    let mut asked = false;
    pump_until(app, Duration::from_secs(60), |app| {
        if !asked && start.elapsed() > Duration::from_secs(5) {
            asked = true;
            let server = app.world().resource::<AssetServer>().clone();
            server.reload("scenarios/late-night-noise.ron");
        }
        library(app).generation != generation
    });
}

#[test]
fn automation_steps_act_like_the_terminal_commands() {
    let mut app = headless_app(&repo(), false);
    pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);
    let world = app.world_mut();
    for step in [
        "play:broken-entrance-gate:7",
        "choose:1",
        "fill:Phone:138 0000 5127",
        "fill:Place:5栋2单元:一楼单元门",
        "notice:Engineering",
        "promise:24",
        "close",
    ] {
        apply_step(world, step).unwrap_or_else(|e| panic!("{step}: {e}"));
    }
    let session = world.resource::<PlayResource>().0.session();
    let actions: Vec<&Action> = session.entries().iter().map(|e| &e.action).collect();
    assert_eq!(
        actions,
        [
            &Action::Choose("greet".into()),
            &Action::Fill(RecordField::Phone, "138 0000 5127".into()),
            &Action::Fill(RecordField::Place, "5栋2单元:一楼单元门".into()),
            &Action::WorkNotice(Department::Engineering),
            &Action::PromiseHours(24),
            &Action::Close,
        ]
    );
    assert!(apply_step(world, "escalate:Nobody").is_err());
}

#[test]
fn a_run_that_cannot_be_saved_is_kept_shown_on_the_debrief_and_saved_on_the_next_try() {
    let parent = temp_dir("unsaved");
    // A file where the data folder should be: nothing can be saved into it.
    let data = parent.join("data");
    std::fs::write(&data, "not a folder").unwrap();
    let mut app = headless_app(&repo(), false);
    app.insert_resource(DataDir(data.clone()));
    pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);
    let world = app.world_mut();
    let scenario = "broken-entrance-gate".to_owned();
    navigate(world, Nav::Play { scenario });
    apply_action(world, Action::Close).unwrap();
    navigate(world, Nav::Debrief);
    let debrief = &world.resource::<DebriefResource>().0;
    let error = debrief
        .save_error()
        .expect("the debrief says the run is not saved");
    assert!(error.contains("data"), "{error}");
    assert_eq!(world.resource::<UnsavedRuns>().0.len(), 1);

    std::fs::remove_file(&data).unwrap();
    assert_eq!(navigate(world, Nav::SaveAgain), Some(Screen::Debrief));
    assert_eq!(world.resource::<DebriefResource>().0.save_error(), None);
    assert!(world.resource::<UnsavedRuns>().0.is_empty());
    let stored = ResultsStore::open(&data.join("results.sqlite"))
        .unwrap()
        .runs(None)
        .unwrap();
    assert_eq!(stored.len(), 1);
}

/// A drills folder with a roster and one assessment drill for `trainee` (seed 42).
fn drills_folder(trainee: &str) -> PathBuf {
    let folder = temp_dir("drills");
    let roster = format!("Roster(teams: {{\"desk-t\": [\"{trainee}\"]}})");
    std::fs::write(folder.join("teams.ron"), roster).unwrap();
    let drill = r#"Drill(
        id: "gate-check",
        title: (zh: "门禁考核", en: "Gate check"),
        scenarios: [Scenario("broken-entrance-gate")],
        mode: Assessment,
        seed: Shared(42),
        pass: (overall: 80),
        due: "2099-12-31",
        assigned: Team("desk-t"),
    )"#;
    std::fs::write(folder.join("gate-check.ron"), drill).unwrap();
    folder
}

fn drill_app(trainee: &str) -> (App, PathBuf, PathBuf) {
    let (data, folder) = (temp_dir("data"), drills_folder(trainee));
    let mut app = headless_app(&repo(), false);
    app.insert_resource(DataDir(data.clone()))
        .insert_resource(DrillsFolder(folder.clone()));
    app.world_mut()
        .resource_mut::<ProfileResource>()
        .profile
        .trainee = trainee.to_owned();
    pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);
    app.update();
    (app, data, folder)
}

fn cards(app: &App) -> &[DrillCard] {
    &app.world().resource::<DrillsResource>().cards
}

#[test]
fn a_drill_on_the_start_screen_plays_with_its_seed_and_mode_and_its_run_is_stored_against_it() {
    let (mut app, data, _) = drill_app("测试员");
    let play = cards(&app)
        .iter()
        .find(|card| card.drill == "gate-check")
        .and_then(DrillCard::play_request)
        .expect("the drill is on the trainee's start screen, with a scenario to play");
    let world = app.world_mut();
    assert_eq!(navigate(world, Nav::PlayDrill(play)), Some(Screen::Play));
    let session = world.resource::<PlayResource>().0.session();
    assert_eq!(session.seed(), 42);
    let profile = |world: &World| world.resource::<ProfileResource>().profile.mode;
    assert_eq!(
        profile(world),
        Mode::Assessment,
        "the drill's mode is played"
    );
    for action in session.expert_actions() {
        apply_action(world, action).unwrap();
    }
    navigate(world, Nav::Debrief);
    assert_eq!(
        profile(world),
        Mode::Practice,
        "the trainee's own mode is back"
    );

    let store = ResultsStore::open(&data.join("results.sqlite")).unwrap();
    let runs = store.drill_runs("gate-check").unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (runs[0].seed, runs[0].team.as_deref()),
        (42, Some("desk-t"))
    );
    app.update();
    let card = &cards(&app)[0];
    assert!(card.status.is_done(), "{:?}", card.status);

    // The team's report counts the run.
    let world = app.world_mut();
    let team = Nav::Report(ReportRequest::Team("desk-t".into()));
    assert_eq!(navigate(world, team), Some(Screen::Report));
    let Ok(Report::Team(report)) = &world.resource::<ReportResource>().0.report else {
        panic!("no team report");
    };
    assert_eq!((report.runs, report.trainees), (1, 1));

    // So does the drill's.
    let drill = Nav::Report(ReportRequest::Drill("gate-check".into()));
    assert_eq!(navigate(world, drill), Some(Screen::Report));
    let Ok(Report::Drill { runs, .. }) = &world.resource::<ReportResource>().0.report else {
        panic!("no drill report");
    };
    assert_eq!((runs.len(), runs[0].seed), (1, 42));
}

#[test]
fn a_composed_drill_is_written_to_the_drills_folder_once_and_never_over_an_existing_file() {
    let (mut app, _, folder) = drill_app("李强");
    let world = app.world_mut();
    let library = world.resource::<LibraryResource>();
    let roster = &world.resource::<DrillsResource>().drills.roster;
    let context = DrillContext {
        scenarios: &library.scenarios,
        rules: library.rules.as_deref().unwrap(),
        roster,
    };
    let mut composer = ComposerState::default();
    composer.id = "night-noise".into();
    (composer.title_zh, composer.title_en) = ("夜间噪音".into(), "Night noise".into());
    (composer.due, composer.team) = ("2099-01-31".into(), "desk-t".into());
    composer
        .picks
        .push(Pick::Scenario("late-night-noise".into()));
    let file = SourceFile::new(
        "drills/night-noise.ron".to_owned(),
        composer.to_raw().to_ron(),
    );
    let drill = parse_drill(&file, &context).expect("the composed drill validates");
    let saved = SavedDrill {
        file_name: "night-noise.ron".into(),
        ron: file.text.to_string(),
        drill,
    };
    let save = Nav::SaveDrill(Box::new(saved));
    assert_eq!(navigate(world, save.clone()), Some(Screen::Start));
    let written = std::fs::read_to_string(folder.join("night-noise.ron")).unwrap();
    assert_eq!(written, file.text.as_ref());
    assert!(
        world
            .resource::<DrillsResource>()
            .drills
            .drill("night-noise")
            .is_some()
    );

    assert_eq!(navigate(world, save), Some(Screen::Compose));
    let problems = world.resource::<ComposerResource>().0.problems().to_vec();
    assert!(problems[0].contains("night-noise.ron"), "{problems:?}");
    assert_eq!(
        std::fs::read_to_string(folder.join("night-noise.ron")).unwrap(),
        written
    );
}

#[test]
fn a_run_the_app_was_killed_in_is_offered_on_the_next_start_and_plays_on_from_its_last_action() {
    let data = temp_dir("journal");
    let scenario = "broken-entrance-gate".to_owned();
    let expert = {
        let mut app = headless_app(&repo(), false);
        app.insert_resource(DataDir(data.clone()));
        app.world_mut()
            .resource_mut::<ProfileResource>()
            .profile
            .trainee = "王芳".to_owned();
        pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);
        let world = app.world_mut();
        navigate(world, Nav::Play { scenario });
        let expert = world
            .resource::<PlayResource>()
            .0
            .session()
            .expert_actions();
        for action in &expert[..3] {
            apply_action(app.world_mut(), action.clone()).unwrap();
            app.update();
        }
        expert
        // The app is dropped here without finishing the run, as a kill would leave it.
    };
    let mut app = headless_app(&repo(), false);
    app.insert_resource(DataDir(data.clone()));
    pump_until(&mut app, Duration::from_secs(60), |app| library(app).ready);
    app.update();
    let offers = app.world().resource::<PendingRuns>().offers.clone();
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!(offers[0].trainee, "王芳");

    let world = app.world_mut();
    assert_eq!(
        navigate(world, Nav::Resume(offers[0].journal)),
        Some(Screen::Play)
    );
    assert_eq!(world.resource::<ProfileResource>().profile.trainee, "王芳");
    let session = world.resource::<PlayResource>().0.session();
    assert_eq!(session.actions().count(), 3, "no action was lost");
    for action in &expert[3..] {
        apply_action(world, action.clone()).unwrap();
    }
    navigate(world, Nav::Debrief);
    let store = ResultsStore::open(&data.join("results.sqlite")).unwrap();
    let runs = store.runs(None).unwrap();
    assert_eq!((runs.len(), runs[0].overall), (1, 100));
    assert!(
        store.pending_runs().unwrap().is_empty(),
        "saved and no longer pending"
    );
}

#[test]
fn a_store_file_that_is_not_a_store_is_set_aside_at_start_kept_as_it_was_and_said_so() {
    let data = temp_dir("set-aside");
    let path = data.join("results.sqlite");
    std::fs::write(&path, "a spreadsheet someone saved here").unwrap();
    let note = open_store_at_start(&data).expect("the app says what it did");
    assert!(note.0.contains("it is not an SQLite file"), "{}", note.0);
    let kept: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| std::fs::read(p).is_ok_and(|b| b == b"a spreadsheet someone saved here"))
        .collect();
    assert_eq!(
        kept.len(),
        1,
        "the old file is kept, unchanged, under a new name"
    );
    assert!(
        note.0.contains(&kept[0].display().to_string()),
        "{}",
        note.0
    );
    assert!(
        ResultsStore::open(&path)
            .unwrap()
            .runs(None)
            .unwrap()
            .is_empty()
    );
    assert!(
        open_store_at_start(&data).is_none(),
        "the new store is used from then on"
    );
}
