//! A bare bevy + bevy_egui window with one label, built with the app's features and the
//! default (continuous) update mode: the baseline for `tools/bench-app.sh`.
//!
//! `COMPLAINT_DRILL_REPORT_FIRST_FRAME=1` prints the time to the first frame, as the app does.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, EguiStartupSet, egui};

fn main() {
    complaint_drill::automation::mark_start();
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "bare window".into(),
            resolution: (1280, 800).into(),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .add_systems(
        PreStartup,
        spawn_camera.before(EguiStartupSet::InitContexts),
    )
    .add_systems(EguiPrimaryContextPass, label);
    if std::env::var("COMPLAINT_DRILL_REPORT_FIRST_FRAME").is_ok_and(|v| v == "1") {
        app.add_plugins(complaint_drill::automation::FirstFramePlugin);
    }
    app.run();
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

fn label(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.label("Hello from a bare bevy + bevy_egui window.");
    });
    Ok(())
}
