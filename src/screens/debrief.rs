//! The debrief screen: scores, findings, the trainee's path beside the expert's.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use drill_views::Nav;

use super::{ScreenUi, root_ui};
use crate::nav::{DebriefResource, PendingNav, Screen};
use crate::profile::ProfileResource;

pub struct DebriefPlugin;

impl Plugin for DebriefPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            debrief_ui
                .in_set(ScreenUi)
                .run_if(in_state(Screen::Debrief)),
        );
    }
}

fn debrief_ui(
    mut contexts: EguiContexts,
    profile: Res<ProfileResource>,
    debrief: Option<ResMut<DebriefResource>>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    let Some(mut debrief) = debrief else {
        pending.0 = Some(Nav::Library);
        return Ok(());
    };
    if let Some(nav) = drill_views::debrief::show(&mut root, &profile.profile, &mut debrief.0) {
        pending.0 = Some(nav);
    }
    Ok(())
}
