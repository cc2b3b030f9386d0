//! The review screen: saved runs from the results store, one opened with its findings, and
//! the supervisor's sign-off form.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::{ScreenUi, root_ui};
use crate::library::LibraryResource;
use crate::nav::{PendingNav, ReviewResource, Screen};
use crate::profile::ProfileResource;

pub struct ReviewPlugin;

impl Plugin for ReviewPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            review_ui.in_set(ScreenUi).run_if(in_state(Screen::Review)),
        );
    }
}

fn review_ui(
    mut contexts: EguiContexts,
    mut profile: ResMut<ProfileResource>,
    library: Res<LibraryResource>,
    mut review: ResMut<ReviewResource>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    if let Some(nav) = drill_views::review::show(
        &mut root,
        &mut profile.profile,
        &mut review.0,
        &library.scenarios,
    ) {
        pending.0 = Some(nav);
    }
    Ok(())
}
