//! Building and running the trainer app.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::EguiPlugin;
use drill_library::drills::DRILLS_FOLDER;

use crate::automation::AutomationPlugin;
use crate::drills::DrillsFolder;
use crate::library::{LibraryPlugin, RULES_PATH, SCENARIOS_DIR};
use crate::nav::NavPlugin;
use crate::profile::{DataDir, ProfileResource, load_profile, open_store_at_start};
use crate::screens::{FontPath, ScreensPlugin};
use crate::watch::{WakeOnEditPlugin, WatchedFolders};

/// The CJK font, relative to the asset root.
pub const FONT_PATH: &str = "assets/fonts/NotoSansCJKsc-subset.otf";

/// The folder holding `rules/` and `scenarios/`: `$COMPLAINT_DRILL_ROOT`, else the current
/// directory, else the executable's folder or one of its parents (`target/release` in the
/// repo), else the source checkout this was built from.
pub fn asset_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("COMPLAINT_DRILL_ROOT").filter(|v| !v.is_empty()) {
        return absolute(PathBuf::from(dir));
    }
    let has_library =
        |dir: &Path| dir.join(RULES_PATH).is_file() && dir.join(SCENARIOS_DIR).is_dir();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if has_library(&cwd) {
        return cwd;
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(found) = exe.ancestors().skip(1).find(|dir| has_library(dir))
    {
        return found.to_path_buf();
    }
    let built_from = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if has_library(&built_from) {
        return built_from;
    }
    cwd
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

/// The app: window, egui, reactive rendering, the library, the screens, automation.
pub fn build_app() -> App {
    let root = asset_root();
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "投诉应对训练 complaint-drill".into(),
                    resolution: (1280, 800).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: root.to_string_lossy().into_owned(),
                meta_check: AssetMetaCheck::Never,
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    .insert_resource(idle_settings())
    .insert_resource(FontPath(root.join(FONT_PATH)))
    .insert_resource(DrillsFolder(root.join(DRILLS_FOLDER)))
    .insert_resource(WatchedFolders(vec![
        root.join(SCENARIOS_DIR),
        root.join(RULES_PATH)
            .parent()
            .map_or_else(|| root.clone(), Path::to_path_buf),
    ]));
    let dir = drill_records::data_dir();
    // Runs hold trainees' names and owners' phones: the folder is the user's alone.
    if let Err(e) = drill_records::ensure_private_dir(&dir) {
        error!("cannot make the data folder {}: {e}", dir.display());
    }
    if let Some(set_aside) = open_store_at_start(&dir) {
        warn!("{}", set_aside.0);
        app.insert_resource(set_aside);
    }
    app.insert_resource(ProfileResource::new(load_profile(&dir)))
        .insert_resource(DataDir(dir));
    app.add_plugins((
        LibraryPlugin,
        NavPlugin,
        ScreensPlugin,
        AutomationPlugin,
        WakeOnEditPlugin,
    ));
    app
}

/// Reactive rendering that truly idles: nothing on screen runs on wall-clock time (the
/// simulated clock moves with actions), so no periodic wake-up, focused or not. Input, egui's
/// repaint requests and the file watcher's proxy events still wake the loop. (bevy's
/// `desktop_app` wakes a focused window every 5 s: 1.9-3.2 % of a core under Xvfb.)
fn idle_settings() -> WinitSettings {
    let asleep = |react_to_device_events| UpdateMode::Reactive {
        wait: Duration::MAX,
        react_to_device_events,
        react_to_user_events: true,
        react_to_window_events: true,
    };
    WinitSettings {
        focused_mode: asleep(true),
        unfocused_mode: asleep(false),
    }
}

pub fn run() -> AppExit {
    crate::automation::mark_start();
    build_app().run()
}
