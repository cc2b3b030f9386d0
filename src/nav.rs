//! The [`Screen`] state, and turning a screen's [`Nav`] into the next screen and the run
//! resources. Plain bevy, no egui: the screens only put the `Nav` in [`PendingNav`]; this
//! module imports none of them.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use drill_engine::{Action, Session, SessionError, score};
use drill_records::results::{self, ResultsStore};
use drill_views::Nav;
use drill_views::debrief::DebriefState;
use drill_views::library::LibraryState;
use drill_views::live::LiveState;
use drill_views::play::PlayState;
use drill_views::review::{AssessmentRequest, Integrity, OpenRun, ReviewState};

use crate::drills::{
    DrillsPlugin, DrillsResource, leave_drill, save_drill, stamp_run, start_drill_run,
};
use crate::journal::{JournalPlugin, discard, end_journal, resume, start_journal};
use crate::library::LibraryResource;
use crate::profile::{
    DataDir, ProfileResource, SavedRun, StoreSetAside, UnsavedRun, fresh_seed, save_run,
};
use crate::reports::open_report;

/// The screen shown: each screen's plugin runs only in its state.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Start,
    Library,
    Play,
    Debrief,
    /// Saved runs and supervisors' reviews.
    Review,
    Settings,
    /// A live role-play: the supervisor's console.
    Live,
    /// The drill composer.
    Compose,
    /// A trainee's or a team's report.
    Report,
}

/// The `Nav` a screen returned this frame, applied in `Last` by [`apply_pending_nav`].
#[derive(Resource, Debug, Default)]
pub struct PendingNav(pub Option<Nav>);

/// The run being played.
#[derive(Resource, Debug)]
pub struct PlayResource(pub PlayState);

/// The live role-play being run from the supervisor's console.
#[derive(Resource, Debug)]
pub struct LiveResource(pub LiveState);

/// The finished run being debriefed.
#[derive(Resource, Debug)]
pub struct DebriefResource(pub DebriefState);

/// The review screen: the runs listed, the run opened, the supervisor's form.
#[derive(Resource, Debug, Default)]
pub struct ReviewResource(pub ReviewState);

/// The library screen's filters.
#[derive(Resource, Debug, Default)]
pub struct LibraryViewResource(pub LibraryState);

/// Runs saved since the app started (newest last): results-store ids and transcript files.
#[derive(Resource, Debug, Default)]
pub struct SavedRuns(pub Vec<SavedRun>);

/// Finished runs that could not be saved yet (oldest first), tried again at the next save.
#[derive(Resource, Debug, Default)]
pub struct UnsavedRuns(pub Vec<UnsavedRun>);

/// The screen state, the run resources and [`apply_pending_nav`].
pub struct NavPlugin;

impl Plugin for NavPlugin {
    fn build(&self, app: &mut App) {
        app.init_state::<Screen>()
            .add_message::<RequestRedraw>()
            .init_resource::<PendingNav>()
            .init_resource::<ProfileResource>()
            .init_resource::<LibraryViewResource>()
            .init_resource::<SavedRuns>()
            .init_resource::<UnsavedRuns>()
            .init_resource::<ReviewResource>()
            .add_plugins((DrillsPlugin, JournalPlugin))
            .add_systems(Last, apply_pending_nav);
    }
}

pub fn apply_pending_nav(world: &mut World) {
    if let Some(nav) = world.resource_mut::<PendingNav>().0.take() {
        navigate(world, nav);
    }
}

/// Applies `nav`: sets `NextState<Screen>` and creates or finishes the run; returns the
/// screen it goes to (`None`: stays, e.g. the scenario is unknown).
pub fn navigate(world: &mut World, nav: Nav) -> Option<Screen> {
    let next = match nav {
        Nav::Start => Some(Screen::Start),
        Nav::Library => {
            load_progress(world);
            Some(Screen::Library)
        }
        Nav::Settings => Some(Screen::Settings),
        Nav::Play { scenario } => {
            leave_drill(world);
            start_run(world, &scenario, fresh_seed())
        }
        Nav::Debrief => finish_run(world),
        Nav::SaveAgain => save_again(world),
        Nav::Retry => current_scenario(world).and_then(|id| start_run(world, &id, fresh_seed())),
        Nav::PlayDrill(play) => start_drill_run(world, &play),
        Nav::ComposeDrill => Some(Screen::Compose),
        Nav::SaveDrill(saved) => save_drill(world, &saved),
        Nav::Report(request) => {
            open_report(world, &request);
            Some(Screen::Report)
        }
        Nav::Resume(journal) => resume(world, journal),
        Nav::DiscardRun(journal) => discard(world, journal),
        Nav::Next => match current_scenario(world)
            .and_then(|id| world.resource::<LibraryResource>().next_after(&id))
        {
            Some(id) => start_run(world, &id, fresh_seed()),
            None => Some(Screen::Library),
        },
        Nav::Review => {
            list_runs(world);
            Some(Screen::Review)
        }
        Nav::OpenRun(run) => {
            open_run(world, run);
            Some(Screen::Review)
        }
        Nav::SignAssessment(request) => {
            sign_assessment(world, &request);
            Some(Screen::Review)
        }
        Nav::PlayLive { scenario } => {
            leave_drill(world);
            start_live(world, &scenario, fresh_seed())
        }
        Nav::FinishLive => finish_live(world),
    };
    save_profile(world);
    if let Some(screen) = next {
        world.resource_mut::<NextState<Screen>>().set(screen);
    }
    world.write_message(RequestRedraw);
    next
}

/// Starts a run of scenario `id` with `seed` (recorded in the transcript).
pub fn start_run(world: &mut World, id: &str, seed: u64) -> Option<Screen> {
    let session = new_session(world, id, seed, "playing")?;
    world.insert_resource(PlayResource(PlayState::new(session)));
    start_journal(world);
    world.remove_resource::<DebriefResource>();
    Some(Screen::Play)
}

/// A new session of the library's scenario `id` with `seed`; `None` (logged) if there is no
/// such valid scenario. `doing` names the run in the log.
fn new_session(world: &World, id: &str, seed: u64, doing: &str) -> Option<Session> {
    let library = world.resource::<LibraryResource>();
    let (Some(scenario), Some(rules)) = (library.scenario(id).cloned(), library.rules.clone())
    else {
        warn!("cannot start `{id}`: no such valid scenario");
        return None;
    };
    info!("{doing} `{id}` with seed {seed}");
    Some(Session::new(scenario, rules, seed))
}

/// Starts a live role-play of scenario `id`: the supervisor's console drives the session.
pub fn start_live(world: &mut World, id: &str, seed: u64) -> Option<Screen> {
    let session = new_session(world, id, seed, "live role-play of")?;
    world.insert_resource(LiveResource(LiveState::new(session)));
    world.remove_resource::<DebriefResource>();
    Some(Screen::Live)
}

/// Ends a live role-play: scored exactly as a played run, saved as a `live` run, debriefed;
/// the role-player's owner-feedback score waits in the review form for the mentor.
fn finish_live(world: &mut World) -> Option<Screen> {
    let LiveResource(live) = world.remove_resource::<LiveResource>()?;
    let run = live.into_run();
    let mut debrief = debrief_of(run.session);
    if world.contains_resource::<DataDir>() {
        let profile = &world.resource::<ProfileResource>().profile;
        let mut unsaved = UnsavedRun::of(debrief.session(), debrief.score(), profile)
            .played_live(run.owner_feedback);
        stamp_run(world, &mut unsaved);
        world.resource_mut::<UnsavedRuns>().0.push(unsaved);
        debrief.set_save_error(save_unsaved(world));
    }
    world
        .resource_mut::<ReviewResource>()
        .0
        .set_role_player_feedback(run.owner_feedback);
    world.insert_resource(DebriefResource(debrief));
    Some(Screen::Debrief)
}

/// The debrief of a run, scored here once: the score shown is the score saved.
fn debrief_of(session: Session) -> DebriefState {
    let score = score(&session);
    DebriefState::new(session, score)
}

/// Ends the run: scores it once, saves it with that score, and debriefs it.
pub fn finish_run(world: &mut World) -> Option<Screen> {
    let Some(PlayResource(play)) = world.remove_resource::<PlayResource>() else {
        // Already debriefing (e.g. a double click): stay there.
        return world
            .contains_resource::<DebriefResource>()
            .then_some(Screen::Debrief);
    };
    let mut debrief = debrief_of(play.into_session());
    if world.contains_resource::<DataDir>() {
        let profile = &world.resource::<ProfileResource>().profile;
        let mut run = UnsavedRun::of(debrief.session(), debrief.score(), profile);
        run.journal = end_journal(world);
        stamp_run(world, &mut run);
        world.resource_mut::<UnsavedRuns>().0.push(run);
        debrief.set_save_error(save_unsaved(world));
    }
    world.insert_resource(DebriefResource(debrief));
    Some(Screen::Debrief)
}

/// Tries to save every run not saved yet, oldest first; returns why one could not be (it
/// and the runs after it stay in memory for the next try).
fn save_unsaved(world: &mut World) -> Option<String> {
    let DataDir(dir) = world.get_resource::<DataDir>()?.clone();
    let mut pending = std::mem::take(&mut world.resource_mut::<UnsavedRuns>().0).into_iter();
    let mut error = None;
    for run in pending.by_ref() {
        match save_run(&dir, &run) {
            Ok(saved) => {
                info!("run #{} saved to {}", saved.id, saved.transcript.display());
                world.resource_mut::<SavedRuns>().0.push(saved);
            }
            Err(e) => {
                error!("cannot save the run: {e}");
                error = Some(e);
                world.resource_mut::<UnsavedRuns>().0.push(run);
                break;
            }
        }
    }
    world.resource_mut::<UnsavedRuns>().0.extend(pending);
    error
}

/// The debrief's "Save again": tries the unsaved runs again and says how it went.
fn save_again(world: &mut World) -> Option<Screen> {
    let error = save_unsaved(world);
    if let Some(mut debrief) = world.get_resource_mut::<DebriefResource>() {
        debrief.0.set_save_error(error);
    }
    Some(Screen::Debrief)
}

/// Applies one session action to the run being played (automation and tests; the play
/// screen applies its own through the view).
pub fn apply_action(world: &mut World, action: Action) -> Result<(), SessionError> {
    let Some(mut play) = world.get_resource_mut::<PlayResource>() else {
        return Err(SessionError::Closed);
    };
    play.0.apply_action(action).map(drop)
}

/// The results store of the data folder; an error is logged.
pub(crate) fn results_store(world: &World) -> Option<ResultsStore> {
    store_or_error(world)?.inspect_err(|e| error!("{e}")).ok()
}

/// The results store, or why it cannot be opened (with its path); `None` without a data folder.
pub(crate) fn store_or_error(world: &World) -> Option<Result<ResultsStore, String>> {
    let DataDir(dir) = world.get_resource::<DataDir>()?;
    let path = results::store_path(dir);
    Some(ResultsStore::open(&path).map_err(|e| e.to_string()))
}

/// The trainee's best score per scenario, from the results store, for the library's ticks.
fn load_progress(world: &mut World) {
    let trainee = world.resource::<ProfileResource>().profile.trainee.clone();
    let Some(store) = results_store(world) else {
        return;
    };
    let runs = store.runs(Some(&trainee)).inspect_err(|e| error!("{e}"));
    let mut best = std::collections::BTreeMap::new();
    for run in runs.unwrap_or_default() {
        let score = best.entry(run.scenario).or_insert(run.overall);
        *score = (*score).max(run.overall);
    }
    world.resource_mut::<LibraryViewResource>().0.best = best;
}

/// Reads the saved runs into the review screen, newest first; an unreadable store is shown
/// as such, not as an empty list.
fn list_runs(world: &mut World) {
    let runs = match store_or_error(world) {
        None => Ok(Vec::new()),
        Some(store) => store.and_then(|store| store.runs(None).map_err(|e| e.to_string())),
    };
    let integrity = results_store(world).map(|store| integrity_of(&store));
    let integrity = match world.get_resource::<StoreSetAside>() {
        Some(StoreSetAside(note)) => Some(Integrity::Broken(match integrity {
            Some(Integrity::Broken(text)) => format!("{note}\n{text}"),
            _ => note.clone(),
        })),
        None => integrity,
    };
    let drills = &world.resource::<DrillsResource>().drills;
    let teams = drills.roster.team_names().map(str::to_owned).collect();
    let drill_ids = drills.drills.iter().map(|d| d.id().to_owned()).collect();
    let review = &mut world.resource_mut::<ReviewResource>().0;
    (review.teams, review.drills) = (teams, drill_ids);
    match runs {
        Ok(runs) => review.set_runs(runs),
        Err(error) => review.store_unreadable(error),
    }
    review.set_integrity(integrity);
}

/// What `results verify` says of the store, for the review screen's integrity line.
fn integrity_of(store: &ResultsStore) -> Integrity {
    match store.verify(None) {
        Ok(report) if report.is_clean() => Integrity::Verified {
            runs: report.runs,
            sign_offs: report.sign_offs,
        },
        Ok(report) => Integrity::Broken(report.summary().join("\n")),
        Err(e) => Integrity::Broken(e.to_string()),
    }
}

/// Opens a saved run for review: replayed on the library's scenario, with its sign-offs.
fn open_run(world: &mut World, run: i64) {
    let Some(store) = results_store(world) else {
        return;
    };
    let listed = |world: &World| {
        world
            .resource::<ReviewResource>()
            .0
            .runs()
            .iter()
            .find(|summary| summary.id == run)
            .cloned()
    };
    // A run saved since the list was read is found after reading it again.
    if listed(world).is_none() {
        list_runs(world);
    }
    let Some(summary) = listed(world) else {
        warn!("there is no run #{run} in the results store");
        return;
    };
    let library = world.resource::<LibraryResource>();
    let replay = match library.rules.clone() {
        Some(rules) => store
            .replay_run(run, |id| library.scenario(id).cloned(), rules)
            .map(debrief_of),
        None => Err("the rule set is not loaded".to_owned()),
    };
    let logged = |e: &drill_records::StoreError| error!("{e}");
    let reviews = store.reviews(run).inspect_err(logged).unwrap_or_default();
    let signed = store
        .assessments(run)
        .inspect_err(logged)
        .unwrap_or_default();
    world.resource_mut::<ReviewResource>().0.open(OpenRun {
        summary,
        replay,
        reviews,
        signed,
    });
}

/// Signs a mentor's two-dimension review with their passphrase (refused for anyone without
/// a supervisor account, and for a wrong passphrase), then shows the run with it.
fn sign_assessment(world: &mut World, request: &AssessmentRequest) {
    let mut assessment = request.assessment.clone();
    assessment.signed_at = drill_records::clock::minute_now();
    let run = assessment.run;
    let signed = results_store(world)
        .ok_or_else(|| "the results store cannot be opened".to_owned())
        .and_then(|store| {
            store
                .sign_off(&assessment, request.passphrase.expose())
                .map_err(|e| e.to_string())
        });
    match signed {
        Ok(_) => {
            info!("run #{run} signed off by {}", assessment.supervisor);
            list_runs(world);
            open_run(world, run);
            world.resource_mut::<ReviewResource>().0.signed_off();
        }
        Err(e) => {
            warn!("run #{run} not signed off: {e}");
            world.resource_mut::<ReviewResource>().0.sign_off_failed(e);
        }
    }
}

fn current_scenario(world: &World) -> Option<String> {
    world
        .get_resource::<PlayResource>()
        .map(|p| p.0.session().scenario().id().to_owned())
        .or_else(|| {
            world
                .get_resource::<DebriefResource>()
                .map(|d| d.0.session().scenario().id().to_owned())
        })
}

fn save_profile(world: &mut World) {
    let Some(DataDir(dir)) = world.get_resource::<DataDir>().cloned() else {
        return;
    };
    if let Err(e) = world
        .resource_mut::<ProfileResource>()
        .save_if_changed(&dir)
    {
        error!("cannot save the profile: {e}");
    }
}
