//! The play screen: the conversation, the standing actions and the record form.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use drill_views::Nav;

use super::{ScreenUi, root_ui};
use crate::nav::{PendingNav, PlayResource, Screen};
use crate::profile::ProfileResource;

pub struct PlayPlugin;

impl Plugin for PlayPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            play_ui.in_set(ScreenUi).run_if(in_state(Screen::Play)),
        );
    }
}

fn play_ui(
    mut contexts: EguiContexts,
    profile: Res<ProfileResource>,
    play: Option<ResMut<PlayResource>>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    let Some(mut play) = play else {
        // No run (e.g. its scenario vanished): back to the library.
        pending.0 = Some(Nav::Library);
        return Ok(());
    };
    if let Some(nav) = drill_views::play::show(&mut root, &profile.profile, &mut play.0) {
        pending.0 = Some(nav);
    }
    Ok(())
}
