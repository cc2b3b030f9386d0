//! Hot reload while idle. Bevy's asset watcher queues a changed file for the next update, but
//! a reactive app asleep without input has no next update: the edit would show only after the
//! next mouse move. This watcher wakes the event loop for a moment after any change to the
//! library's folders, long enough for bevy to notice the change, load the file and redraw.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use notify::{RecursiveMode, Watcher};

/// How long to keep waking after a change: bevy debounces its watcher (about 300 ms), then
/// loads and checks the file on a background task.
const WAKE_FOR: Duration = Duration::from_secs(2);
const WAKE_EVERY: Duration = Duration::from_millis(100);

/// The folders whose changes wake the app.
#[derive(Resource, Debug, Clone)]
pub struct WatchedFolders(pub Vec<PathBuf>);

/// Keeps the OS watcher alive for the app's lifetime.
#[derive(Resource)]
struct ActiveWatcher {
    _watcher: notify::RecommendedWatcher,
}

pub struct WakeOnEditPlugin;

impl Plugin for WakeOnEditPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, start_watching);
    }
}

fn start_watching(
    mut commands: Commands,
    folders: Option<Res<WatchedFolders>>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    // Without a window (tests) there is no event loop to wake.
    let (Some(folders), Some(proxy)) = (folders, proxy) else {
        return;
    };
    let proxy = (**proxy).clone();
    let (changed, changes) = mpsc::channel::<()>();
    let mut watcher =
        match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Reading a file (grep, git, an editor opening it) changes nothing.
            if event.is_ok_and(|event| !event.kind.is_access()) {
                let _ = changed.send(());
            }
        }) {
            Ok(watcher) => watcher,
            Err(e) => {
                warn!("no file watching, edits show on the next input: {e}");
                return;
            }
        };
    for folder in &folders.0 {
        if let Err(e) = watcher.watch(folder, RecursiveMode::Recursive) {
            warn!("cannot watch {}: {e}", folder.display());
        }
    }
    std::thread::Builder::new()
        .name("wake-on-edit".into())
        .spawn(move || {
            wake_after_changes(&changes, WAKE_FOR, WAKE_EVERY, || {
                proxy.send_event(WinitUserEvent::WakeUp).is_ok()
            });
        })
        .expect("a thread can be started");
    commands.insert_resource(ActiveWatcher { _watcher: watcher });
}

/// After a change, calls `wake` every `every` until `wake_for` has passed since the last
/// change; returns when the changes end or `wake` reports the loop is gone.
fn wake_after_changes(
    changes: &mpsc::Receiver<()>,
    wake_for: Duration,
    every: Duration,
    wake: impl Fn() -> bool,
) {
    while changes.recv().is_ok() {
        let mut until = Instant::now() + wake_for;
        while Instant::now() < until {
            if !wake() {
                return;
            }
            std::thread::sleep(every);
            // A later save needs its own full wake-up (bevy debounces it, then loads it).
            if changes.try_iter().count() > 0 {
                until = Instant::now() + wake_for;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[test]
    fn a_burst_of_changes_wakes_the_app_for_a_while_and_then_lets_it_sleep() {
        let (changed, changes) = mpsc::channel();
        for _ in 0..5 {
            changed.send(()).unwrap();
        }
        drop(changed);
        let wakes = AtomicU32::new(0);
        let started = Instant::now();
        wake_after_changes(
            &changes,
            Duration::from_millis(200),
            Duration::from_millis(20),
            || {
                wakes.fetch_add(1, Ordering::SeqCst);
                true
            },
        );
        // One wake-up period covers the whole burst (at most 200 / 20 wakes), then it stops.
        let wakes = wakes.load(Ordering::SeqCst);
        assert!((1..=11).contains(&wakes), "{wakes} wakes");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "it went on waking"
        );
    }

    #[test]
    fn a_save_during_a_wake_up_gets_a_full_wake_up_of_its_own() {
        let (changed, changes) = mpsc::channel();
        changed.send(()).unwrap();
        let second_save = std::cell::RefCell::new(Some(changed));
        let wakes = AtomicU32::new(0);
        let started = Instant::now();
        let wake_for = Duration::from_millis(100);
        wake_after_changes(&changes, wake_for, Duration::from_millis(10), || {
            // The second save comes at the fourth wake, at least 30 ms in; then no more.
            if wakes.fetch_add(1, Ordering::SeqCst) == 3
                && let Some(changed) = second_save.borrow_mut().take()
            {
                changed.send(()).unwrap();
            }
            true
        });
        assert!(
            started.elapsed() >= Duration::from_millis(30) + wake_for,
            "stopped {:?} after the first save",
            started.elapsed()
        );
    }

    #[test]
    fn waking_stops_when_the_event_loop_is_gone() {
        let (changed, changes) = mpsc::channel();
        changed.send(()).unwrap();
        let wakes = AtomicU32::new(0);
        // The sender stays alive: only the failed wake can end the loop.
        wake_after_changes(&changes, Duration::from_secs(60), Duration::ZERO, || {
            wakes.fetch_add(1, Ordering::SeqCst);
            false
        });
        assert_eq!(wakes.load(Ordering::SeqCst), 1);
        drop(changed);
    }
}
