//! The debrief: scores, the owner's mood over time, findings with their rules and steps, and
//! the trainee's path beside the expert's.

use drill_engine::{Finding, Lang, Score, Session, Severity};
use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2};

use crate::widgets::{entry_lines, minute_time, mood_color, strip_citations};
use crate::{Nav, Profile, label, tr, trf};

const RED: Color32 = Color32::from_rgb(210, 50, 40);
const HIGHLIGHT: Color32 = Color32::from_rgb(255, 225, 120);

/// A finished (or abandoned) run, its score, and the step the trainee is looking at.
#[derive(Debug, Clone)]
pub struct DebriefState {
    session: Session,
    score: Score,
    /// The expert path played on the same variant, for its readable lines.
    expert: Vec<String>,
    /// The expert path in the other language, rebuilt when the language changes.
    expert_lang: Option<Lang>,
    selected: Option<usize>,
    scroll_to_selected: bool,
    /// Why the run could not be saved; the shell keeps it in memory and tries again.
    save_error: Option<String>,
}

impl DebriefState {
    /// The debrief of `session`, scored once by whoever finished the run.
    pub fn new(session: Session, score: Score) -> Self {
        DebriefState {
            session,
            score,
            expert: Vec::new(),
            expert_lang: None,
            selected: None,
            scroll_to_selected: false,
            save_error: None,
        }
    }

    /// Why the run is not saved yet, if it is not.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    /// Says on the debrief that the run is not saved yet, and why (`None`: it is saved).
    pub fn set_save_error(&mut self, error: Option<String>) {
        self.save_error = error;
    }

    pub fn score(&self) -> &Score {
        &self.score
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The transcript step currently highlighted.
    pub fn selected_step(&self) -> Option<usize> {
        self.selected
    }

    /// Highlights a transcript step and scrolls the transcript to it.
    pub fn select_step(&mut self, step: Option<usize>) {
        self.selected = step;
        self.scroll_to_selected = step.is_some();
    }

    fn expert_lines(&mut self, lang: Lang) -> &[String] {
        if self.expert_lang != Some(lang) {
            let session = &self.session;
            // The expert's values are written in the language shown (an English run's form
            // is filled in English).
            self.expert = match session.expert_run_in(lang) {
                Ok(expert) => entry_lines(&expert, lang),
                Err(_) => session
                    .expert_actions_in(lang)
                    .iter()
                    .map(|action| crate::widgets::describe_action(action, lang))
                    .collect(),
            };
            self.expert_lang = Some(lang);
        }
        &self.expert
    }
}

fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Critical => RED,
        Severity::Major => Color32::from_rgb(215, 120, 20),
        Severity::Minor => Color32::from_rgb(120, 120, 120),
    }
}

/// The run is not saved: why, what to do, and a button to try again.
fn not_saved(ui: &mut Ui, lang: Lang, error: &str) -> Option<Nav> {
    let mut nav = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.colored_label(
            RED,
            trf("debrief.not_saved", lang, &[("error", error.to_owned())]),
        );
        if ui.button(tr("debrief.save_again", lang)).clicked() {
            nav = Some(Nav::SaveAgain);
        }
    });
    nav
}

pub fn show(ui: &mut Ui, profile: &Profile, state: &mut DebriefState) -> Option<Nav> {
    let lang = profile.lang;
    let mut nav = None;

    egui::Panel::top("debrief_scores").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.heading(tr("debrief.title", lang));
            ui.label(state.session.render(state.session.scenario().title(), lang));
        });
        let score = &state.score;
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(trf(
                    "debrief.overall",
                    lang,
                    &[("score", score.overall.to_string())],
                ))
                .size(22.0)
                .strong(),
            );
            ui.separator();
            for (key, value) in [
                ("area.etiquette", score.etiquette),
                ("area.procedure", score.procedure),
                ("area.record", score.record),
            ] {
                ui.label(format!("{}: {value}", label(key, lang)));
                ui.separator();
            }
            // Seed 004 scores a drill by the mentor and by the owner: shown apart.
            ui.label(trf(
                "debrief.satisfaction",
                lang,
                &[("satisfaction", score.satisfaction.to_string())],
            ));
        });
        if score.critical {
            ui.colored_label(RED, RichText::new(tr("debrief.critical", lang)).strong());
        }
        if let Some(error) = &state.save_error {
            nav = not_saved(ui, lang, error);
        }
        ui.add_space(2.0);
    });

    egui::Panel::bottom("debrief_buttons").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr("debrief.retry", lang)).clicked() {
                nav = Some(Nav::Retry);
            }
            if ui.button(tr("debrief.next", lang)).clicked() {
                nav = Some(Nav::Next);
            }
            if ui.button(tr("nav.library", lang)).clicked() {
                nav = Some(Nav::Library);
            }
        });
    });

    // The paths beside the findings when both fit, the paths taking the larger share (they
    // hold most of the text); otherwise the findings above the paths, in one column.
    let width = ui.available_width();
    if width >= FINDINGS_MIN_WIDTH + PATHS_MIN_WIDTH {
        // The panel remembers its width in points, which a larger UI scale makes too wide for
        // the window: the range keeps the findings their minimum.
        egui::Panel::right("debrief_paths")
            .resizable(true)
            .default_size(width * 0.6)
            .size_range(PATHS_MIN_WIDTH..=width - FINDINGS_MIN_WIDTH)
            .show(ui, |ui| paths(ui, lang, state));
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("findings")
                .auto_shrink([false, false])
                .show(ui, |ui| findings_column(ui, lang, state));
        });
    } else {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("findings")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    findings_column(ui, lang, state);
                    ui.add_space(12.0);
                    ui.separator();
                    paths_inline(ui, lang, state);
                });
        });
    }
    nav
}

/// The narrowest the findings column gets beside the paths.
const FINDINGS_MIN_WIDTH: f32 = 340.0;
/// The narrowest one path's column gets.
const PATH_MIN_WIDTH: f32 = 240.0;
/// The narrowest the two paths side by side get.
const PATHS_MIN_WIDTH: f32 = 2.0 * PATH_MIN_WIDTH + 16.0;

/// The mood over time first, where it is seen without scrolling, then how the score was made
/// and the findings.
fn findings_column(ui: &mut Ui, lang: Lang, state: &mut DebriefState) {
    ui.label(RichText::new(tr("debrief.mood", lang)).strong());
    mood_plot(ui, lang, state);
    ui.add_space(8.0);
    arithmetic(ui, lang, state);
    findings(ui, lang, state);
}

/// How the score was made: each sub-score as 100 minus its costs, the credit earned, the
/// weighted overall and any ceiling.
pub(crate) fn arithmetic(ui: &mut Ui, lang: Lang, state: &DebriefState) {
    egui::CollapsingHeader::new(RichText::new(tr("debrief.arithmetic", lang)).strong())
        .id_salt("arithmetic")
        .default_open(true)
        .show(ui, |ui| {
            for line in state.score.arithmetic(state.session.rules(), lang) {
                ui.label(line);
            }
        });
}

fn step_text(finding: &Finding, lang: Lang) -> String {
    match finding.step {
        Some(step) => trf("debrief.step", lang, &[("step", (step + 1).to_string())]),
        None => tr("debrief.no_step", lang),
    }
}

pub(crate) fn findings(ui: &mut Ui, lang: Lang, state: &mut DebriefState) {
    let count = state.score.findings.len();
    ui.label(
        RichText::new(trf(
            "debrief.findings",
            lang,
            &[("count", count.to_string())],
        ))
        .strong(),
    );
    if count == 0 {
        ui.label(
            RichText::new(tr("debrief.no_findings", lang)).color(Color32::from_rgb(40, 140, 70)),
        );
    }
    let mut clicked = None;
    // A rule's text is shown once, on its first card: six cards of one rule would say it six
    // times.
    let mut explained: Vec<&str> = Vec::new();
    for (position, finding) in state.score.findings.iter().enumerate() {
        let color = severity_color(finding.severity);
        egui::Frame::group(ui.style())
            .stroke(Stroke::new(1.0, color))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let header = format!(
                    "{} · {} · {} · {}",
                    finding.rule,
                    label(finding.severity.key(), lang),
                    label(finding.area.key(), lang),
                    step_text(finding, lang),
                );
                let selected = finding.step.is_some() && finding.step == state.selected;
                let response =
                    ui.selectable_label(selected, RichText::new(header).strong().color(color));
                if response.clicked() {
                    clicked = Some(position);
                }
                if !explained.contains(&finding.rule.as_str())
                    && let Some(rule) = state.session.rules().rule(&finding.rule)
                {
                    explained.push(&finding.rule);
                    ui.label(RichText::new(rule.text.get(lang)).italics());
                }
                // The header names the rule; the scenario's feedback may cite it again.
                let (explanation, _) =
                    strip_citations(&finding.explain(Some(&state.session), lang));
                ui.label(explanation);
            });
    }
    if let Some(position) = clicked {
        let step = state.score.findings[position].step;
        state.select_step(step);
    }
}

/// The trainee's path (the transcript) beside the expert path, each scrolling on its own.
pub(crate) fn paths(ui: &mut Ui, lang: Lang, state: &mut DebriefState) {
    let expert = state.expert_lines(lang).to_vec();
    ui.columns(2, |columns| {
        columns[0].label(RichText::new(tr("debrief.your_path", lang)).strong());
        egui::ScrollArea::vertical()
            .id_salt("transcript")
            .auto_shrink([false, false])
            .show(&mut columns[0], |ui| trainee_path(ui, lang, state));
        columns[1].label(RichText::new(tr("debrief.expert_path", lang)).strong());
        egui::ScrollArea::vertical()
            .id_salt("expert_path")
            .auto_shrink([false, false])
            .show(&mut columns[1], |ui| expert_path(ui, &expert));
    });
}

/// Both paths in a scrolling column: side by side when two fit, else one above the other.
pub(crate) fn paths_inline(ui: &mut Ui, lang: Lang, state: &mut DebriefState) {
    let expert = state.expert_lines(lang).to_vec();
    let your_path = RichText::new(tr("debrief.your_path", lang)).strong();
    let expert_path_title = RichText::new(tr("debrief.expert_path", lang)).strong();
    if ui.available_width() >= PATHS_MIN_WIDTH {
        ui.columns(2, |columns| {
            columns[0].label(your_path);
            trainee_path(&mut columns[0], lang, state);
            columns[1].label(expert_path_title);
            expert_path(&mut columns[1], &expert);
        });
    } else {
        ui.label(your_path);
        trainee_path(ui, lang, state);
        ui.add_space(8.0);
        ui.label(expert_path_title);
        expert_path(ui, &expert);
    }
}

/// The trainee's steps as selectable lines; the selected one highlighted and scrolled to.
fn trainee_path(ui: &mut Ui, lang: Lang, state: &mut DebriefState) {
    let lines = entry_lines(&state.session, lang);
    let minutes: Vec<u32> = state.session.entries().iter().map(|e| e.minute).collect();
    if lines.is_empty() {
        ui.weak(tr("debrief.empty_path", lang));
    }
    let mut clicked = None;
    for (index, line) in lines.iter().enumerate() {
        let selected = state.selected == Some(index);
        let text = format!(
            "{}. [{}] {line}",
            index + 1,
            minute_time(&state.session, minutes[index])
        );
        let rich = if selected {
            RichText::new(text)
                .strong()
                .background_color(HIGHLIGHT)
                .color(Color32::BLACK)
        } else {
            RichText::new(text)
        };
        let response = ui.add(egui::Button::selectable(selected, rich).wrap());
        if selected && state.scroll_to_selected {
            response.scroll_to_me(Some(egui::Align::Center));
            state.scroll_to_selected = false;
        }
        if response.clicked() {
            clicked = Some(index);
        }
    }
    if let Some(index) = clicked {
        state.selected = Some(index);
    }
}

fn expert_path(ui: &mut Ui, expert: &[String]) {
    // Columns are justified layouts, which would stretch the words of wrapped labels.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        for (index, line) in expert.iter().enumerate() {
            ui.add(egui::Label::new(format!("{}. {line}", index + 1)).wrap());
        }
    });
}

/// The owner's mood after each step, as a polyline over a 0-100 band.
fn mood_plot(ui: &mut Ui, lang: Lang, state: &DebriefState) {
    let history = state.session.mood_history();
    let steps = state.session.entries().len().max(1);
    let width = ui.available_width().min(640.0);
    let (response, painter) = ui.allocate_painter(Vec2::new(width, 140.0), Sense::hover());
    let frame = response.rect;
    let plot = Rect::from_min_max(
        frame.min + Vec2::new(32.0, 8.0),
        frame.max - Vec2::new(8.0, 20.0),
    );
    let visuals = ui.visuals();
    painter.rect_stroke(
        plot,
        0.0,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let text_color = visuals.weak_text_color();
    let x_of = |step: f32| plot.left() + plot.width() * step / steps as f32;
    let y_of = |mood: i32| plot.bottom() - plot.height() * mood.clamp(0, 100) as f32 / 100.0;
    for mood in [0, 50, 100] {
        let y = y_of(mood);
        painter.line_segment(
            [Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
            Stroke::new(0.5, text_color.gamma_multiply(0.5)),
        );
        painter.text(
            Pos2::new(plot.left() - 4.0, y),
            egui::Align2::RIGHT_CENTER,
            mood.to_string(),
            egui::FontId::proportional(11.0),
            text_color,
        );
    }
    painter.text(
        Pos2::new(plot.center().x, frame.bottom() - 2.0),
        egui::Align2::CENTER_BOTTOM,
        tr("debrief.mood_axis", lang),
        egui::FontId::proportional(11.0),
        text_color,
    );
    if let Some(step) = state.selected {
        let x = x_of(step as f32 + 1.0);
        painter.line_segment(
            [Pos2::new(x, plot.top()), Pos2::new(x, plot.bottom())],
            Stroke::new(2.0, HIGHLIGHT),
        );
    }
    // The opening mood is at 0; the mood after step i is at i + 1.
    let points: Vec<(Pos2, i32)> = history
        .iter()
        .enumerate()
        .map(|(position, (step, mood))| {
            let x = if position == 0 {
                0.0
            } else {
                *step as f32 + 1.0
            };
            (Pos2::new(x_of(x), y_of(*mood)), *mood)
        })
        .collect();
    let line: Vec<Pos2> = points.iter().map(|(p, _)| *p).collect();
    painter.add(egui::Shape::line(
        line,
        Stroke::new(2.0, Color32::from_rgb(60, 120, 200)),
    ));
    for (point, mood) in &points {
        painter.circle_filled(*point, 3.5, mood_color(*mood));
    }
}

#[cfg(test)]
mod tests {
    use drill_engine::Action;
    use egui::accesskit::{Role, Toggled};
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use super::*;
    use crate::testing::{
        SCALES, WINDOWS, assert_all_whole, rescale, root, scale_tour, scaled, session,
        unfit_controls,
    };

    /// A run that brushes the owner off (E-11) and closes at once.
    fn brushed_off() -> DebriefState {
        let mut session = session("broken-entrance-gate", 7);
        session
            .apply(Action::Choose("call-engineering".into()))
            .unwrap();
        session.apply(Action::Close).unwrap();
        DebriefState::new(session.clone(), drill_engine::score(&session))
    }

    fn harness(state: DebriefState) -> Harness<'static, (DebriefState, Option<Nav>)> {
        harness_in(state, Lang::En)
    }

    fn harness_in(
        state: DebriefState,
        lang: Lang,
    ) -> Harness<'static, (DebriefState, Option<Nav>)> {
        harness_built(
            state,
            lang,
            Harness::builder().with_size(egui::Vec2::new(1400.0, 900.0)),
        )
    }

    fn harness_built(
        state: DebriefState,
        lang: Lang,
        builder: egui_kittest::HarnessBuilder<(DebriefState, Option<Nav>)>,
    ) -> Harness<'static, (DebriefState, Option<Nav>)> {
        builder.build_ui_state(
            move |ui, (state, nav)| {
                let profile = Profile {
                    lang,
                    ..Profile::default()
                };
                if let Some(next) = show(ui, &profile, state) {
                    *nav = Some(next);
                }
            },
            (state, None),
        )
    }

    #[test]
    fn in_english_the_experts_path_fills_the_form_with_the_english_values() {
        let harness = harness(brushed_off());
        harness.get_by_label_contains("Bldg 5, Unit 2, #1102");
        assert!(harness.query_by_label_contains("5栋2单元1102").is_none());
        let mut harness_zh = harness_in(brushed_off(), Lang::Zh);
        harness_zh.run();
        harness_zh.get_by_label_contains("5栋2单元1102");
    }

    #[test]
    fn a_run_that_could_not_be_saved_says_so_and_offers_to_save_it_again() {
        let mut state = brushed_off();
        state.set_save_error(Some("/data/results.sqlite: disk full".into()));
        let mut harness = harness(state);
        harness.run();
        harness.get_by_label_contains("This run is not saved yet: /data/results.sqlite: disk full");
        harness.get_by_label("Save again").click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::SaveAgain));
        harness.state_mut().0.set_save_error(None);
        harness.run();
        assert!(harness.query_by_label("Save again").is_none());
    }

    #[test]
    fn the_debrief_lists_a_finding_with_its_rule_id_and_rule_text() {
        let state = brushed_off();
        let finding = state
            .score()
            .findings
            .iter()
            .find(|f| f.rule == "E-11")
            .expect("E-11 is found");
        assert_eq!(finding.step, Some(0));
        let rule_text = state
            .session()
            .rules()
            .rule("E-11")
            .unwrap()
            .text
            .en
            .clone();
        let harness = harness(state);
        harness.get_by_label_contains("E-11 · Major · Etiquette · step 1");
        harness
            .get_all_by_label_contains(&rule_text)
            .next()
            .expect("the rule text is shown");
        harness.get_by_label_contains(
            "You said: “For the door, just call the engineering repair line.”",
        );
        harness.get_by_label_contains(&format!("Overall: {}", harness.state().0.score().overall));
    }

    #[test]
    fn clicking_a_finding_highlights_its_transcript_step() {
        let mut harness = harness(brushed_off());
        let step_line = "1. [09:30] You said: For the door, just call the engineering repair line.";
        let toggled = |harness: &Harness<'_, _>| {
            harness
                .get_by_role_and_label(Role::Button, step_line)
                .accesskit_node()
                .toggled()
        };
        assert_eq!(toggled(&harness), Some(Toggled::False));
        harness
            .get_by_label_contains("E-11 · Major · Etiquette · step 1")
            .click();
        harness.run();
        assert_eq!(harness.state().0.selected_step(), Some(0));
        assert_eq!(toggled(&harness), Some(Toggled::True));
    }

    #[test]
    fn the_debrief_shows_each_sub_score_as_100_minus_its_costs_and_the_owners_satisfaction() {
        let state = brushed_off();
        let score = state.score().clone();
        let harness = harness(state);
        harness.get_by_label("How the score was made");
        let etiquette_cost = score
            .costs(drill_engine::Area::Etiquette)
            .find(|f| f.rule == "E-11" && f.step == Some(0))
            .expect("the brush-off costs etiquette");
        harness.get_by_label_contains(&format!(
            "Etiquette: 100 − {} (E-11 · step 1)",
            etiquette_cost.points
        ));
        harness.get_by_label_contains(&format!("= {}", score.procedure));
        harness.get_by_label_contains("Overall: (35 × ");
        harness.get_by_label_contains(&format!(
            "The owner's satisfaction at the end: {} / 100",
            score.satisfaction
        ));
        harness.get_by_label_contains(&format!("Owner's satisfaction: {}", score.satisfaction));
    }

    #[test]
    fn the_expert_path_is_shown_beside_the_trainees() {
        let harness = harness(brushed_off());
        harness.get_by_label("Your path");
        harness.get_by_label("Expert path");
        harness.get_by_label_contains("1. You said: (Stands, smiles) Hello");
        // Both paths end by closing the case.
        assert_eq!(
            harness.get_all_by_label_contains("Closed the case").count(),
            2
        );
    }

    #[test]
    fn picked_choices_are_named_in_the_trainees_language_not_by_their_file_names() {
        let harness = harness_in(brushed_off(), Lang::Zh);
        // The expert path fills the category with the RON name `Facilities`.
        harness.get_by_label_contains("填写“投诉类别”:设施设备");
        assert!(harness.query_by_label_contains("Facilities").is_none());
    }

    #[test]
    fn the_buttons_ask_for_retry_next_and_library() {
        let mut harness = harness(brushed_off());
        for (label, nav) in [
            ("Try again", Nav::Retry),
            ("Next scenario", Nav::Next),
            ("Scenario library", Nav::Library),
        ] {
            harness.get_by_label(label).click();
            harness.run();
            assert_eq!(harness.state().1, Some(nav));
        }
    }

    #[test]
    fn the_owners_mood_over_time_is_shown_above_the_findings() {
        for builder in [
            Harness::builder().with_size(egui::Vec2::new(1400.0, 900.0)),
            scaled(egui::Vec2::new(1024.0, 640.0), 2.0),
        ] {
            let harness = harness_built(brushed_off(), Lang::En, builder);
            let mood = harness.get_by_label("The owner's mood over time").rect();
            let findings = harness.get_by_label_contains("Findings (").rect();
            assert!(mood.bottom() < findings.top(), "{mood:?} {findings:?}");
        }
    }

    #[test]
    fn the_findings_stand_beside_the_paths_in_a_wide_window_and_above_them_in_a_narrow_one() {
        let wide = harness(brushed_off());
        let findings = wide.get_by_label_contains("Findings (").rect();
        let path = wide.get_by_label("Your path").rect();
        assert!(findings.right() < path.left(), "{findings:?} {path:?}");
        for scale in [1.6, 2.0] {
            let mut narrow = harness_built(
                brushed_off(),
                Lang::En,
                scaled(egui::Vec2::new(1280.0, 800.0), scale),
            );
            narrow.run();
            let findings = narrow.get_by_label_contains("Findings (").rect();
            let path = narrow.get_by_label("Your path").rect();
            assert!(
                findings.bottom() < path.top() && (findings.left() - path.left()).abs() < 1.0,
                "at {scale}: findings {findings:?}, your path {path:?}"
            );
        }
    }

    #[test]
    fn a_rule_found_several_times_shows_its_text_once_on_its_first_card() {
        let state = brushed_off();
        let cards = state
            .score()
            .findings
            .iter()
            .filter(|f| f.rule == "P-06")
            .count();
        assert!(
            cards > 1,
            "the brush-off leaves the form blank: {cards} P-06 findings"
        );
        let rule_text = state
            .session()
            .rules()
            .rule("P-06")
            .unwrap()
            .text
            .en
            .clone();
        let harness = harness(state);
        let shown: Vec<egui::Rect> = harness
            .query_all_by_label(&rule_text)
            .map(|node| node.rect())
            .collect();
        assert_eq!(shown.len(), 1, "{rule_text:?}");
        let headers: Vec<egui::Rect> = harness
            .query_all_by_label_contains("P-06 · ")
            .map(|node| node.rect())
            .collect();
        assert!(headers[0].top() < shown[0].top() && shown[0].top() < headers[1].top());
    }

    #[test]
    fn a_findings_explanation_leaves_the_rule_id_to_its_header_in_both_languages() {
        for lang in Lang::ALL {
            let harness = harness_in(brushed_off(), lang);
            // The explanation quotes what was said; the path lists it unquoted.
            let quoted = match lang {
                Lang::Zh => "“门禁坏了您打工程部报修电话就行",
                Lang::En => "“For the door, just call the engineering repair line",
            };
            let said = harness
                .get_by_label_contains(quoted)
                .accesskit_node()
                .value()
                .expect("a label's text is its value");
            assert!(!said.contains("E-11"), "{lang:?}: {said}");
        }
    }

    /// At 1.0, 1.6 and 2.0, in a 1280 x 800 and a 1024 x 640 window, in both languages, with a
    /// finding selected, opened at each scale and switched to the others: the scores, the
    /// findings, both paths and the buttons are whole and no column is squeezed below its
    /// words (see [`unfit_controls`]).
    #[test]
    fn every_control_of_the_debrief_is_whole_at_every_ui_scale_in_a_laptop_and_a_small_window() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let mut unfit = std::collections::BTreeSet::new();
        for window in WINDOWS {
            for first in SCALES {
                for lang in Lang::ALL {
                    let mut state = brushed_off();
                    state.set_save_error(Some("/data/results.sqlite: disk full".into()));
                    state.select_step(Some(0));
                    let mut harness = harness_built(state, lang, scaled(window, first));
                    crate::fonts::install(&harness.ctx, font.clone());
                    for scale in scale_tour(first) {
                        rescale(&mut harness, window, scale);
                        for problem in unfit_controls(&harness) {
                            unfit.insert(format!(
                                "{window:?} at {scale} (from {first}) in {lang:?}: {problem}"
                            ));
                        }
                    }
                }
            }
        }
        assert_all_whole(unfit);
    }
}
