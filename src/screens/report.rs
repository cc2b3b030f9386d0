//! A supervisor's report: a trainee's progress or a team's month.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::{ScreenUi, root_ui};
use crate::nav::{PendingNav, Screen};
use crate::reports::ReportResource;

pub struct ReportPlugin;

impl Plugin for ReportPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            EguiPrimaryContextPass,
            report_ui.in_set(ScreenUi).run_if(in_state(Screen::Report)),
        );
    }
}

fn report_ui(
    mut contexts: EguiContexts,
    report: Option<Res<ReportResource>>,
    mut pending: ResMut<PendingNav>,
) -> Result {
    let mut root = root_ui(contexts.ctx_mut()?);
    let Some(report) = report else {
        return Ok(());
    };
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(nav) = drill_views::reports::show(ui, &report.0) {
            pending.0 = Some(nav);
        }
    });
    Ok(())
}
