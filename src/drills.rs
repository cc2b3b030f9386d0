//! Drills in the shell: the files of `drills/` (and the roster) read through the library's
//! door against the loaded scenarios, the trainee's "My drills" cards, a drill run's seed,
//! mode and stamp, and the composer's drill written as a new file. Plain bevy, no egui.

use std::path::PathBuf;

use bevy::prelude::*;
use drill_library::drills::{Drills, load_drills};
use drill_records::clock::today;
use drill_records::drill_runs::status_of;
use drill_views::Mode;
use drill_views::drills::{ComposerState, DrillCard, PlayDrill, SavedDrill};

use crate::library::LibraryResource;
use crate::nav::{Screen, results_store, start_run};
use crate::profile::{ProfileResource, UnsavedRun};

/// The folder drill files are read from and written to (`drills/` beside `scenarios/`).
#[derive(Resource, Debug, Clone)]
pub struct DrillsFolder(pub PathBuf);

/// The drills as last read, and the start screen's cards for one trainee.
#[derive(Resource, Debug, Default)]
pub struct DrillsResource {
    pub drills: Drills,
    pub cards: Vec<DrillCard>,
    /// Whose cards these are; the start screen's name field may have changed since.
    cards_for: Option<String>,
    /// The library generation the drills were checked against.
    library_generation: Option<u64>,
}

/// The drill composer's form, kept while the supervisor is on another screen.
#[derive(Resource, Debug, Default)]
pub struct ComposerResource(pub ComposerState);

/// The drill the run being played is for, and the mode the trainee had chosen before it.
#[derive(Resource, Debug)]
struct ActiveDrill {
    drill: String,
    team: Option<String>,
    mode_before: Mode,
}

/// Keeps the drills in step with the library and the cards with the trainee's name.
pub struct DrillsPlugin;

impl Plugin for DrillsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<DrillsResource>()
            .init_resource::<ComposerResource>()
            .add_systems(Update, refresh_drills);
    }
}

/// Reads the drills again when the library changed, and the cards when the name did.
fn refresh_drills(world: &mut World) {
    let generation = world.resource::<LibraryResource>().generation;
    let ready = world.resource::<LibraryResource>().ready;
    let drills = world.resource::<DrillsResource>();
    if ready && drills.library_generation != Some(generation) {
        reload_drills(world);
    } else if drills.cards_for.as_deref()
        != Some(&world.resource::<ProfileResource>().profile.trainee)
    {
        refresh_cards(world);
    }
}

/// Reads every drill file and the roster, checked against the library as `validate` does.
pub fn reload_drills(world: &mut World) {
    let library = world.resource::<LibraryResource>();
    let generation = library.generation;
    let (Some(folder), Some(rules)) = (world.get_resource::<DrillsFolder>(), &library.rules) else {
        return;
    };
    let drills = load_drills(&folder.0, &library.scenarios, rules);
    for problem in &drills.problems {
        warn!("{}: {}", problem.path, problem.message);
    }
    let mut resource = world.resource_mut::<DrillsResource>();
    resource.drills = drills;
    resource.library_generation = Some(generation);
    refresh_cards(world);
}

/// The cards of the drills set for the trainee, with their standing from the results store.
fn refresh_cards(world: &mut World) {
    let trainee = world.resource::<ProfileResource>().profile.trainee.clone();
    let store = results_store(world);
    let today = today();
    let library = world.resource::<LibraryResource>();
    let drills = world.resource::<DrillsResource>();
    let cards = drills
        .drills
        .for_trainee(trainee.trim())
        .map(|drill| {
            let status = store
                .as_ref()
                .and_then(|store| {
                    let status = store.trainee_drill_status(drill, trainee.trim(), today);
                    status.inspect_err(|e| error!("{e}")).ok()
                })
                .unwrap_or_else(|| status_of(drill, trainee.trim(), &[], today));
            DrillCard::new(drill, status, &library.scenarios)
        })
        .collect();
    let mut drills = world.resource_mut::<DrillsResource>();
    drills.cards = cards;
    drills.cards_for = Some(trainee);
}

/// Starts a drill's next scenario with the drill's seed, in the drill's mode.
pub fn start_drill_run(world: &mut World, play: &PlayDrill) -> Option<Screen> {
    leave_drill(world);
    let screen = start_run(world, &play.scenario, play.seed)?;
    let drill = (play.drill.clone(), play.team.clone());
    play_in(world, play.mode, Some(drill));
    Some(screen)
}

/// The run being played is in `mode`, for `drill` (its id and team) if any; the trainee's
/// own mode comes back when it ends ([`leave_drill`]).
fn play_in(world: &mut World, mode: Mode, drill: Option<(String, Option<String>)>) {
    let mode_before = std::mem::replace(
        &mut world.resource_mut::<ProfileResource>().profile.mode,
        mode,
    );
    if let Some((drill, team)) = drill {
        world.insert_resource(ActiveDrill {
            drill,
            team,
            mode_before,
        });
    }
}

/// The drill the run being played is for.
pub fn active_drill(world: &World) -> Option<&str> {
    world
        .get_resource::<ActiveDrill>()
        .map(|active| active.drill.as_str())
}

/// A resumed run is played in the mode it was started in, and for its drill if it had one.
pub fn resume_drill(world: &mut World, drill: Option<String>, mode: Mode) {
    leave_drill(world);
    let drills = &world.resource::<DrillsResource>().drills;
    let drill = drill.map(|id| {
        let team = drills.drill(&id).and_then(|d| d.team()).map(str::to_owned);
        (id, team)
    });
    play_in(world, mode, drill);
}

/// No drill run is being played any more: the trainee's own mode is back.
pub fn leave_drill(world: &mut World) {
    if let Some(active) = world.remove_resource::<ActiveDrill>() {
        world.resource_mut::<ProfileResource>().profile.mode = active.mode_before;
    }
}

/// Stamps a finished run with its drill (ending the drill run) or, for a free run, the
/// trainee's team in the roster, so the team report counts it.
pub fn stamp_run(world: &mut World, run: &mut UnsavedRun) {
    if let Some(active) = world.get_resource::<ActiveDrill>() {
        run.drill = Some(active.drill.clone());
        run.team = active.team.clone();
    }
    if run.team.is_none() {
        let trainee = world.resource::<ProfileResource>().profile.trainee.clone();
        let roster = &world.resource::<DrillsResource>().drills.roster;
        run.team = roster.team_of(trainee.trim()).map(str::to_owned);
    }
    leave_drill(world);
    // The card's status changes with the saved run.
    world.resource_mut::<DrillsResource>().cards_for = None;
}

/// Writes the composer's drill as a new file of the drills folder, never over an existing
/// one; on success the drills are read again and the form starts afresh.
pub fn save_drill(world: &mut World, saved: &SavedDrill) -> Option<Screen> {
    let folder = world.get_resource::<DrillsFolder>()?.0.clone();
    let lang = world.resource::<ProfileResource>().profile.lang;
    let path = folder.join(&saved.file_name);
    let mut composer = world.resource_mut::<ComposerResource>();
    if path.exists() {
        composer.0.file_exists(&path.display().to_string(), lang);
        return Some(Screen::Compose);
    }
    let written = std::fs::create_dir_all(&folder)
        .and_then(|()| drill_records::write_atomically(&path, saved.ron.as_bytes()));
    if let Err(e) = written {
        composer.0.save_failed(format!("{}: {e}", path.display()));
        return Some(Screen::Compose);
    }
    info!("drill saved to {}", path.display());
    composer.0 = ComposerState::default();
    reload_drills(world);
    Some(Screen::Start)
}
