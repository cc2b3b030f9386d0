//! The live role-play console (seed 004 with real people): a colleague plays the owner and
//! the trainee answers aloud. The supervisor reads the owner's next line out, clicks the
//! option closest to what the trainee said (or "something else", with the rules it broke and
//! a note), takes the standing actions the trainee names, hands the record form to the
//! trainee, and at the end the role-player gives the owner-feedback score. The engine scores
//! the run as a played one; the shell saves it with mode [`MODE`].

use std::collections::BTreeSet;

use drill_engine::scenario::Choice;
use drill_engine::{Action, Event, Lang, Session, SomethingElse};
use egui::{Color32, RichText, Ui};

use crate::play::{PlayState, actions_and_status, record_form};
use crate::widgets::{button_width, entry_lines, wrap_before};
use crate::{Mode, Nav, Profile, tr, trf};

/// The mode a live run is saved with in the results store.
pub const MODE: &str = "live";

const RED: Color32 = Color32::from_rgb(210, 50, 40);
const BROKEN: Color32 = Color32::from_rgb(200, 110, 20);
const KEPT: Color32 = Color32::from_rgb(40, 140, 70);

/// Where the role-player's slider starts: the middle, so neither end is suggested.
const DEFAULT_FEEDBACK: u32 = 50;

/// What the supervisor's screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The owner's line, the options, the standing actions.
    Console,
    /// The record form, handed to the trainee.
    Form,
    /// The role-player's score, at the end.
    Feedback,
}

/// "Something else" as the supervisor writes it down.
#[derive(Debug, Clone, Default)]
struct Draft {
    /// The position of the closest option at the current node.
    closest: Option<usize>,
    breaks: BTreeSet<String>,
    note: String,
    /// Shows only rules whose id or text contains this.
    rule_filter: String,
}

/// A live run in progress: the session and the trainee's record form (the play screen's
/// state, so the form is the play screen's own), and the console's state.
#[derive(Debug, Clone)]
pub struct LiveState {
    play: PlayState,
    stage: Stage,
    draft: Option<Draft>,
    owner_feedback: u32,
}

/// A finished live run, for the shell to score and save.
#[derive(Debug, Clone)]
pub struct LiveRun {
    pub session: Session,
    /// 0-100, from the colleague who played the owner.
    pub owner_feedback: u32,
}

impl LiveState {
    pub fn new(session: Session) -> Self {
        LiveState {
            play: PlayState::new(session),
            stage: Stage::Console,
            draft: None,
            owner_feedback: DEFAULT_FEEDBACK,
        }
    }

    pub fn session(&self) -> &Session {
        self.play.session()
    }

    /// The role-player's score so far (0-100).
    pub fn owner_feedback(&self) -> u32 {
        self.owner_feedback
    }

    pub fn into_run(self) -> LiveRun {
        LiveRun {
            owner_feedback: self.owner_feedback,
            session: self.play.into_session(),
        }
    }

    /// Writes down what was said instead of an option; an error shows as the status line.
    fn record_something_else(&mut self, lang: Lang) {
        let Some(draft) = &self.draft else { return };
        let (Some(node), Some(closest)) = (self.session().current_node(), draft.closest) else {
            return;
        };
        let options = &self.session().scenario().node(node).options;
        let said = SomethingElse {
            closest: options[closest].id.clone(),
            breaks: draft.breaks.iter().cloned().collect(),
            note: draft.note.trim().to_owned(),
        };
        self.play.flush_form(lang);
        if self.play.apply(Action::SomethingElse(said), lang).is_some() {
            self.draft = None;
        }
    }
}

pub fn show(ui: &mut Ui, profile: &Profile, state: &mut LiveState) -> Option<Nav> {
    let lang = profile.lang;
    if state.session().is_closed() {
        state.stage = Stage::Feedback;
    }
    egui::Panel::top("live_top").show(ui, |ui| top_bar(ui, lang, state));
    let mut nav = None;
    let stage = state.stage;
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("live_console")
            .auto_shrink([false, false])
            .show(ui, |ui| match stage {
                Stage::Console => console(ui, profile, state),
                Stage::Form => trainee_form(ui, lang, state),
                Stage::Feedback => nav = feedback(ui, lang, state),
            });
    });
    nav
}

/// The title, the clock and the deadline, and the buttons that change what the screen shows.
fn top_bar(ui: &mut Ui, lang: Lang, state: &mut LiveState) {
    ui.horizontal_wrapped(|ui| {
        let session = state.session();
        ui.heading(session.render(session.scenario().title(), lang));
        ui.separator();
        ui.label(tr("live.title", lang));
        ui.label(trf("play.clock", lang, &[("time", session.clock_time())]));
        if let Some(left) = session.deadline_remaining() {
            let text = trf("play.deadline", lang, &[("minutes", left.to_string())]);
            ui.label(RichText::new(text).strong().color(RED));
        }
        let buttons: &[(&str, Stage)] = match state.stage {
            Stage::Console => &[
                ("live.hand_form", Stage::Form),
                ("live.end_run", Stage::Feedback),
            ],
            Stage::Form => &[("live.back_to_console", Stage::Console)],
            Stage::Feedback => &[],
        };
        for (key, stage) in buttons {
            let text = tr(key, lang);
            wrap_before(ui, button_width(ui, &text));
            if ui.button(text).clicked() {
                // A field still being typed in is kept, whatever the screen shows next.
                state.play.flush_form(lang);
                state.stage = *stage;
            }
        }
    });
    ui.add_space(2.0);
}

/// The owner's line to read out, the options (or "something else"), the standing actions
/// and the run so far.
fn console(ui: &mut Ui, profile: &Profile, state: &mut LiveState) {
    let lang = profile.lang;
    owner_line(ui, lang, state.session());
    ui.separator();
    if state.session().current_node().is_some() {
        if state.draft.is_some() {
            something_else(ui, lang, state);
        } else {
            options(ui, lang, state);
        }
    }
    ui.separator();
    // No checklist of the procedure: the trainee may see this screen.
    let console = Profile {
        mode: Mode::Assessment,
        ..profile.clone()
    };
    actions_and_status(ui, &console, &mut state.play);
    ui.separator();
    egui::CollapsingHeader::new(RichText::new(tr("live.so_far", lang)).strong())
        .id_salt("live_so_far")
        .default_open(true)
        .show(ui, |ui| {
            for (index, line) in entry_lines(state.session(), lang).iter().enumerate() {
                ui.label(format!("{}. {line}", index + 1));
            }
        });
}

/// The owner's latest line, large, for the role-player to read out.
fn owner_line(ui: &mut Ui, lang: Lang, session: &Session) {
    let scenario = session.scenario();
    let latest = session
        .history()
        .iter()
        .rev()
        .find_map(|event| match event {
            Event::OwnerSpoke { node } => Some(*node),
            _ => None,
        });
    ui.label(RichText::new(tr("live.read_out", lang)).strong());
    if let Some(node) = latest {
        let size = ui.style().text_styles[&egui::TextStyle::Heading].size * 1.2;
        let line = session.render(&scenario.node(node).owner, lang);
        ui.label(RichText::new(line).size(size));
    }
    if session.current_node().is_none() {
        ui.weak(tr("live.owner_finished", lang));
    }
}

/// The current node's options, each with the rules it breaks and keeps, and "something else".
fn options(ui: &mut Ui, lang: Lang, state: &mut LiveState) {
    let Some(node) = state.session().current_node() else {
        return;
    };
    ui.label(RichText::new(tr("live.closest", lang)).strong());
    let mut picked = None;
    let session = state.session();
    for (position, choice) in session.scenario().node(node).options.iter().enumerate() {
        let text = format!("{}. {}", position + 1, session.render(&choice.text, lang));
        if ui.add(egui::Button::new(text).wrap()).clicked() {
            picked = Some(position);
        }
        rule_ids(ui, lang, session, choice);
    }
    ui.add_space(4.0);
    if ui
        .button(RichText::new(tr("live.something_else", lang)).strong())
        .clicked()
    {
        state.draft = Some(Draft::default());
    }
    if let Some(position) = picked {
        state.play.choose(position, lang);
    }
}

/// `Breaks E-11 · Keeps P-02, E-01`, each rule's text on hover.
fn rule_ids(ui: &mut Ui, lang: Lang, session: &Session, choice: &Choice) {
    let rules = session.rules();
    let texts = |ids: &[String]| -> String {
        ids.iter()
            .filter_map(|id| {
                rules
                    .rule(id)
                    .map(|r| format!("{id}: {}", r.text.get(lang)))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    ui.horizontal_wrapped(|ui| {
        let mut shown = false;
        for (key, ids, color) in [
            ("live.breaks", &choice.breaks, BROKEN),
            ("live.keeps", &choice.satisfies, KEPT),
        ] {
            if ids.is_empty() {
                continue;
            }
            let text = trf(key, lang, &[("rules", ids.join(", "))]);
            ui.label(RichText::new(text).color(color).small())
                .on_hover_text(texts(ids));
            shown = true;
        }
        if !shown {
            ui.weak(RichText::new(tr("live.no_rules", lang)).small());
        }
    });
}

/// "Something else": the closest option, the rules it broke (at least one), a note.
fn something_else(ui: &mut Ui, lang: Lang, state: &mut LiveState) {
    let LiveState { play, draft, .. } = state;
    let (session, Some(draft)) = (play.session(), draft.as_mut()) else {
        return;
    };
    let Some(node) = session.current_node() else {
        return;
    };
    ui.heading(tr("live.something_else", lang));
    ui.label(RichText::new(tr("live.closest_to", lang)).strong());
    for (position, choice) in session.scenario().node(node).options.iter().enumerate() {
        let text = format!("{}. {}", position + 1, session.render(&choice.text, lang));
        ui.radio_value(&mut draft.closest, Some(position), text);
    }
    ui.add_space(4.0);
    rule_picker(ui, lang, session, draft);
    let caption = ui.label(RichText::new(tr("live.note", lang)).strong());
    ui.add(
        egui::TextEdit::multiline(&mut draft.note)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption.id);
    let missing = match (draft.closest, draft.breaks.is_empty()) {
        (None, _) => Some("live.pick_closest"),
        (_, true) => Some("live.pick_a_rule"),
        _ => None,
    };
    if let Some(missing) = missing {
        ui.colored_label(RED, tr(missing, lang));
    }
    let (mut record, mut cancel) = (false, false);
    ui.horizontal_wrapped(|ui| {
        let button = egui::Button::new(RichText::new(tr("live.record", lang)).strong());
        record = ui.add_enabled(missing.is_none(), button).clicked();
        cancel = ui.button(tr("live.cancel", lang)).clicked();
    });
    if record {
        state.record_something_else(lang);
    } else if cancel {
        state.draft = None;
    }
}

/// Every rule of the set the filter lets through, as a box to tick, with its text.
fn rule_picker(ui: &mut Ui, lang: Lang, session: &Session, draft: &mut Draft) {
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label(RichText::new(tr("live.rules_broken", lang)).strong());
        ui.add(egui::TextEdit::singleline(&mut draft.rule_filter).desired_width(160.0))
            .labelled_by(caption.id);
    });
    let filter = draft.rule_filter.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("live_rules")
        .max_height(220.0)
        .show(ui, |ui| {
            for rule in session.rules().rules() {
                let text = format!("{} · {}", rule.id, rule.text.get(lang));
                if !filter.is_empty() && !text.to_lowercase().contains(&filter) {
                    continue;
                }
                let mut ticked = draft.breaks.contains(&rule.id);
                if ui.checkbox(&mut ticked, text).changed() {
                    if ticked {
                        draft.breaks.insert(rule.id.clone());
                    } else {
                        draft.breaks.remove(&rule.id);
                    }
                }
            }
        });
}

/// The record form, handed to the trainee: the play screen's own form.
fn trainee_form(ui: &mut Ui, lang: Lang, state: &mut LiveState) {
    ui.heading(tr("form.title", lang));
    ui.weak(tr("live.form_for_trainee", lang));
    record_form(ui, lang, &mut state.play);
}

/// The role-player's score beside the simulated owner's satisfaction, and the end of the run.
fn feedback(ui: &mut Ui, lang: Lang, state: &mut LiveState) -> Option<Nav> {
    let mut nav = None;
    ui.heading(tr("live.feedback_title", lang));
    let caption = ui.label(tr("live.feedback", lang));
    ui.add(egui::Slider::new(&mut state.owner_feedback, 0..=100).step_by(1.0))
        .labelled_by(caption.id);
    let satisfaction = state.session().mood().clamp(0, 100);
    ui.label(trf(
        "live.simulated",
        lang,
        &[("satisfaction", satisfaction.to_string())],
    ));
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(RichText::new(tr("live.finish", lang)).strong())
            .clicked()
        {
            nav = Some(Nav::FinishLive);
        }
        if !state.session().is_closed() && ui.button(tr("live.back_to_console", lang)).clicked() {
            state.stage = Stage::Console;
        }
    });
    nav
}

#[cfg(test)]
mod tests {
    use drill_engine::{Action, SomethingElse};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::testing::{
        SCALES, WINDOWS, assert_all_whole, root, scaled, screen_harness, session, type_into,
        unfit_controls,
    };

    type Console = (Profile, LiveState, Option<Nav>);

    fn harness() -> Harness<'static, Console> {
        harness_built(
            Lang::En,
            Harness::builder().with_size(egui::Vec2::new(1280.0, 900.0)),
        )
    }

    fn harness_built(
        lang: Lang,
        builder: egui_kittest::HarnessBuilder<Console>,
    ) -> Harness<'static, Console> {
        let profile = Profile {
            lang,
            ..Profile::default()
        };
        let state = LiveState::new(session("broken-entrance-gate", 7));
        screen_harness(builder, profile, state, show)
    }

    fn actions(harness: &Harness<'static, Console>) -> Vec<Action> {
        harness.state().1.session().actions().cloned().collect()
    }

    #[test]
    fn the_console_shows_the_owners_line_to_read_out_and_each_option_with_its_rule_ids() {
        let harness = harness();
        harness.get_by_label("Owner's line, to read out:");
        harness.get_by_label_contains("The door downstairs has been broken for days");
        harness.get_by_label_contains("1. (Stands, smiles) Hello");
        harness.get_by_label("keeps P-02, E-01, E-15");
        harness.get_by_label_contains("2. For the door, just call the engineering repair line.");
        harness.get_by_label("breaks E-11");
        harness.get_by_label("breaks E-12");
    }

    #[test]
    fn clicking_the_closest_option_answers_with_it_and_the_owners_next_line_follows() {
        let mut harness = harness();
        harness.get_by_label_contains("3. How many days?").click();
        harness.run();
        assert_eq!(actions(&harness), [Action::Choose("interrupt".into())]);
        harness.get_by_label_contains("Your patrols should have spotted it");
        assert!(
            harness
                .query_by_label_contains("The door downstairs has been broken")
                .is_none()
        );
        harness.get_by_label_contains("1. You said: How many days?");
    }

    #[test]
    fn something_else_needs_the_closest_option_and_at_least_one_rule_then_records_the_note() {
        let mut harness = harness();
        harness.get_by_label("Something else").click();
        harness.run();
        harness.get_by_label("Pick the option closest to what was said.");
        harness.get_by_label_contains("1. (Stands, smiles)").click();
        harness.run();
        harness.get_by_label("Tick at least one rule it broke.");
        harness.get_by_label("Record what was said").click();
        harness.run();
        assert_eq!(actions(&harness), [], "no rule ticked: nothing recorded");

        // The rule set's rules, with their texts, filtered by what is typed.
        type_into(&mut harness, Role::TextInput, "Rules it broke", "civil");
        assert!(harness.query_by_label_contains("E-11 ·").is_none());
        harness.get_by_label_contains("E-03 · Civil words").click();
        harness.run();
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "What was said (note)")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "What was said (note)")
            .type_text("Greeted him with a yawn");
        harness.run();
        harness.get_by_label("Record what was said").click();
        harness.run();
        assert_eq!(
            actions(&harness),
            [Action::SomethingElse(SomethingElse {
                closest: "greet".into(),
                breaks: vec!["E-03".into()],
                note: "Greeted him with a yawn".into(),
            })]
        );
        // The conversation went on from the closest option.
        harness.get_by_label_contains("Your patrols should have spotted it");
        let score = drill_engine::score(harness.state().1.session());
        let finding = score.findings.iter().find(|f| f.rule == "E-03").unwrap();
        assert_eq!(finding.step, Some(0));
    }

    #[test]
    fn the_form_is_handed_to_the_trainee_and_what_they_type_is_the_runs_record() {
        let mut harness = harness();
        harness.get_by_label("Hand the form to the trainee").click();
        harness.run();
        assert!(
            harness.query_by_label("Something else").is_none(),
            "the console is hidden"
        );
        type_into(
            &mut harness,
            Role::TextInput,
            "Contact phone",
            "13800000000",
        );
        harness.get_by_label("Back to the console").click();
        harness.run();
        harness.get_by_label("Something else");
        let record = harness.state().1.session().record().clone();
        assert_eq!(
            record.get(drill_engine::RecordField::Phone),
            Some("13800000000")
        );
    }

    #[test]
    fn at_the_end_the_role_player_gives_the_owner_feedback_beside_the_simulated_owners() {
        let mut harness = harness();
        harness
            .state_mut()
            .1
            .play
            .apply_action(Action::Close)
            .unwrap();
        harness.run();
        harness.get_by_label("Role-player: how well served did you feel? (0-100)");
        let mood = harness.state().1.session().mood();
        harness.get_by_label(&format!(
            "The simulated owner's satisfaction at the end: {mood}"
        ));
        let slider = harness.get_by_role_and_label(
            Role::Slider,
            "Role-player: how well served did you feel? (0-100)",
        );
        slider.focus();
        harness.run();
        for _ in 0..5 {
            harness.key_press(egui::Key::ArrowRight);
            harness.run();
        }
        assert_eq!(harness.state().1.owner_feedback(), DEFAULT_FEEDBACK + 5);
        harness.get_by_label("Finish and score").click();
        harness.run();
        assert_eq!(harness.state().2, Some(Nav::FinishLive));
        let run = harness.state().1.clone().into_run();
        assert_eq!(run.owner_feedback, DEFAULT_FEEDBACK + 5);
        assert!(run.session.is_closed());
    }

    #[test]
    fn every_control_of_the_console_is_whole_at_every_ui_scale_in_a_laptop_and_a_small_window() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let mut unfit = std::collections::BTreeSet::new();
        for window in WINDOWS {
            for scale in SCALES {
                for lang in Lang::ALL {
                    let mut harness = harness_built(lang, scaled(window, scale));
                    crate::fonts::install(&harness.ctx, font.clone());
                    harness.run();
                    let mut check = |harness: &Harness<'static, Console>, what: &str| {
                        for problem in unfit_controls(harness) {
                            unfit.insert(format!(
                                "{window:?} at {scale} in {lang:?}, {what}: {problem}"
                            ));
                        }
                    };
                    check(&harness, "the console");
                    harness.state_mut().1.draft = Some(Draft::default());
                    harness.run();
                    check(&harness, "something else");
                    harness.state_mut().1.stage = Stage::Form;
                    harness.run();
                    check(&harness, "the form");
                    harness.state_mut().1.stage = Stage::Feedback;
                    harness.run();
                    check(&harness, "the feedback");
                }
            }
        }
        assert_all_whole(unfit);
    }
}
