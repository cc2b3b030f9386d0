//! The drill composer: a supervisor sets a drill, saved as a new file of `drills/`.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use drill_engine::drill::DrillContext;

use super::{ScreenUi, root_ui};
use crate::drills::{ComposerResource, DrillsResource};
use crate::library::LibraryResource;
use crate::nav::{PendingNav, Screen};
use crate::profile::ProfileResource;

pub struct ComposePlugin;

impl Plugin for ComposePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            compose_ui
                .in_set(ScreenUi)
                .run_if(in_state(Screen::Compose)),
        );
    }
}

fn compose_ui(
    mut contexts: EguiContexts,
    profile: Res<ProfileResource>,
    library: Res<LibraryResource>,
    drills: Res<DrillsResource>,
    mut composer: ResMut<ComposerResource>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    let Some(rules) = library.rules.as_deref() else {
        return Ok(());
    };
    let context = DrillContext {
        scenarios: &library.scenarios,
        rules,
        roster: &drills.drills.roster,
    };
    let lang = profile.profile.lang;
    if let Some(nav) = drill_views::drills::composer(&mut root, &mut composer.0, &context, lang) {
        pending.0 = Some(nav);
    }
    Ok(())
}
