//! The supervisors' reports in the shell: the one asked for, read from the results store.

use bevy::prelude::*;
use drill_records::report::Month;
use drill_views::reports::{Report, ReportRequest, ReportState};

use crate::drills::DrillsResource;
use crate::nav::store_or_error;
use crate::profile::ProfileResource;
use drill_records::clock::today;

/// The report on screen.
#[derive(Resource, Debug)]
pub struct ReportResource(pub ReportState);

/// Reads the report asked for: a trainee's every run, a team's current month with the
/// drills as their files stand, or every run of a drill.
pub fn open_report(world: &mut World, request: &ReportRequest) {
    let report = match store_or_error(world) {
        None => Err("no data folder: nothing is saved".to_owned()),
        Some(store) => store.and_then(|store| read(world, &store, request)),
    };
    let lang = world.resource::<ProfileResource>().profile.lang;
    world.insert_resource(ReportResource(ReportState { lang, report }));
}

fn read(
    world: &World,
    store: &drill_records::ResultsStore,
    request: &ReportRequest,
) -> Result<Report, String> {
    match request {
        ReportRequest::Trainee(name) => store.trainee_report(name).map(Report::Trainee),
        ReportRequest::Drill(drill) => store.drill_runs(drill).map(|runs| Report::Drill {
            drill: drill.clone(),
            runs,
        }),
        ReportRequest::Team(team) => {
            let today = today();
            let month: Option<Month> = today.format("%Y-%m").to_string().parse().ok();
            // Drills the runs name are reported with their files' trainees and pass marks.
            let drills = &world.resource::<DrillsResource>().drills.drills;
            store
                .team_report(team, month, drills, today)
                .map(Report::Team)
        }
    }
    .map_err(|e| e.to_string())
}
