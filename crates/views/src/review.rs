//! Results and reviews, for supervisors: every saved run from the results store, one run
//! opened with its score, findings and path, and a form to add the supervisor's own score
//! and sign the run off. The shell reads and writes the store; this screen only asks.

use std::sync::Arc;

use drill_engine::{Lang, Scenario};
use drill_records::{Review, RunSummary};
use egui::{Color32, RichText, Ui};

use crate::debrief::{DebriefState, findings, paths};
use crate::{Nav, Profile, SignOff, tr, trf};

/// A run opened for review: its summary, the replayed run (or why it cannot be replayed)
/// and the sign-offs it already has.
#[derive(Debug, Clone)]
pub struct OpenRun {
    pub summary: RunSummary,
    pub replay: Result<DebriefState, String>,
    pub reviews: Vec<Review>,
}

const RED: Color32 = Color32::from_rgb(200, 60, 50);

/// Where the score slider starts for each run.
const DEFAULT_SCORE: u32 = 80;

/// The screen's state: the list (as the shell last read it), the filter, the open run and
/// the supervisor's form.
#[derive(Debug, Clone)]
pub struct ReviewState {
    runs: Vec<RunSummary>,
    /// Shows only runs whose trainee contains this text.
    pub trainee_filter: String,
    open: Option<OpenRun>,
    pub score: u32,
    pub note: String,
    /// The open run was just signed off: the button waits for a change, so a second click
    /// cannot add the same review twice.
    just_signed: bool,
    /// Why the last sign-off was not saved.
    error: Option<String>,
    /// Why the results store could not be read, with its path.
    store_error: Option<String>,
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState {
            runs: Vec::new(),
            trainee_filter: String::new(),
            open: None,
            score: DEFAULT_SCORE,
            note: String::new(),
            just_signed: false,
            error: None,
            store_error: None,
        }
    }
}

impl ReviewState {
    /// The runs as listed by the store, newest first.
    /// The store could not be read: the list says so (not "no runs").
    pub fn store_unreadable(&mut self, error: String) {
        self.runs.clear();
        self.store_error = Some(error);
    }

    pub fn set_runs(&mut self, runs: Vec<RunSummary>) {
        self.store_error = None;
        self.runs = runs;
    }

    /// Opens a run with a fresh form (the supervisor's name is kept in the profile).
    pub fn open(&mut self, run: OpenRun) {
        self.note.clear();
        self.score = DEFAULT_SCORE;
        self.just_signed = false;
        self.error = None;
        self.open = Some(run);
    }

    /// The shell saved the sign-off of the open run.
    pub fn signed_off(&mut self) {
        self.just_signed = true;
    }

    /// The shell could not save the sign-off; the form keeps what was typed.
    pub fn sign_off_failed(&mut self, error: String) {
        self.error = Some(error);
    }

    pub fn runs(&self) -> &[RunSummary] {
        &self.runs
    }

    pub fn open_run(&self) -> Option<&OpenRun> {
        self.open.as_ref()
    }

    fn shown(&self) -> impl Iterator<Item = &RunSummary> {
        let filter = self.trainee_filter.trim().to_lowercase();
        self.runs
            .iter()
            .filter(move |run| filter.is_empty() || run.trainee.to_lowercase().contains(&filter))
    }
}

pub fn show(
    ui: &mut Ui,
    profile: &mut Profile,
    state: &mut ReviewState,
    scenarios: &[Arc<Scenario>],
) -> Option<Nav> {
    let lang = profile.lang;
    let title = |id: &str| {
        scenarios
            .iter()
            .find(|s| s.id() == id)
            .map_or_else(|| id.to_owned(), |s| s.title().get(lang).to_owned())
    };
    let mut nav = None;
    egui::Panel::top("review_top").show(ui, |ui| {
        nav = top_bar(ui, lang, &mut state.trainee_filter);
    });
    let list_width = (ui.available_width() * 0.38).clamp(320.0, 560.0);
    egui::Panel::left("review_runs")
        .resizable(false)
        .exact_size(list_width)
        .show(ui, |ui| {
            nav = nav.take().or(run_list(ui, lang, state, &title));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        nav = nav.take().or(open_run(ui, lang, profile, state, &title));
    });
    nav
}

/// Back, the title, the trainee filter.
fn top_bar(ui: &mut Ui, lang: Lang, trainee_filter: &mut String) -> Option<Nav> {
    let mut nav = None;
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr("nav.back", lang)).clicked() {
            nav = Some(Nav::Start);
        }
        ui.heading(tr("review.title", lang));
        ui.separator();
        let caption = ui.label(tr("review.trainee_filter", lang));
        ui.add(egui::TextEdit::singleline(trainee_filter).desired_width(160.0))
            .labelled_by(caption.id);
    });
    ui.add_space(4.0);
    nav
}

/// The saved runs the filter lets through, the open one selected.
fn run_list(
    ui: &mut Ui,
    lang: Lang,
    state: &ReviewState,
    title: &dyn Fn(&str) -> String,
) -> Option<Nav> {
    let mut nav = None;
    egui::ScrollArea::vertical()
        .id_salt("review_runs_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let shown: Vec<&RunSummary> = state.shown().collect();
            ui.weak(trf(
                "review.count",
                lang,
                &[
                    ("shown", shown.len().to_string()),
                    ("total", state.runs.len().to_string()),
                ],
            ));
            if let Some(error) = &state.store_error {
                ui.colored_label(
                    RED,
                    trf("review.store_unreadable", lang, &[("error", error.clone())]),
                );
            } else if state.runs.is_empty() {
                ui.label(tr("review.no_runs", lang));
            }
            let open_id = state.open.as_ref().map(|run| run.summary.id);
            for run in shown {
                let text = run_line(run, &title(&run.scenario), lang);
                let button = egui::Button::selectable(open_id == Some(run.id), text);
                if ui.add(button.wrap()).clicked() {
                    nav = Some(Nav::OpenRun(run.id));
                }
            }
        });
    nav
}

/// The open run: heading, earlier sign-offs, the supervisor's form, findings and paths.
fn open_run(
    ui: &mut Ui,
    lang: Lang,
    profile: &mut Profile,
    state: &mut ReviewState,
    title: &dyn Fn(&str) -> String,
) -> Option<Nav> {
    let Some(open) = state.open.as_mut() else {
        ui.weak(tr("review.pick_a_run", lang));
        return None;
    };
    run_heading(ui, lang, open, title);
    ui.separator();
    let form = ReviewForm {
        supervisor: &mut profile.supervisor,
        score: &mut state.score,
        note: &mut state.note,
        just_signed: &mut state.just_signed,
    };
    let nav = review_form(ui, lang, open.summary.id, form).map(Nav::SignOff);
    if let Some(error) = &state.error {
        ui.colored_label(
            RED,
            trf("review.not_saved", lang, &[("error", error.clone())]),
        );
    }
    ui.separator();
    match &mut open.replay {
        Ok(debrief) => {
            egui::ScrollArea::vertical()
                .id_salt("review_findings")
                .max_height(ui.available_height() * 0.45)
                .show(ui, |ui| findings(ui, lang, debrief));
            ui.separator();
            paths(ui, lang, debrief);
        }
        Err(error) => {
            ui.colored_label(RED, error.as_str());
        }
    }
    nav
}

/// Who played what and when, a note if today's replay scores it differently, the sign-offs.
fn run_heading(ui: &mut Ui, lang: Lang, open: &OpenRun, title: &dyn Fn(&str) -> String) {
    let summary = &open.summary;
    ui.heading(trf(
        "review.run_heading",
        lang,
        &[
            ("id", summary.id.to_string()),
            ("trainee", trainee_name(&summary.trainee, lang)),
            ("scenario", title(&summary.scenario)),
        ],
    ));
    ui.label(trf(
        "review.run_meta",
        lang,
        &[
            ("saved_at", summary.saved_at.clone()),
            ("mode", tr(&format!("mode.{}", summary.mode), lang)),
            ("score", summary.overall.to_string()),
        ],
    ));
    // The findings below come from replaying the run today; say so if that scores it
    // differently from when it was saved (the scenario or rules changed since).
    if let Ok(debrief) = &open.replay
        && debrief.score().overall != summary.overall
    {
        ui.colored_label(
            Color32::from_rgb(215, 120, 20),
            trf(
                "review.rescored",
                lang,
                &[("score", debrief.score().overall.to_string())],
            ),
        );
    }
    for review in &open.reviews {
        ui.label(
            RichText::new(trf(
                "review.signed",
                lang,
                &[
                    ("supervisor", review.supervisor.clone()),
                    ("score", review.score.to_string()),
                    ("signed_at", review.signed_at.clone()),
                    ("note", review.note.clone()),
                ],
            ))
            .color(Color32::from_rgb(40, 140, 70)),
        );
    }
}

fn trainee_name(trainee: &str, lang: Lang) -> String {
    if trainee.trim().is_empty() {
        tr("review.anonymous", lang)
    } else {
        trainee.to_owned()
    }
}

/// `#12 · 2026-11-24 09:30 · 张晓梅 · 单元门关不上了 · 95 (主管 90)`
fn run_line(run: &RunSummary, title: &str, lang: Lang) -> String {
    let mut line = format!(
        "#{} · {} · {} · {} · {}",
        run.id,
        run.saved_at,
        trainee_name(&run.trainee, lang),
        title,
        run.overall
    );
    if run.critical {
        line.push_str(&format!(" · {}", tr("review.critical", lang)));
    }
    if let Some(score) = run.supervisor_score {
        line.push_str(&format!(
            " · {}",
            trf(
                "review.supervisor_score",
                lang,
                &[("score", score.to_string())]
            )
        ));
    }
    line
}

/// The parts of the state the sign-off form edits.
struct ReviewForm<'a> {
    supervisor: &'a mut String,
    score: &'a mut u32,
    note: &'a mut String,
    just_signed: &'a mut bool,
}

/// The supervisor's name, score and note, and the sign-off button (enabled once named, and
/// again after a sign-off only when the score or note changes).
fn review_form(ui: &mut Ui, lang: Lang, run: i64, form: ReviewForm<'_>) -> Option<SignOff> {
    let mut signed = None;
    let mut changed = false;
    ui.label(RichText::new(tr("review.form", lang)).strong());
    egui::Grid::new("review_form")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let caption = ui.label(tr("review.supervisor", lang));
            ui.add(egui::TextEdit::singleline(form.supervisor).desired_width(200.0))
                .labelled_by(caption.id);
            ui.end_row();
            let caption = ui.label(tr("review.score", lang));
            changed |= ui
                .add(egui::Slider::new(form.score, 0..=100))
                .labelled_by(caption.id)
                .changed();
            ui.end_row();
            let caption = ui.label(tr("review.note", lang));
            changed |= ui
                .add(
                    egui::TextEdit::multiline(form.note)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(caption.id)
                .changed();
            ui.end_row();
        });
    if changed {
        *form.just_signed = false;
    }
    let named = !form.supervisor.trim().is_empty();
    ui.horizontal(|ui| {
        let button = ui
            .add_enabled(
                named && !*form.just_signed,
                egui::Button::new(RichText::new(tr("review.sign_off", lang)).strong()),
            )
            .on_disabled_hover_text(tr("review.name_needed", lang));
        if button.clicked() {
            signed = Some(SignOff {
                run,
                supervisor: form.supervisor.trim().to_owned(),
                score: *form.score,
                note: form.note.trim().to_owned(),
            });
        }
        if *form.just_signed {
            ui.colored_label(Color32::from_rgb(40, 140, 70), tr("review.saved", lang));
        }
    });
    signed
}

#[cfg(test)]
mod tests {
    use drill_engine::{Action, Lang};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::testing::{all_scenarios, session};

    fn summary(id: i64, trainee: &str, overall: u32, supervisor_score: Option<u32>) -> RunSummary {
        RunSummary {
            id,
            saved_at: "2026-11-24 09:30".to_owned(),
            trainee: trainee.to_owned(),
            scenario: "broken-entrance-gate".to_owned(),
            mode: "assessment".to_owned(),
            overall,
            critical: false,
            supervisor_score,
        }
    }

    /// Run #2 of 小陈: brushed the owner off (E-11) and closed at once.
    fn brushed_off() -> OpenRun {
        let mut session = session("broken-entrance-gate", 7);
        session
            .apply(Action::Choose("call-engineering".into()))
            .unwrap();
        session.apply(Action::Close).unwrap();
        let debrief = DebriefState::new(session.clone(), drill_engine::score(&session));
        OpenRun {
            summary: summary(2, "小陈", debrief.score().overall, None),
            replay: Ok(debrief),
            reviews: vec![],
        }
    }

    struct Screen {
        profile: Profile,
        state: ReviewState,
        scenarios: Vec<Arc<Scenario>>,
        nav: Option<Nav>,
    }

    fn harness(state: ReviewState) -> Harness<'static, Screen> {
        Harness::builder()
            .with_size(egui::Vec2::new(1280.0, 800.0))
            .build_ui_state(
                |ui, screen: &mut Screen| {
                    if let Some(nav) = show(
                        ui,
                        &mut screen.profile,
                        &mut screen.state,
                        &screen.scenarios,
                    ) {
                        screen.nav = Some(nav);
                    }
                },
                Screen {
                    profile: Profile {
                        lang: Lang::En,
                        ..Profile::default()
                    },
                    state,
                    scenarios: all_scenarios(),
                    nav: None,
                },
            )
    }

    fn listed() -> ReviewState {
        let mut state = ReviewState::default();
        state.set_runs(vec![
            summary(3, "Li Na", 100, Some(95)),
            summary(2, "小陈", 40, None),
        ]);
        state
    }

    #[test]
    fn an_unreadable_store_is_shown_with_its_path_not_as_an_empty_list() {
        let mut state = ReviewState::default();
        state.store_unreadable("/data/results.sqlite: file is not a database".into());
        let harness = harness(state);
        harness.get_by_label_contains(
            "The results store cannot be read: /data/results.sqlite: file is not a database",
        );
        assert!(
            harness
                .query_by_label_contains("No runs saved yet")
                .is_none()
        );
    }

    #[test]
    fn runs_are_listed_with_trainee_scenario_score_and_the_supervisors_score() {
        let harness = harness(listed());
        harness.get_by_label_contains("#3 · 2026-11-24 09:30 · Li Na · The entrance gate that won't shut · 100 · supervisor 95");
        harness.get_by_label_contains("#2 · 2026-11-24 09:30 · 小陈");
    }

    #[test]
    fn the_trainee_filter_narrows_the_list_and_clicking_a_run_opens_it() {
        let mut harness = harness(listed());
        harness.state_mut().state.trainee_filter = "li".to_owned();
        harness.run();
        assert!(harness.query_by_label_contains("#2 ·").is_none());
        harness.get_by_label_contains("#3 ·").click();
        harness.run();
        assert_eq!(harness.state().nav, Some(Nav::OpenRun(3)));
    }

    #[test]
    fn an_open_run_shows_its_findings_with_rule_ids() {
        let mut state = listed();
        state.open(brushed_off());
        let harness = harness(state);
        harness.get_by_label_contains("Run #2 · 小陈 · The entrance gate that won't shut");
        harness.get_by_label_contains("E-11 · Major · Etiquette · step 1");
        harness.get_by_label("Your path");
    }

    #[test]
    fn signing_off_needs_a_name_and_sends_the_supervisors_score_and_note() {
        let mut state = listed();
        state.open(brushed_off());
        let mut harness = harness(state);
        harness.get_by_label("Sign off").click();
        harness.run();
        assert_eq!(
            harness.state().nav,
            None,
            "no sign-off without a supervisor"
        );

        harness
            .get_by_role_and_label(Role::TextInput, "Supervisor")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, "Supervisor")
            .type_text("刘主任");
        harness.run();
        harness.state_mut().state.score = 55;
        harness.state_mut().state.note = "Apologised late; redo lesson 2.".to_owned();
        harness.run();
        harness.get_by_label("Sign off").click();
        harness.run();
        assert_eq!(
            harness.state().nav,
            Some(Nav::SignOff(SignOff {
                run: 2,
                supervisor: "刘主任".to_owned(),
                score: 55,
                note: "Apologised late; redo lesson 2.".to_owned(),
            }))
        );
        // The name is remembered with the profile for the next sign-off.
        assert_eq!(harness.state().profile.supervisor, "刘主任");

        // Saved: the same review cannot be sent twice by a second click.
        harness.state_mut().state.signed_off();
        harness.state_mut().nav = None;
        harness.run();
        harness.get_by_label("Signed off.");
        harness.get_by_label("Sign off").click();
        harness.run();
        assert_eq!(harness.state().nav, None);
    }

    #[test]
    fn a_sign_off_that_was_not_saved_keeps_the_note_and_says_why() {
        let mut state = listed();
        state.open(brushed_off());
        state.note = "Redo lesson 2.".to_owned();
        state.sign_off_failed("database is locked".to_owned());
        let harness = harness(state);
        harness.get_by_label_contains("database is locked");
        assert_eq!(harness.state().state.note, "Redo lesson 2.");
    }

    #[test]
    fn a_run_that_scores_differently_today_says_so() {
        let mut state = listed();
        let mut run = brushed_off();
        let today = run.replay.as_ref().unwrap().score().overall;
        run.summary.overall = today + 10;
        state.open(run);
        let harness = harness(state);
        harness.get_by_label(&format!(
            "Re-scored with the current scenario and rules: {today}"
        ));
    }

    #[test]
    fn opening_another_run_starts_a_fresh_form() {
        let mut state = listed();
        state.open(brushed_off());
        state.score = 35;
        state.note = "for run 2".to_owned();
        state.signed_off();
        state.open(brushed_off());
        assert_eq!((state.score, state.note.as_str()), (DEFAULT_SCORE, ""));
    }

    #[test]
    fn earlier_sign_offs_are_shown_with_the_open_run() {
        let mut state = listed();
        let mut run = brushed_off();
        run.reviews.push(Review {
            supervisor: "刘主任".to_owned(),
            score: 50,
            note: "Redo".to_owned(),
            signed_at: "2026-11-24 10:00".to_owned(),
        });
        state.open(run);
        let harness = harness(state);
        harness.get_by_label_contains("Signed off by 刘主任: 50 (2026-11-24 10:00) Redo");
    }
}
