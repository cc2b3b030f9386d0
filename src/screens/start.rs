//! The start screen: who is training, language, mode, and the trainee's drills.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::{ScreenUi, root_ui};
use crate::drills::DrillsResource;
use crate::journal::PendingRuns;
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
    drills: Res<DrillsResource>,
    unfinished: Res<PendingRuns>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    let lang = profile.profile.lang;
    if let Some(nav) = drill_views::resume::show(&mut root, lang, &unfinished.offers) {
        pending.0 = Some(nav);
    }
    let cards = &drills.cards;
    if let Some(nav) = drill_views::start::show_with_drills(&mut root, &mut profile.profile, cards)
    {
        pending.0 = Some(nav);
    }
    Ok(())
}
