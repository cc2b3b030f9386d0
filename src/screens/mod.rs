//! The screens: one plugin per screen, each drawing its
//! `drill_views` screen in `EguiPrimaryContextPass` and putting the returned `Nav` in
//! [`PendingNav`](crate::nav::PendingNav).

use bevy::prelude::*;
use bevy_egui::{
    EguiContexts, EguiInput, EguiPreUpdateSet, EguiPrimaryContextPass, EguiStartupSet, egui,
};

use crate::profile::ProfileResource;

pub mod compose;
pub mod debrief;
pub mod library;
pub mod live;
pub mod play;
pub mod report;
pub mod review;
pub mod settings;
pub mod start;

/// Where the CJK font is read from at startup.
#[derive(Resource, Debug, Clone)]
pub struct FontPath(pub std::path::PathBuf);

/// The camera egui draws on, the CJK font, the profile's scale, the screens.
pub struct ScreensPlugin;

impl Plugin for ScreensPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            PreStartup,
            spawn_camera.before(EguiStartupSet::InitContexts),
        )
        .add_systems(Startup, install_font)
        .add_systems(
            PreUpdate,
            drop_redundant_modifier_events
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(EguiPrimaryContextPass, apply_profile.before(ScreenUi))
        .add_plugins((
            start::StartPlugin,
            library::LibraryScreenPlugin,
            play::PlayPlugin,
            live::LivePlugin,
            debrief::DebriefPlugin,
            review::ReviewPlugin,
            settings::SettingsPlugin,
            compose::ComposePlugin,
            report::ReportPlugin,
        ));
    }
}

/// The set every screen's egui system is in.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenUi;

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

fn install_font(mut contexts: EguiContexts, path: Option<Res<FontPath>>) -> Result {
    let Some(path) = path else {
        return Ok(());
    };
    match std::fs::read(&path.0) {
        Ok(bytes) => drill_views::fonts::install(contexts.ctx_mut()?, bytes),
        Err(e) => error!("cannot read the CJK font {}: {e}", path.0.display()),
    }
    Ok(())
}

fn apply_profile(mut contexts: EguiContexts, profile: Res<ProfileResource>) -> Result {
    drill_views::apply_profile(contexts.ctx_mut()?, &profile.profile);
    Ok(())
}

/// A root `Ui` covering the window, for the views' panels.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// Workaround for bevy_egui 0.42.0: `write_egui_input_system` pushes
/// `egui::Event::ModifiersChanged` into the egui input every frame, so egui always sees
/// an event, asks for a repaint, and the reactive loop never sleeps (measured ~75% CPU on
/// lavapipe). Drop the event when the modifiers did not change.
fn drop_redundant_modifier_events(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<bevy::platform::collections::HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let mut newest = last.get(&entity).copied();
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) => {
                let changed = newest != Some(*m);
                newest = Some(*m);
                changed
            }
            _ => true,
        });
        if let Some(m) = newest {
            last.insert(entity, m);
        }
    }
}
