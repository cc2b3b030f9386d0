//! The library screen: every valid scenario, filterable, and every broken file.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::{ScreenUi, root_ui};
use crate::library::LibraryResource;
use crate::nav::{LibraryViewResource, PendingNav, Screen};
use crate::profile::ProfileResource;

pub struct LibraryScreenPlugin;

impl Plugin for LibraryScreenPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            library_ui
                .in_set(ScreenUi)
                .run_if(in_state(Screen::Library)),
        );
    }
}

fn library_ui(
    mut contexts: EguiContexts,
    profile: Res<ProfileResource>,
    library: Res<LibraryResource>,
    mut view: ResMut<LibraryViewResource>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    if let Some(nav) = drill_views::library::show(
        &mut root,
        &profile.profile,
        &mut view.0,
        &library.scenarios,
        library.courses.first(),
        &library.broken,
    ) {
        pending.0 = Some(nav);
    }
    Ok(())
}
