//! The live role-play screen: the supervisor's console (the owner's next line to read out,
//! the options to click, "something else") and the trainee's record form.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use drill_views::Nav;

use super::{ScreenUi, root_ui};
use crate::nav::{LiveResource, PendingNav, Screen};
use crate::profile::ProfileResource;

pub struct LivePlugin;

impl Plugin for LivePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            live_ui.in_set(ScreenUi).run_if(in_state(Screen::Live)),
        );
    }
}

fn live_ui(
    mut contexts: EguiContexts,
    profile: Res<ProfileResource>,
    live: Option<ResMut<LiveResource>>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    let Some(mut live) = live else {
        pending.0 = Some(Nav::Review);
        return Ok(());
    };
    if let Some(nav) = drill_views::live::show(&mut root, &profile.profile, &mut live.0) {
        pending.0 = Some(nav);
    }
    Ok(())
}
