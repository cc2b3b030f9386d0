//! The run in progress, journaled into the results store after every action (a crash or a
//! killed app loses at most the action being taken), and the runs left unfinished, offered
//! on the start screen to resume or discard. Plain bevy, no egui.

use bevy::prelude::*;
use drill_engine::Session;
use drill_records::journal::{InProgress, JournalId, PendingRun};
use drill_views::Mode;
use drill_views::play::PlayState;
use drill_views::resume::ResumeOffer;

use crate::drills::{active_drill, resume_drill};
use crate::library::LibraryResource;
use crate::nav::{DebriefResource, PlayResource, Screen, apply_pending_nav, results_store};
use crate::profile::{ProfileResource, transcript_of};
use drill_records::clock::minute_now;

/// The journal row of the run being played, and how many actions it holds.
#[derive(Resource, Debug, Default)]
pub struct JournalResource {
    id: Option<JournalId>,
    actions: usize,
}

/// Runs left unfinished when the app last stopped, as the start screen offers them.
#[derive(Resource, Debug, Default)]
pub struct PendingRuns {
    pub runs: Vec<PendingRun>,
    pub offers: Vec<ResumeOffer>,
    /// Read once the library is ready (the offers show scenario titles).
    read: bool,
}

pub struct JournalPlugin;

impl Plugin for JournalPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<PendingRuns>()
            .add_systems(Update, read_pending_once)
            .add_systems(Last, journal_progress.before(apply_pending_nav));
    }
}

/// A new run starts with no journal row; its first action makes one.
pub fn start_journal(world: &mut World) {
    world.insert_resource(JournalResource::default());
}

/// The journal row of the run that just ended, to clear when it is saved.
pub fn end_journal(world: &mut World) -> Option<JournalId> {
    world.remove_resource::<JournalResource>()?.id
}

/// Journals the run being played when its actions changed since the last write.
fn journal_progress(world: &mut World) {
    let (Some(play), Some(journal)) = (
        world.get_resource::<PlayResource>(),
        world.get_resource::<JournalResource>(),
    ) else {
        return;
    };
    let actions = play.0.session().actions().count();
    if actions == journal.actions {
        return;
    }
    let id = journal.id;
    let written = results_store(world).and_then(|store| {
        let profile = &world.resource::<ProfileResource>().profile;
        let session = play.0.session();
        let transcript = transcript_of(session, profile);
        let run = InProgress {
            transcript: &transcript,
            mode: profile.mode.name(),
            drill: active_drill(world),
            updated_at: &minute_now(),
        };
        store
            .journal(id, &run)
            .inspect_err(|e| error!("cannot journal the run in progress: {e}"))
            .ok()
    });
    let mut journal = world.resource_mut::<JournalResource>();
    journal.actions = actions;
    journal.id = written.or(journal.id);
}

fn read_pending_once(world: &mut World) {
    if world.resource::<PendingRuns>().read || !world.resource::<LibraryResource>().ready {
        return;
    }
    read_pending(world);
}

/// Reads the unfinished runs from the store into the start screen's offers.
pub fn read_pending(world: &mut World) {
    let runs = results_store(world)
        .and_then(|store| store.pending_runs().inspect_err(|e| error!("{e}")).ok())
        .unwrap_or_default();
    let library = world.resource::<LibraryResource>();
    let offers = runs
        .iter()
        .map(|run| ResumeOffer {
            journal: run.id.0,
            trainee: run.trainee.clone(),
            title: library
                .scenario(&run.scenario)
                .map(|scenario| scenario.title().clone()),
            scenario: run.scenario.clone(),
            updated_at: run.updated_at.clone(),
        })
        .collect();
    let mut pending = world.resource_mut::<PendingRuns>();
    (pending.runs, pending.offers, pending.read) = (runs, offers, true);
}

/// Plays on an unfinished run from its last journaled action, as its trainee, in its
/// language and mode; a run the library can no longer replay stays offered, with why.
pub fn resume(world: &mut World, journal: i64) -> Option<Screen> {
    let pending = world.resource::<PendingRuns>();
    let run = pending.runs.iter().find(|run| run.id.0 == journal)?.clone();
    let session = resumed_session(world, &run)
        .inspect_err(|e| warn!("cannot resume run {journal}: {e}"))
        .ok()?;
    let actions = session.actions().count();
    {
        let mut profile = world.resource_mut::<ProfileResource>();
        profile.profile.trainee = run.trainee.clone();
        profile.profile.lang = run.lang.unwrap_or(profile.profile.lang);
    }
    // A mode this release does not know (or a live run) is played on in practice.
    let mode = Mode::from_name(&run.mode).unwrap_or(Mode::Practice);
    resume_drill(world, run.drill.clone(), mode);
    world.insert_resource(PlayResource(PlayState::new(session)));
    world.insert_resource(JournalResource {
        id: Some(run.id),
        actions,
    });
    world.remove_resource::<DebriefResource>();
    forget_offer(world, journal);
    Some(Screen::Play)
}

fn resumed_session(world: &World, run: &PendingRun) -> Result<Session, String> {
    let library = world.resource::<LibraryResource>();
    let scenario = library
        .scenario(&run.scenario)
        .cloned()
        .ok_or_else(|| format!("the library has no scenario `{}`", run.scenario))?;
    let rules = library.rules.clone().ok_or("the rule set is not loaded")?;
    run.resume(scenario, rules)
}

/// Drops an unfinished run the trainee chose not to resume.
pub fn discard(world: &mut World, journal: i64) -> Option<Screen> {
    if let Some(store) = results_store(world)
        && let Err(e) = store.discard_journal(JournalId(journal))
    {
        error!("{e}");
        return Some(Screen::Start);
    }
    forget_offer(world, journal);
    Some(Screen::Start)
}

fn forget_offer(world: &mut World, journal: i64) {
    let mut pending = world.resource_mut::<PendingRuns>();
    pending.runs.retain(|run| run.id.0 != journal);
    pending.offers.retain(|offer| offer.journal != journal);
}
