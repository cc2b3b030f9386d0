//! The start screen: who is training, language, mode.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::{ScreenUi, root_ui};
use crate::nav::{PendingNav, Screen};
use crate::profile::ProfileResource;

pub struct StartPlugin;

impl Plugin for StartPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            start_ui.in_set(ScreenUi).run_if(in_state(Screen::Start)),
        );
    }
}

fn start_ui(
    mut contexts: EguiContexts,
    mut profile: ResMut<ProfileResource>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    if let Some(nav) = drill_views::start::show(&mut root, &mut profile.profile) {
        pending.0 = Some(nav);
    }
    Ok(())
}
