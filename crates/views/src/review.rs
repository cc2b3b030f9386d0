//! Results and reviews, for supervisors: every saved run from the results store, and one run
//! opened with its score, findings and path for the two-dimension review of seed 004: the
//! mentor's score and reason for each of the engine's sub-scores (shown beside it, and where
//! they differ by more than [`DISAGREEMENT_POINTS`], said so), comments on steps of the
//! path, the owner's feedback beside the simulated owner's satisfaction, a verdict, and the
//! sign-off with the supervisor's passphrase. The shell reads, verifies and writes the
//! store; this screen only asks.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use drill_engine::{Area, Lang, Scenario, Score};
use drill_records::assessment::{Assessment, DISAGREEMENT_POINTS, Mark, StepComment, Verdict};
use drill_records::{Review, RunSummary, SignedAssessment};
use egui::{Color32, RichText, Ui};

use crate::debrief::{DebriefState, findings, paths_inline};
use crate::reports::ReportRequest;
use crate::{Nav, Profile, label, tr, trf};

/// A run opened for review: its summary, the replayed run (or why it cannot be replayed)
/// and the sign-offs it already has.
#[derive(Debug, Clone)]
pub struct OpenRun {
    pub summary: RunSummary,
    pub replay: Result<DebriefState, String>,
    pub reviews: Vec<Review>,
    /// Its signed two-dimension reviews, oldest first.
    pub signed: Vec<SignedAssessment>,
}

const RED: Color32 = Color32::from_rgb(200, 60, 50);
const ORANGE: Color32 = Color32::from_rgb(215, 120, 20);
const GREEN: Color32 = Color32::from_rgb(40, 140, 70);

/// Where a mentor's slider starts when the run cannot be replayed (no engine score).
const DEFAULT_SCORE: u32 = 80;

/// Below this width (in points) the list and the open run take turns instead of sitting
/// side by side: a large UI scale leaves a small window.
const SIDE_BY_SIDE_MIN_WIDTH: f32 = 900.0;

/// A passphrase typed to sign: never shown, never printed by `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Passphrase {
        Passphrase(text.into())
    }

    /// The text, for the store's check only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// A two-dimension review to sign off: the shell stores it with the store's
/// `sign_off(&assessment, passphrase.expose())` (which sets `signed_at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRequest {
    pub assessment: Assessment,
    pub passphrase: Passphrase,
}

/// A mentor's score and reason for one dimension, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkDraft {
    /// 0-100.
    pub score: u32,
    pub reason: String,
}

/// The review form of the open run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentForm {
    /// Etiquette, procedure, record, as in [`AREAS`].
    pub marks: [MarkDraft; 3],
    /// 0-100.
    pub owner_feedback: u32,
    /// The score the colleague who played the owner gave, for a live run.
    pub role_player: Option<u32>,
    /// Comments by transcript step (index of the entry).
    pub comments: BTreeMap<usize, String>,
    pub verdict: Option<Verdict>,
    pub passphrase: String,
}

impl AssessmentForm {
    /// A fresh form: each mentor's score starts at the engine's, the owner's feedback at the
    /// simulated owner's satisfaction.
    fn for_run(run: &OpenRun) -> AssessmentForm {
        let score = run.replay.as_ref().ok().map(DebriefState::score);
        let start = |area: Area| MarkDraft {
            score: score.map_or(DEFAULT_SCORE, |score| score.of(area)),
            reason: String::new(),
        };
        AssessmentForm {
            marks: AREAS.map(start),
            owner_feedback: score.map_or(DEFAULT_SCORE, |score| score.satisfaction),
            role_player: None,
            comments: BTreeMap::new(),
            verdict: None,
            passphrase: String::new(),
        }
    }

    /// What the review says, to notice a change after a sign-off.
    fn without_passphrase(&self) -> AssessmentForm {
        AssessmentForm {
            passphrase: String::new(),
            ..self.clone()
        }
    }

    pub fn mark(&mut self, area: Area) -> &mut MarkDraft {
        &mut self.marks[area_index(area)]
    }

    /// What is still missing before the form can be signed, in words.
    fn missing(&self, supervisor: &str, lang: Lang) -> Vec<String> {
        let unreasoned: Vec<String> = AREAS
            .iter()
            .zip(&self.marks)
            .filter(|(_, mark)| mark.reason.trim().is_empty())
            .map(|(area, _)| label(area.key(), lang))
            .collect();
        let mut missing = Vec::new();
        if !unreasoned.is_empty() {
            let areas = unreasoned.join(", ");
            missing.push(trf("review.missing_reason", lang, &[("areas", areas)]));
        }
        for (absent, key) in [
            (self.verdict.is_none(), "review.missing_verdict"),
            (supervisor.trim().is_empty(), "review.missing_supervisor"),
            (self.passphrase.is_empty(), "review.missing_passphrase"),
        ] {
            if absent {
                missing.push(tr(key, lang));
            }
        }
        missing
    }

    /// The assessment of run `run` by `supervisor`, once nothing is missing; the passphrase
    /// leaves the form with it.
    fn sign(&mut self, run: i64, supervisor: &str) -> Option<AssessmentRequest> {
        let verdict = self.verdict?;
        let mark = |draft: &MarkDraft| Mark {
            score: draft.score,
            reason: draft.reason.trim().to_owned(),
        };
        let [etiquette, procedure, record] = &self.marks;
        let comments = self
            .comments
            .iter()
            .filter(|(_, comment)| !comment.trim().is_empty())
            .map(|(step, comment)| StepComment {
                step: *step,
                comment: comment.trim().to_owned(),
            })
            .collect();
        let assessment = Assessment {
            run,
            supervisor: supervisor.trim().to_owned(),
            etiquette: mark(etiquette),
            procedure: mark(procedure),
            record: mark(record),
            owner_feedback: self.owner_feedback,
            comments,
            verdict,
            signed_at: String::new(),
        };
        let passphrase = Passphrase(std::mem::take(&mut self.passphrase));
        Some(AssessmentRequest {
            assessment,
            passphrase,
        })
    }
}

/// The dimensions a mentor scores, in the order of the form's marks.
pub const AREAS: [Area; 3] = [Area::Etiquette, Area::Procedure, Area::Record];

fn area_index(area: Area) -> usize {
    AREAS.iter().position(|a| *a == area).unwrap_or(0)
}

/// What the store's check of every run and sign-off found, for the screen to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// Every run's seal and every sign-off's signature verified.
    Verified { runs: usize, sign_offs: usize },
    /// What is wrong (a row edited, inserted or deleted, a signature that does not verify).
    Broken(String),
}

/// The screen's state: the list (as the shell last read it), the filter, the open run and
/// the supervisor's form.
#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    runs: Vec<RunSummary>,
    /// Shows only runs whose trainee contains this text.
    pub trainee_filter: String,
    open: Option<OpenRun>,
    pub form: Option<AssessmentForm>,
    /// In a narrow window, the list is shown instead of the open run.
    browsing: bool,
    /// The open run was just signed off: the button waits for a change, so a second click
    /// cannot add the same review twice.
    just_signed: bool,
    /// Why the last sign-off was not saved.
    error: Option<String>,
    /// Why the results store could not be read, with its path.
    store_error: Option<String>,
    integrity: Option<Integrity>,
    /// The roster's teams, each offered a team report.
    pub teams: Vec<String>,
    /// The drills' ids, each offered a drill report.
    pub drills: Vec<String>,
}

impl ReviewState {
    /// The store could not be read: the list says so (not "no runs").
    pub fn store_unreadable(&mut self, error: String) {
        self.runs.clear();
        self.store_error = Some(error);
    }

    /// The runs as listed by the store, newest first.
    pub fn set_runs(&mut self, runs: Vec<RunSummary>) {
        self.store_error = None;
        self.runs = runs;
    }

    /// What the store's verification found (`None`: not checked).
    pub fn set_integrity(&mut self, integrity: Option<Integrity>) {
        self.integrity = integrity;
    }

    /// Opens a run with a fresh form (the supervisor's name is kept in the profile).
    pub fn open(&mut self, run: OpenRun) {
        self.form = Some(AssessmentForm::for_run(&run));
        self.just_signed = false;
        self.browsing = false;
        self.error = None;
        self.open = Some(run);
    }

    /// The open run was a live role-play whose role-player gave this owner-feedback score:
    /// shown beside the simulated owner's, and where the form's score starts.
    pub fn set_role_player_feedback(&mut self, score: u32) {
        if let Some(form) = self.form.as_mut() {
            form.role_player = Some(score.min(100));
            form.owner_feedback = score.min(100);
        }
    }

    /// The shell saved the sign-off of the open run.
    pub fn signed_off(&mut self) {
        self.just_signed = true;
    }

    /// The shell could not save the sign-off (a wrong passphrase, the store): the form keeps
    /// what was typed but the passphrase.
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
        nav = nav.take().or(report_buttons(ui, lang, state));
        integrity(ui, lang, state.integrity.as_ref());
    });
    if ui.available_width() >= SIDE_BY_SIDE_MIN_WIDTH {
        let list_width = (ui.available_width() * 0.34).clamp(300.0, 520.0);
        egui::Panel::left("review_runs")
            .resizable(false)
            .exact_size(list_width)
            .show(ui, |ui| {
                nav = nav.take().or(run_list(ui, lang, state, &title));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            nav = nav.take().or(open_run(ui, lang, profile, state, &title));
        });
    } else {
        egui::CentralPanel::default().show(ui, |ui| {
            if state.open.is_none() || state.browsing {
                nav = nav.take().or(run_list(ui, lang, state, &title));
                return;
            }
            if ui.button(tr("review.all_runs", lang)).clicked() {
                state.browsing = true;
            }
            nav = nav.take().or(open_run(ui, lang, profile, state, &title));
        });
    }
    nav
}

/// The store's verification, as the shell found it.
fn integrity(ui: &mut Ui, lang: Lang, integrity: Option<&Integrity>) {
    let (color, text) = match integrity {
        None => return,
        Some(Integrity::Verified { runs, sign_offs }) => {
            let counts = [
                ("runs", runs.to_string()),
                ("sign_offs", sign_offs.to_string()),
            ];
            (GREEN, trf("review.verified", lang, &counts))
        }
        Some(Integrity::Broken(text)) => (RED, text.clone()),
    };
    let line = trf("review.integrity", lang, &[("report", text)]);
    ui.add(egui::Label::new(RichText::new(line).color(color)).wrap());
    ui.add_space(2.0);
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

/// A report for the trainee the filter names, and one per team of the roster.
fn report_buttons(ui: &mut Ui, lang: Lang, state: &ReviewState) -> Option<Nav> {
    let mut nav = None;
    let trainee = state.trainee_filter.trim();
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("review.reports", lang));
        if !trainee.is_empty() {
            let text = trf(
                "review.trainee_report",
                lang,
                &[("name", trainee.to_owned())],
            );
            if ui.button(text).clicked() {
                nav = Some(Nav::Report(ReportRequest::Trainee(trainee.to_owned())));
            }
        }
        for team in &state.teams {
            let text = trf("review.team_report", lang, &[("team", team.clone())]);
            if ui.button(text).clicked() {
                nav = Some(Nav::Report(ReportRequest::Team(team.clone())));
            }
        }
        for drill in &state.drills {
            let text = trf("review.drill_report", lang, &[("drill", drill.clone())]);
            if ui.button(text).clicked() {
                nav = Some(Nav::Report(ReportRequest::Drill(drill.clone())));
            }
        }
        if trainee.is_empty() && state.teams.is_empty() {
            ui.weak(tr("review.reports_hint", lang));
        }
    });
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

/// The open run, in one scrolling column: heading, earlier sign-offs, the review form, the
/// path to comment on, and the findings.
fn open_run(
    ui: &mut Ui,
    lang: Lang,
    profile: &mut Profile,
    state: &mut ReviewState,
    title: &dyn Fn(&str) -> String,
) -> Option<Nav> {
    let (Some(open), Some(form)) = (state.open.as_mut(), state.form.as_mut()) else {
        ui.weak(tr("review.pick_a_run", lang));
        return None;
    };
    let mut nav = None;
    egui::ScrollArea::vertical()
        .id_salt("review_open_run")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            run_heading(ui, lang, open, title);
            ui.separator();
            let engine = open.replay.as_ref().ok().map(DebriefState::score);
            let editing = Editing {
                form,
                supervisor: &mut profile.supervisor,
                just_signed: &mut state.just_signed,
            };
            nav = review_form(ui, lang, open.summary.id, engine, editing).map(Nav::SignAssessment);
            if let Some(error) = &state.error {
                ui.colored_label(
                    RED,
                    trf("review.not_saved", lang, &[("error", error.clone())]),
                );
            }
            ui.separator();
            match &mut open.replay {
                Ok(debrief) => {
                    step_comments(ui, lang, debrief, &mut form.comments);
                    paths_inline(ui, lang, debrief);
                    ui.separator();
                    findings(ui, lang, debrief);
                }
                Err(error) => {
                    ui.colored_label(RED, error.as_str());
                }
            }
        });
    nav
}

/// The parts of the state the review form edits.
struct Editing<'a> {
    form: &'a mut AssessmentForm,
    supervisor: &'a mut String,
    just_signed: &'a mut bool,
}

/// The mentor's marks, the owner's feedback, the verdict, who signs, and the button
/// (enabled once nothing is missing, and after a sign-off only when something changes).
fn review_form(
    ui: &mut Ui,
    lang: Lang,
    run: i64,
    engine: Option<&drill_engine::Score>,
    editing: Editing<'_>,
) -> Option<AssessmentRequest> {
    let Editing {
        form,
        supervisor,
        just_signed,
    } = editing;
    ui.label(RichText::new(tr("review.form", lang)).strong());
    let before = form.without_passphrase();
    for area in AREAS {
        mark(ui, lang, area, form.mark(area), engine.map(|s| s.of(area)));
    }
    owner_feedback(ui, lang, form, engine.map(|score| score.satisfaction));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr("review.verdict", lang)).strong());
        for verdict in [Verdict::Pass, Verdict::Redo] {
            let name = tr(&format!("review.verdict_{}", verdict.as_str()), lang);
            ui.radio_value(&mut form.verdict, Some(verdict), name);
        }
    });
    signer(ui, lang, supervisor, &mut form.passphrase);
    // Typing the passphrase again is no change: the same review would be signed twice.
    if form.without_passphrase() != before {
        *just_signed = false;
    }
    let missing = form.missing(supervisor, lang);
    if !missing.is_empty() && !*just_signed {
        let line = trf("review.to_sign", lang, &[("missing", missing.join("; "))]);
        ui.add(egui::Label::new(RichText::new(line).color(ORANGE)).wrap());
    }
    let mut signed = None;
    ui.horizontal_wrapped(|ui| {
        let button = egui::Button::new(RichText::new(tr("review.sign_off", lang)).strong());
        if ui
            .add_enabled(missing.is_empty() && !*just_signed, button)
            .clicked()
        {
            signed = form.sign(run, supervisor);
        }
        if *just_signed {
            ui.colored_label(GREEN, tr("review.saved", lang));
        }
    });
    signed
}

/// One dimension: the mentor's score beside the engine's, the reason, and whether they are
/// far enough apart for the rule set to need a look.
fn mark(ui: &mut Ui, lang: Lang, area: Area, mark: &mut MarkDraft, engine: Option<u32>) {
    let name = label(area.key(), lang);
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label(RichText::new(&name).strong());
        ui.add(egui::Slider::new(&mut mark.score, 0..=100).step_by(1.0))
            .labelled_by(caption.id);
        let engine_text = engine.map_or_else(|| "—".to_owned(), |score| score.to_string());
        ui.label(trf("review.engine_score", lang, &[("score", engine_text)]));
    });
    let caption = ui.label(trf("review.reason", lang, &[("area", name.clone())]));
    ui.add(egui::TextEdit::singleline(&mut mark.reason).desired_width(f32::INFINITY))
        .labelled_by(caption.id);
    if let Some(engine) = engine
        && mark.score.abs_diff(engine) > DISAGREEMENT_POINTS
    {
        let args = [
            ("area", name),
            ("mentor", mark.score.to_string()),
            ("engine", engine.to_string()),
            ("points", DISAGREEMENT_POINTS.to_string()),
        ];
        let line = trf("review.disagreement", lang, &args);
        ui.add(egui::Label::new(RichText::new(line).color(ORANGE)).wrap());
    }
    ui.add_space(4.0);
}

/// The owner-feedback score beside the simulated owner's satisfaction (and the
/// role-player's score of a live run).
fn owner_feedback(ui: &mut Ui, lang: Lang, form: &mut AssessmentForm, simulated: Option<u32>) {
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label(RichText::new(tr("review.owner_feedback", lang)).strong());
        ui.add(egui::Slider::new(&mut form.owner_feedback, 0..=100).step_by(1.0))
            .labelled_by(caption.id);
        if let Some(simulated) = simulated {
            let args = [("satisfaction", simulated.to_string())];
            ui.label(trf("review.simulated_owner", lang, &args));
        }
        if let Some(score) = form.role_player {
            let args = [("score", score.to_string())];
            ui.label(trf("review.role_player", lang, &args));
        }
    });
}

/// Who signs, and their passphrase (masked, and never kept after the sign-off).
fn signer(ui: &mut Ui, lang: Lang, supervisor: &mut String, passphrase: &mut String) {
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label(tr("review.supervisor", lang));
        ui.add(egui::TextEdit::singleline(supervisor).desired_width(180.0))
            .labelled_by(caption.id);
    });
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label(tr("review.passphrase", lang));
        ui.add(
            egui::TextEdit::singleline(passphrase)
                .password(true)
                .desired_width(180.0),
        )
        .labelled_by(caption.id);
    });
}

/// The comment on the step selected in the path (click a step to select it), and the
/// comments written so far, each selecting its step again.
fn step_comments(
    ui: &mut Ui,
    lang: Lang,
    debrief: &mut DebriefState,
    comments: &mut BTreeMap<usize, String>,
) {
    ui.label(RichText::new(tr("review.comments", lang)).strong());
    match debrief.selected_step() {
        Some(step) => {
            let number = (step + 1).to_string();
            let caption = ui.label(trf("review.comment_on", lang, &[("step", number)]));
            let text = comments.entry(step).or_default();
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(caption.id);
        }
        None => {
            ui.weak(tr("review.click_a_step", lang));
        }
    }
    let mut select = None;
    for (step, comment) in comments.iter().filter(|(_, c)| !c.trim().is_empty()) {
        let line = trf(
            "review.comment_line",
            lang,
            &[
                ("step", (step + 1).to_string()),
                ("comment", comment.clone()),
            ],
        );
        let selected = debrief.selected_step() == Some(*step);
        if ui
            .add(egui::Button::selectable(selected, line).wrap())
            .clicked()
        {
            select = Some(*step);
        }
    }
    if select.is_some() {
        debrief.select_step(select);
    }
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
    let engine = open.replay.as_ref().ok().map(DebriefState::score);
    for signed in &open.signed {
        signed_assessment(ui, lang, signed, engine);
    }
}

/// A signed review: who, when, the verdict; each dimension's mark beside the engine's with
/// its reason (more than [`DISAGREEMENT_POINTS`] apart said so); the owner's feedback; the
/// step comments.
fn signed_assessment(ui: &mut Ui, lang: Lang, signed: &SignedAssessment, engine: Option<&Score>) {
    let assessment = &signed.assessment;
    let verdict = tr(
        &format!("review.verdict_{}", assessment.verdict.as_str()),
        lang,
    );
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let args = [
            ("supervisor", assessment.supervisor.clone()),
            ("signed_at", assessment.signed_at.clone()),
            ("verdict", verdict),
            ("key", signed.key_fingerprint.clone()),
        ];
        ui.label(RichText::new(trf("review.signed_assessment", lang, &args)).color(GREEN));
        egui::Grid::new(("signed_marks", signed.id))
            .num_columns(4)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for key in ["review.col_area", "review.col_engine", "review.col_mentor"] {
                    ui.strong(tr(key, lang));
                }
                ui.strong(tr("review.col_reason", lang));
                ui.end_row();
                for area in AREAS {
                    let mark = assessment.mark(area);
                    let engine = engine.map(|score| score.of(area));
                    let apart =
                        engine.is_some_and(|e| e.abs_diff(mark.score) > DISAGREEMENT_POINTS);
                    ui.label(label(area.key(), lang));
                    ui.label(engine.map_or_else(|| "—".to_owned(), |e| e.to_string()));
                    let text = RichText::new(mark.score.to_string());
                    ui.label(if apart {
                        text.color(ORANGE).strong()
                    } else {
                        text
                    });
                    ui.add(egui::Label::new(mark.reason.as_str()).wrap());
                    ui.end_row();
                }
            });
        for area in AREAS {
            let (mentor, engine) = (assessment.mark(area).score, engine.map(|s| s.of(area)));
            if let Some(engine) = engine.filter(|e| e.abs_diff(mentor) > DISAGREEMENT_POINTS) {
                let args = [
                    ("area", label(area.key(), lang)),
                    ("mentor", mentor.to_string()),
                    ("engine", engine.to_string()),
                    ("points", DISAGREEMENT_POINTS.to_string()),
                ];
                let line = trf("review.signed_disagreement", lang, &args);
                ui.add(egui::Label::new(RichText::new(line).color(ORANGE)).wrap());
            }
        }
        let simulated = engine.map_or_else(|| "—".to_owned(), |s| s.satisfaction.to_string());
        let args = [
            ("score", assessment.owner_feedback.to_string()),
            ("satisfaction", simulated),
        ];
        ui.label(trf("review.signed_owner", lang, &args));
        for comment in &assessment.comments {
            let step = (comment.step + 1).to_string();
            let args = [("step", step), ("text", comment.comment.clone())];
            ui.label(trf("review.signed_comment", lang, &args));
        }
    });
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

#[cfg(test)]
mod tests {
    use drill_engine::{Action, Lang};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use super::*;
    use crate::testing::{
        SCALES, WINDOWS, all_scenarios, assert_all_whole, root, scaled, session, type_into,
        unfit_controls,
    };

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
            signed: vec![],
        }
    }

    struct Screen {
        profile: Profile,
        state: ReviewState,
        scenarios: Vec<Arc<Scenario>>,
        nav: Option<Nav>,
    }

    fn harness(state: ReviewState) -> Harness<'static, Screen> {
        harness_built(
            state,
            Lang::En,
            Harness::builder().with_size(egui::Vec2::new(1280.0, 800.0)),
        )
    }

    fn harness_built(
        state: ReviewState,
        lang: Lang,
        builder: egui_kittest::HarnessBuilder<Screen>,
    ) -> Harness<'static, Screen> {
        builder.build_ui_state(
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
                    lang,
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
    fn the_supervisor_opens_the_report_of_the_trainee_filtered_for_and_of_each_team() {
        let mut state = listed();
        state.teams = vec!["front-desk-a".to_owned()];
        state.drills = vec!["fees-refresher".to_owned()];
        let mut harness = harness(state);
        harness
            .get_by_role_and_label(Role::Button, "Drill fees-refresher")
            .click();
        harness.run();
        let drill = Nav::Report(ReportRequest::Drill("fees-refresher".to_owned()));
        assert_eq!(harness.state().nav, Some(drill));
        assert!(harness.query_by_label_contains("Progress of").is_none());
        harness
            .get_by_role_and_label(Role::Button, "Team front-desk-a, this month")
            .click();
        harness.run();
        let team = Nav::Report(ReportRequest::Team("front-desk-a".to_owned()));
        assert_eq!(harness.state().nav, Some(team));

        type_into(&mut harness, Role::TextInput, "Trainee", "小陈");
        harness
            .get_by_role_and_label(Role::Button, "Progress of 小陈")
            .click();
        harness.run();
        let trainee = Nav::Report(ReportRequest::Trainee("小陈".to_owned()));
        assert_eq!(harness.state().nav, Some(trainee));
    }

    #[test]
    fn the_integrity_line_says_what_was_checked_in_the_supervisors_language() {
        let mut state = listed();
        state.set_integrity(Some(Integrity::Verified {
            runs: 2,
            sign_offs: 1,
        }));
        let builder = Harness::builder().with_size(egui::Vec2::new(1280.0, 800.0));
        let harness = harness_built(state, Lang::Zh, builder);
        harness.get_by_label_contains("完整性:已核对 2 次演练和 1 次签字");
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

    #[test]
    fn a_signed_review_shows_each_mark_beside_the_engines_and_flags_where_they_differ_by_more_than_15()
     {
        let mut state = listed();
        let mut run = brushed_off();
        let engine = run.replay.as_ref().unwrap().score().clone();
        let mark = |score: u32, reason: &str| Mark {
            score,
            reason: reason.to_owned(),
        };
        run.signed.push(SignedAssessment {
            id: 1,
            assessment: Assessment {
                run: 2,
                supervisor: "刘主任".to_owned(),
                etiquette: mark(engine.etiquette + 30, "tried to help"),
                procedure: mark(engine.procedure, "closed too soon"),
                record: mark(engine.record + 5, "blank form"),
                owner_feedback: 30,
                comments: vec![StepComment {
                    step: 0,
                    comment: "apologise first".to_owned(),
                }],
                verdict: Verdict::Redo,
                signed_at: "2026-12-04 19:30".to_owned(),
            },
            key_fingerprint: "5633 b2b2 94c4 d56f".to_owned(),
        });
        state.open(run);
        let harness = harness(state);
        harness.get_by_label_contains(
            "Signed off by 刘主任 (2026-12-04 19:30) · verdict: Redo · key 5633 b2b2 94c4 d56f",
        );
        for reason in ["tried to help", "closed too soon", "blank form"] {
            harness.get_by_label(reason);
        }
        harness.get_by_label_contains(&format!(
            "Owner's feedback 30 (simulated owner's satisfaction {})",
            engine.satisfaction
        ));
        harness.get_by_label("Step 1: apologise first");
        let etiquette = format!(
            "Etiquette: the mentor gave {}, the engine {}: more than 15 points apart",
            engine.etiquette + 30,
            engine.etiquette
        );
        harness.get_by_label_contains(&etiquette);
        assert!(
            harness
                .query_by_label_contains("Record form: the mentor gave")
                .is_none()
        );
    }

    type ReviewHarness = Harness<'static, Screen>;

    /// Types the passphrase and presses Sign off.
    fn sign_off_with(harness: &mut ReviewHarness, passphrase: &str) {
        type_into(harness, Role::PasswordInput, "Passphrase", passphrase);
        harness.get_by_label("Sign off").click();
        harness.run();
    }

    /// Scrolls down to a step of the path, as a person would, and clicks it.
    fn click_step(harness: &mut ReviewHarness, step: &str) {
        harness.get_by_label_contains(step).scroll_to_me();
        harness.run();
        harness.get_by_label_contains(step).click();
        harness.run();
    }

    /// The engine's score of the open run.
    fn engine_score(harness: &ReviewHarness) -> drill_engine::Score {
        let open = harness.state().state.open_run().unwrap();
        open.replay.as_ref().unwrap().score().clone()
    }

    fn nav(harness: &ReviewHarness) -> Option<&Nav> {
        harness.state().nav.as_ref()
    }

    /// Run #2 opened, the supervisor named, Pass picked.
    fn opened() -> ReviewHarness {
        let mut state = listed();
        state.open(brushed_off());
        let mut harness = harness(state);
        type_into(&mut harness, Role::TextInput, "Supervisor", "刘主任");
        harness.get_by_label("Pass").click();
        harness.run();
        harness
    }

    const REASONS: [(&str, &str); 3] = [
        ("Reason (Etiquette)", "Brushed the owner off."),
        ("Reason (Procedure order)", "Never listened or recorded."),
        ("Reason (Record form)", "Left blank."),
    ];

    #[test]
    fn signing_off_is_refused_without_a_reason_for_each_dimension_or_without_a_passphrase() {
        let mut harness = opened();
        for (caption, reason) in &REASONS[..2] {
            type_into(&mut harness, Role::TextInput, caption, reason);
        }
        type_into(
            &mut harness,
            Role::PasswordInput,
            "Passphrase",
            "correct horse",
        );
        harness.get_by_label("To sign off: a reason for Record form.");
        harness.get_by_label("Sign off").click();
        harness.run();
        assert_eq!(
            nav(&harness),
            None,
            "no sign-off without a reason for the record"
        );

        let (caption, reason) = REASONS[2];
        type_into(&mut harness, Role::TextInput, caption, reason);
        harness
            .state_mut()
            .state
            .form
            .as_mut()
            .unwrap()
            .passphrase
            .clear();
        harness.run();
        harness.get_by_label("To sign off: your passphrase.");
        harness.get_by_label("Sign off").click();
        harness.run();
        assert_eq!(nav(&harness), None, "no sign-off without a passphrase");

        sign_off_with(&mut harness, "correct horse");
        assert!(matches!(nav(&harness), Some(Nav::SignAssessment(_))));
    }

    #[test]
    fn the_passphrase_is_masked_on_screen_kept_out_of_debug_output_and_cleared_once_sent() {
        let mut harness = opened();
        for (caption, reason) in REASONS {
            type_into(&mut harness, Role::TextInput, caption, reason);
        }
        type_into(
            &mut harness,
            Role::PasswordInput,
            "Passphrase",
            "s3cret-phrase",
        );
        let field = harness.get_by_role_and_label(Role::PasswordInput, "Passphrase");
        let shown = field
            .accesskit_node()
            .value()
            .unwrap_or_default()
            .to_owned();
        assert!(!shown.contains("s3cret"), "{shown:?}");
        assert!(harness.query_by_label_contains("s3cret").is_none());
        harness.get_by_label("Sign off").click();
        harness.run();
        let Some(Nav::SignAssessment(request)) = nav(&harness) else {
            panic!("signed: {:?}", nav(&harness));
        };
        assert_eq!(request.passphrase.expose(), "s3cret-phrase");
        assert!(!format!("{request:?}").contains("s3cret"));
        assert_eq!(harness.state().state.form.as_ref().unwrap().passphrase, "");
    }

    #[test]
    fn the_sign_off_returns_the_assessment_with_the_marks_verdict_and_the_comments_typed_on_steps()
    {
        let mut harness = opened();
        harness.get_by_label("Click a step of the path below to comment on it.");
        let engine = engine_score(&harness);
        for (caption, reason) in REASONS {
            type_into(&mut harness, Role::TextInput, caption, reason);
        }
        click_step(&mut harness, "1. [");
        harness.run();
        type_into(
            &mut harness,
            Role::MultilineTextInput,
            "Comment on step 1",
            "Should have listened first.",
        );
        click_step(&mut harness, "2. [");
        harness.run();
        type_into(
            &mut harness,
            Role::MultilineTextInput,
            "Comment on step 2",
            "Closed with the owner still talking.",
        );
        harness.get_by_label("Step 1: Should have listened first.");
        harness.get_by_label("Redo").click();
        harness.run();
        sign_off_with(&mut harness, "correct horse");
        let Some(Nav::SignAssessment(request)) = nav(&harness) else {
            panic!("signed: {:?}", nav(&harness));
        };
        let mark = |area: Area, reason: &str| Mark {
            score: engine.of(area),
            reason: reason.to_owned(),
        };
        assert_eq!(
            request.assessment,
            Assessment {
                run: 2,
                supervisor: "刘主任".to_owned(),
                etiquette: mark(Area::Etiquette, REASONS[0].1),
                procedure: mark(Area::Procedure, REASONS[1].1),
                record: mark(Area::Record, REASONS[2].1),
                owner_feedback: engine.satisfaction,
                comments: vec![
                    StepComment {
                        step: 0,
                        comment: "Should have listened first.".to_owned()
                    },
                    StepComment {
                        step: 1,
                        comment: "Closed with the owner still talking.".to_owned()
                    },
                ],
                verdict: Verdict::Redo,
                signed_at: String::new(),
            }
        );

        // Saved: the same review cannot be sent twice by a second click.
        harness.state_mut().state.signed_off();
        harness.state_mut().nav = None;
        harness.run();
        harness.get_by_label("Signed off.");
        sign_off_with(&mut harness, "correct horse");
        assert_eq!(nav(&harness), None);
    }

    #[test]
    fn a_mentor_more_than_15_points_from_the_engine_on_a_dimension_is_told_so() {
        let mut harness = opened();
        let engine = engine_score(&harness).procedure;
        let disagreement = "Procedure order: you gave";
        let set = |harness: &mut ReviewHarness, score: u32| {
            harness
                .state_mut()
                .state
                .form
                .as_mut()
                .unwrap()
                .mark(Area::Procedure)
                .score = score;
            harness.run();
        };
        set(&mut harness, engine + DISAGREEMENT_POINTS);
        assert!(harness.query_by_label_contains(disagreement).is_none());
        set(&mut harness, engine + DISAGREEMENT_POINTS + 1);
        harness.get_by_label(&format!(
            "Procedure order: you gave {}, the engine {engine}: more than 15 points apart, so the rule set may need work here.",
            engine + 16
        ));
    }

    #[test]
    fn the_owner_feedback_sits_beside_the_simulated_owner_and_a_role_players_score() {
        let mut state = listed();
        let run = brushed_off();
        let satisfaction = run.replay.as_ref().unwrap().score().satisfaction;
        state.open(run);
        state.set_role_player_feedback(35);
        let harness = harness(state);
        harness.get_by_label(&format!(
            "simulated owner's satisfaction at the end: {satisfaction}"
        ));
        harness.get_by_label("the role-player gave 35");
        assert_eq!(
            harness.state().state.form.as_ref().unwrap().owner_feedback,
            35
        );
        harness.get_by_role_and_label(Role::Slider, "Owner's feedback");
    }

    #[test]
    fn the_integrity_line_says_what_the_shells_check_of_the_store_found() {
        let mut state = listed();
        state.set_integrity(Some(Integrity::Broken(
            "run #3 was edited after it was signed".into(),
        )));
        let harness = harness(state);
        harness.get_by_label("Integrity: run #3 was edited after it was signed");
        let mut state = listed();
        state.set_integrity(None);
        let harness = self::harness(state);
        assert!(harness.query_by_label_contains("Integrity").is_none());
    }

    #[test]
    fn a_sign_off_that_was_not_saved_keeps_the_reasons_and_says_why() {
        let mut state = listed();
        state.open(brushed_off());
        state.form.as_mut().unwrap().mark(Area::Etiquette).reason = "Rude.".to_owned();
        state.sign_off_failed("wrong passphrase".to_owned());
        let harness = harness(state);
        harness.get_by_label_contains("wrong passphrase");
        assert_eq!(
            harness
                .state()
                .state
                .form
                .clone()
                .unwrap()
                .mark(Area::Etiquette)
                .reason,
            "Rude."
        );
    }

    #[test]
    fn opening_another_run_starts_a_fresh_form() {
        let mut state = listed();
        state.open(brushed_off());
        state
            .form
            .as_mut()
            .unwrap()
            .comments
            .insert(0, "for run 2".to_owned());
        state.signed_off();
        state.open(brushed_off());
        let form = state.form.as_ref().unwrap();
        assert!(form.comments.is_empty() && form.verdict.is_none());
    }

    #[test]
    fn every_control_of_the_review_is_whole_at_every_ui_scale_in_a_laptop_and_a_small_window() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let mut unfit = std::collections::BTreeSet::new();
        for window in WINDOWS {
            for scale in SCALES {
                for lang in Lang::ALL {
                    let mut state = listed();
                    state.open(brushed_off());
                    state.form.as_mut().unwrap().mark(Area::Record).score = 20;
                    state.set_integrity(Some(Integrity::Verified {
                        runs: 2,
                        sign_offs: 1,
                    }));
                    let mut harness = harness_built(state, lang, scaled(window, scale));
                    crate::fonts::install(&harness.ctx, font.clone());
                    harness.run();
                    for problem in unfit_controls(&harness) {
                        unfit.insert(format!("{window:?} at {scale} in {lang:?}: {problem}"));
                    }
                }
            }
        }
        assert_all_whole(unfit);
    }
}
