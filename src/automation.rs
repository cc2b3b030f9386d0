//! Automation for screenshots and measurements; inert unless its environment variables are set.
//!
//! - `COMPLAINT_DRILL_SCRIPT`: a script file (one step a line, `#` comments) or a comma list
//!   of steps. The app waits for the library, then applies one step every few frames
//!   directly to the resources, and exits after the last one. Steps: `start`, `library`,
//!   `settings`, `debrief`, `retry`, `next`, `review`, `open:RUN`, `drill:ID` (play a drill's
//!   next scenario from the start screen's card),
//!   `play:ID[:SEED]`, `choose:N` (1-based),
//!   `fill:FIELD:VALUE`, `submit`, `notice:DEPARTMENT`, `escalate:LEVEL`, `promise:HOURS`,
//!   `followup`, `callback:HOURS`, `close`, `expert[:N]` (continue the expert path, to
//!   the end or to N actions in all), `compose` (the drill composer), `live:ID` (the live
//!   role-play console), `report:TRAINEE`, `team-report:TEAM`, `drill-report:DRILL`,
//!   `lang:zh|en`, `trainee:NAME`, `mode:practice|assessment`, `scale:F`, `wait`, and
//!   `stay` (stop here and keep running, e.g. to measure an idle screen).
//! - `COMPLAINT_DRILL_SCREENSHOT_DIR`: a PNG of each step, `01-start.png`, `02-library.png`, …
//! - `COMPLAINT_DRILL_REPORT_FIRST_FRAME=1`: print `first frame: N ms` (since `main`) once
//!   the first frame has been rendered and read back.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::RequestRedraw;
use drill_engine::{Action, Lang, Session, action};
use drill_views::drills::DrillCard;
use drill_views::reports::ReportRequest;
use drill_views::{Mode, Nav};

use crate::drills::DrillsResource;
use crate::library::LibraryResource;
use crate::nav::Screen;
use crate::nav::{PlayResource, apply_action, apply_pending_nav, navigate, start_run};
use crate::profile::{ProfileResource, fresh_seed};

static START: OnceLock<Instant> = OnceLock::new();

/// Marks the process start for the first-frame report (call first thing in `main`).
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

/// Frames between applying a step and its screenshot (state change + egui layout passes).
const SETTLE_FRAMES: u32 = 8;
const TIMEOUT: Duration = Duration::from_secs(180);

pub struct AutomationPlugin;

impl Plugin for AutomationPlugin {
    fn build(&self, app: &mut App) {
        mark_start();
        if std::env::var("COMPLAINT_DRILL_REPORT_FIRST_FRAME").is_ok_and(|v| v == "1") {
            app.add_plugins(FirstFramePlugin);
        }
        let Some(script) = std::env::var("COMPLAINT_DRILL_SCRIPT")
            .ok()
            .filter(|s| !s.is_empty())
        else {
            return;
        };
        let steps = match parse_script(&script) {
            Ok(steps) => steps,
            Err(e) => {
                error!("COMPLAINT_DRILL_SCRIPT: {e}");
                Vec::new()
            }
        };
        let dir = std::env::var_os("COMPLAINT_DRILL_SCREENSHOT_DIR").map(PathBuf::from);
        if let Some(dir) = &dir
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            error!("cannot create {}: {e}", dir.display());
        }
        app.insert_resource(Automation {
            steps,
            next: 0,
            dir,
            phase: Phase::WaitForLibrary,
            frames: 0,
            started: Instant::now(),
            captured: Arc::new(AtomicBool::new(false)),
        })
        // After the frame's own navigation, so a step's state change is in place before the
        // next frame's screens draw (a screen drawn in between would see half a change).
        .add_systems(Last, run_automation.after(apply_pending_nav));
    }
}

/// The steps of a script: a file's lines, or a comma list.
pub fn parse_script(script: &str) -> Result<Vec<String>, String> {
    let path = std::path::Path::new(script);
    let steps: Vec<String> = if path.is_file() {
        std::fs::read_to_string(path)
            .map_err(|e| format!("{script}: {e}"))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    } else {
        script
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok(steps)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    WaitForLibrary,
    Apply,
    Settle,
    Capture,
    /// After `stay`: the app runs on as the trainee left it.
    Stayed,
}

#[derive(Resource)]
struct Automation {
    steps: Vec<String>,
    next: usize,
    dir: Option<PathBuf>,
    phase: Phase,
    frames: u32,
    started: Instant,
    captured: Arc<AtomicBool>,
}

fn run_automation(world: &mut World) {
    // Absent after a timeout, while the app exits.
    if world
        .get_resource::<Automation>()
        .is_none_or(|auto| auto.phase == Phase::Stayed)
    {
        return;
    }
    world.write_message(RequestRedraw);
    let mut auto = world
        .remove_resource::<Automation>()
        .expect("inserted by the plugin");
    if auto.started.elapsed() > TIMEOUT {
        error!("automation timed out at step {}", auto.next + 1);
        world.write_message(AppExit::error());
        return;
    }
    match auto.phase {
        Phase::WaitForLibrary => {
            if world.resource::<LibraryResource>().ready {
                auto.phase = Phase::Apply;
            }
        }
        Phase::Apply => match auto.steps.get(auto.next).cloned() {
            None => {
                info!("automation done: {} steps", auto.steps.len());
                world.write_message(AppExit::Success);
            }
            Some(step) if step == "stay" => {
                info!("automation stays after {} steps", auto.next);
                auto.phase = Phase::Stayed;
            }
            Some(step) => {
                info!("step {}: {step}", auto.next + 1);
                if let Err(e) = apply_step(world, &step) {
                    error!("step {} `{step}`: {e}", auto.next + 1);
                    world.write_message(AppExit::error());
                }
                auto.frames = 0;
                auto.phase = Phase::Settle;
            }
        },
        Phase::Settle => {
            auto.frames += 1;
            if auto.frames >= SETTLE_FRAMES {
                if let Some(dir) = &auto.dir {
                    let path = dir.join(format!(
                        "{:02}-{}.png",
                        auto.next + 1,
                        file_stem(&auto.steps[auto.next])
                    ));
                    let done = auto.captured.clone();
                    world.spawn(Screenshot::primary_window()).observe(
                        move |captured: On<ScreenshotCaptured>| {
                            match captured.image.clone().try_into_dynamic() {
                                Ok(image) => match image.to_rgb8().save(&path) {
                                    Ok(()) => info!("saved {}", path.display()),
                                    Err(e) => error!("cannot save {}: {e}", path.display()),
                                },
                                Err(e) => error!("cannot convert the screenshot: {e:?}"),
                            }
                            done.store(true, Ordering::SeqCst);
                        },
                    );
                    auto.phase = Phase::Capture;
                } else {
                    auto.next += 1;
                    auto.phase = Phase::Apply;
                }
            }
        }
        Phase::Capture => {
            if auto.captured.swap(false, Ordering::SeqCst) {
                auto.next += 1;
                auto.phase = Phase::Apply;
            }
        }
        Phase::Stayed => {}
    }
    world.insert_resource(auto);
}

/// `play:broken-entrance-gate:7` → `play-broken-entrance-gate-7` (ASCII only, short).
fn file_stem(step: &str) -> String {
    let stem: String = step
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem.trim_matches('-');
    let mut out = String::new();
    for part in stem.split('-').filter(|p| !p.is_empty()) {
        if out.len() + part.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    out
}

/// Applies one script step to the world.
pub fn apply_step(world: &mut World, step: &str) -> Result<(), String> {
    let (verb, arg) = step
        .split_once(':')
        .map_or((step, ""), |(v, a)| (v, a.trim()));
    let verb = verb.trim();
    if let Some(target) = screen_step(verb, arg) {
        return nav(world, target?);
    }
    if action::is_verb(verb) {
        return action_step(world, verb, arg);
    }
    match verb {
        "wait" => Ok(()),
        "play" => play_step(world, arg),
        "drill" => drill_step(world, arg),
        "expert" => expert_step(world, arg),
        "lang" | "trainee" | "mode" | "scale" => profile_step(world, verb, arg),
        other => Err(format!("unknown step `{other}`")),
    }
}

/// The steps that go to a screen, or act on the review screen.
fn screen_step(verb: &str, arg: &str) -> Option<Result<Nav, String>> {
    let target = match verb {
        "start" => Nav::Start,
        "library" => Nav::Library,
        "settings" => Nav::Settings,
        "debrief" => Nav::Debrief,
        "retry" => Nav::Retry,
        "next" => Nav::Next,
        "review" => Nav::Review,
        "open" => {
            return Some(
                arg.parse()
                    .map(Nav::OpenRun)
                    .map_err(|_| "use open:RUN".to_owned()),
            );
        }
        "compose" => Nav::ComposeDrill,
        "live" => Nav::PlayLive {
            scenario: arg.to_owned(),
        },
        "report" => Nav::Report(ReportRequest::Trainee(arg.to_owned())),
        "team-report" => Nav::Report(ReportRequest::Team(arg.to_owned())),
        "drill-report" => Nav::Report(ReportRequest::Drill(arg.to_owned())),
        _ => return None,
    };
    Some(Ok(target))
}

/// `drill:ID`: "Play next" on the start screen's card of drill ID.
fn drill_step(world: &mut World, id: &str) -> Result<(), String> {
    let play = world
        .resource::<DrillsResource>()
        .cards
        .iter()
        .find(|card| card.drill == id)
        .and_then(DrillCard::play_request)
        .ok_or(format!(
            "no drill `{id}` with a scenario to play for this trainee"
        ))?;
    nav(world, Nav::PlayDrill(play))
}

/// `play:SCENARIO[:SEED]`.
fn play_step(world: &mut World, arg: &str) -> Result<(), String> {
    let (id, seed) = match arg.split_once(':') {
        Some((id, seed)) => (
            id,
            seed.parse::<u64>()
                .map_err(|_| format!("bad seed `{seed}`"))?,
        ),
        None => (arg, fresh_seed()),
    };
    let screen = start_run(world, id, seed).ok_or(format!("no scenario `{id}`"))?;
    world.resource_mut::<NextState<Screen>>().set(screen);
    Ok(())
}

fn playing(world: &World) -> Result<&Session, String> {
    world
        .get_resource::<PlayResource>()
        .map(|play| play.0.session())
        .ok_or_else(|| "no run is being played".to_owned())
}

fn act(world: &mut World, action: Action) -> Result<(), String> {
    apply_action(world, action).map_err(|e| e.to_string())
}

/// A step in the action grammar, colons for spaces: `choose:N` is the prompt's `N`,
/// `fill:FIELD:VALUE` its `fill FIELD VALUE`.
fn action_step(world: &mut World, verb: &str, arg: &str) -> Result<(), String> {
    let typed = match (verb, arg) {
        ("choose", number) => number.to_owned(),
        (verb, "") => verb.to_owned(),
        (verb, arg) => format!("{verb} {}", arg.replacen(':', " ", 1)),
    };
    let action = playing(world)?.parse_typed(&typed)?;
    act(world, action)
}

/// Continues the expert path from where the run is (it must have followed it so far):
/// `expert` to the end, `expert:N` up to N actions in all.
fn expert_step(world: &mut World, arg: &str) -> Result<(), String> {
    let lang = world.resource::<ProfileResource>().profile.lang;
    let session = playing(world)?;
    let done = session.entries().len();
    let actions = session.expert_actions_in(lang);
    let until = if arg.is_empty() {
        actions.len()
    } else {
        arg.parse()
            .map_err(|_| "use expert or expert:N".to_owned())?
    };
    for action in actions.into_iter().take(until).skip(done) {
        act(world, action)?;
    }
    Ok(())
}

/// `lang:zh`, `trainee:NAME`, `mode:practice`, `scale:1.25`.
fn profile_step(world: &mut World, verb: &str, arg: &str) -> Result<(), String> {
    let mut resource = world.resource_mut::<ProfileResource>();
    let profile = &mut resource.profile;
    match verb {
        "lang" => profile.lang = Lang::from_code(arg).ok_or("use lang:zh or lang:en")?,
        "trainee" => profile.trainee = arg.to_owned(),
        "mode" => {
            profile.mode = Mode::from_name(arg).ok_or("use mode:practice or mode:assessment")?
        }
        _ => profile.ui_scale = arg.parse().map_err(|_| "use scale:1.25".to_owned())?,
    }
    Ok(())
}

fn nav(world: &mut World, nav: Nav) -> Result<(), String> {
    let what = format!("{nav:?}");
    navigate(world, nav)
        .map(drop)
        .ok_or(format!("{what} went nowhere"))
}

/// Prints the time from `main` to the first rendered frame (read back as a screenshot).
pub struct FirstFramePlugin;

impl Plugin for FirstFramePlugin {
    fn build(&self, app: &mut App) {
        mark_start();
        app.add_systems(Update, first_frame);
    }
}

fn first_frame(
    mut commands: Commands,
    mut requested: Local<bool>,
    mut redraw: MessageWriter<RequestRedraw>,
    reported: Local<Arc<AtomicBool>>,
) {
    if reported.load(Ordering::SeqCst) {
        return;
    }
    redraw.write(RequestRedraw);
    if !*requested {
        *requested = true;
        let done = reported.clone();
        commands
            .spawn(Screenshot::primary_window())
            .observe(move |_: On<ScreenshotCaptured>| {
                let elapsed = START.get().map_or(Duration::ZERO, Instant::elapsed);
                println!("first frame: {} ms", elapsed.as_millis());
                done.store(true, Ordering::SeqCst);
            });
    }
}
