//! Playing a scenario: the owner, the conversation, the options, the standing actions,
//! the simulated clock and the record form.

use std::collections::BTreeMap;

use drill_engine::{
    Action, Department, Event, Lang, Level, PromiseKind, RecordField, Session, SessionError,
};
use egui::{Color32, Key, RichText, Ui};

use crate::widgets::{
    button_width, display_value, face, mood_meter, picker_width, row_width, strip_citations,
    text_width, wrap_before,
};
use crate::{Mode, Nav, Profile, label, tr, trf};

const RED: Color32 = Color32::from_rgb(210, 50, 40);
const GREEN: Color32 = Color32::from_rgb(40, 140, 70);

/// A run in progress and the screen's own state (form buffers, pickers).
#[derive(Debug, Clone)]
pub struct PlayState {
    session: Session,
    /// The record form's text, per drill field, as typed.
    form: BTreeMap<RecordField, String>,
    department: Department,
    level: Level,
    promise_kind: PromiseKind,
    promise_hours: u32,
    callback_hours: u32,
    /// What the last action did, when its result is not in the conversation.
    status: Option<String>,
    /// The node whose options were laid out last, to notice when the panels change size.
    laid_out_node: Option<Option<usize>>,
}

impl PlayState {
    pub fn new(session: Session) -> Self {
        let mut state = PlayState {
            session,
            form: BTreeMap::new(),
            department: Department::Engineering,
            level: Level::Supervisor,
            promise_kind: PromiseKind::Completion,
            promise_hours: 24,
            callback_hours: 24,
            status: None,
            laid_out_node: None,
        };
        state.sync_form();
        state
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn into_session(self) -> Session {
        self.session
    }

    /// Applies an action from outside the screen (automation, tests), keeping the form in step.
    pub fn apply_action(&mut self, action: Action) -> Result<Vec<Event>, SessionError> {
        let events = self.session.apply(action)?;
        self.status = None;
        self.sync_form();
        Ok(events)
    }

    /// Reloads the form's text from the session's record.
    fn sync_form(&mut self) {
        self.form = self
            .session
            .rules()
            .drill_fields()
            .map(|rule| {
                let value = self
                    .session
                    .record()
                    .fields
                    .get(&rule.field)
                    .cloned()
                    .unwrap_or_default();
                (rule.field, value)
            })
            .collect();
    }

    /// Applies an action; an error is shown as the status line.
    pub(crate) fn apply(&mut self, action: Action, lang: Lang) -> Option<Vec<Event>> {
        match self.session.apply(action) {
            Ok(events) => {
                self.status = None;
                Some(events)
            }
            Err(error) => {
                self.status = Some(trf("play.error", lang, &[("error", error.to_string())]));
                None
            }
        }
    }

    /// Applies a form field's text if it differs from the record.
    fn apply_field(&mut self, field: RecordField, lang: Lang) {
        let text = self.form.get(&field).cloned().unwrap_or_default();
        let current = self
            .session
            .record()
            .fields
            .get(&field)
            .map(String::as_str)
            .unwrap_or("");
        if text != current && !self.session.is_closed() {
            self.apply(Action::Fill(field, text), lang);
        }
    }

    /// Applies every edited form field, so a typed value is never lost to another action.
    pub(crate) fn flush_form(&mut self, lang: Lang) {
        let fields: Vec<RecordField> = self.form.keys().copied().collect();
        for field in fields {
            self.apply_field(field, lang);
        }
    }

    /// Answers the owner with the option at `position` of the current node.
    pub(crate) fn choose(&mut self, position: usize, lang: Lang) {
        let Some(node) = self.session.current_node() else {
            return;
        };
        let Some(option) = self.session.scenario().node(node).options.get(position) else {
            return;
        };
        let id = option.id.clone();
        self.flush_form(lang);
        self.apply(Action::Choose(id), lang);
    }

    /// Takes back the last choice (the engine replays the run without it, same seed).
    pub fn retry_last_choice(&mut self) -> bool {
        let Some(session) = self.session.retry_last_choice() else {
            return false;
        };
        self.session = session;
        self.status = None;
        self.sync_form();
        true
    }

    fn can_retry(&self) -> bool {
        self.session.can_retry()
    }
}

/// The narrowest the conversation beside the record form may get.
const CONVERSATION_MIN_WIDTH: f32 = 460.0;
/// The lowest window that holds the conversation, its options and the actions in panels.
const PANELS_MIN_HEIGHT: f32 = 560.0;
/// The widest the record form beside the conversation gets.
const FORM_MAX_WIDTH: f32 = 440.0;

pub fn show(ui: &mut Ui, profile: &Profile, state: &mut PlayState) -> Option<Nav> {
    let lang = profile.lang;
    let mut nav = None;
    if state.session.is_closed() {
        return Some(Nav::Debrief);
    }

    // The record form beside the conversation, and the options and actions in panels below
    // it, when the window holds them (a large UI scale makes a window small); otherwise one
    // column that scrolls, the form last.
    let window = ui.available_rect_before_wrap().size();
    let form_min = record_form_min_width(ui, lang, state);
    let side_by_side =
        window.x >= form_min + CONVERSATION_MIN_WIDTH && window.y >= PANELS_MIN_HEIGHT;

    egui::Panel::top("play_top").show(ui, |ui| {
        if top_bar(ui, profile, state) {
            nav = Some(Nav::Debrief);
        }
        if side_by_side {
            briefing(ui, lang, &state.session);
        }
        ui.add_space(2.0);
    });

    if side_by_side {
        // A fixed width: a resize handle would be an unnamed stop in the Tab order.
        let form_width = (window.x * 0.28).clamp(form_min, FORM_MAX_WIDTH.max(form_min));
        egui::Panel::right("record_form")
            .resizable(false)
            .exact_size(form_width)
            .show(ui, |ui| {
                ui.heading(tr("form.title", lang));
                egui::ScrollArea::vertical()
                    .id_salt("record_form_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| record_form(ui, lang, state));
            });

        egui::Panel::bottom("play_actions").show(ui, |ui| {
            ui.add_space(4.0);
            if actions_and_status(ui, profile, state) {
                nav = Some(Nav::Debrief);
            }
            ui.add_space(4.0);
        });

        // The conversation above gives up room to the options; only when they would take more
        // than half the window do they scroll.
        let options_height = ui.ctx().content_rect().height() * 0.45;
        egui::Panel::bottom("play_options").show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("options_scroll")
                .max_height(options_height)
                // A bottom panel offers only last frame's height: without this the area would
                // shrink to it and never grow back.
                .min_scrolled_height(options_height)
                .show(ui, |ui| options(ui, profile, state));
        });
    }
    // Panels take their size from the previous pass: new options would be clipped for a
    // frame, and with reactive rendering that frame may stay on screen. Lay out again now.
    let node = state.session.current_node();
    if state.laid_out_node != Some(node) {
        state.laid_out_node = Some(node);
        ui.ctx().request_discard("the options changed");
    }

    egui::CentralPanel::default().show(ui, |ui| {
        if side_by_side {
            owner_card(ui, lang, &state.session, 84.0);
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("conversation")
                .auto_shrink([false, false])
                .stick_to_bottom(true)
                .show(ui, |ui| conversation(ui, profile, &state.session));
            return;
        }
        let conversation_height = (ui.available_height() * 0.45).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt("play_column")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                briefing(ui, lang, &state.session);
                owner_card(ui, lang, &state.session, 56.0);
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("conversation")
                    .auto_shrink([false, true])
                    .max_height(conversation_height)
                    .stick_to_bottom(true)
                    .show(ui, |ui| conversation(ui, profile, &state.session));
                ui.separator();
                options(ui, profile, state);
                ui.separator();
                if actions_and_status(ui, profile, state) {
                    nav = Some(Nav::Debrief);
                }
                ui.separator();
                ui.heading(tr("form.title", lang));
                record_form(ui, lang, state);
            });
    });

    if state.session.is_closed() {
        nav = Some(Nav::Debrief);
    }
    nav
}

/// The title, the mode, the clock, the emergency deadline and the end button; true when the
/// run was ended.
fn top_bar(ui: &mut Ui, profile: &Profile, state: &mut PlayState) -> bool {
    let lang = profile.lang;
    let mut ended = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(state.session.render(state.session.scenario().title(), lang));
        ui.separator();
        // Short labels move to the next row whole rather than break mid-way.
        let short_label = |ui: &mut Ui, text: RichText| {
            wrap_before(ui, text_width(ui, text.text(), egui::TextStyle::Body));
            ui.label(text);
        };
        let mode = tr(
            match profile.mode {
                Mode::Practice => "mode.practice",
                Mode::Assessment => "mode.assessment",
            },
            lang,
        );
        short_label(ui, RichText::new(mode));
        ui.separator();
        let clock = trf("play.clock", lang, &[("time", state.session.clock_time())]);
        short_label(ui, RichText::new(clock));
        if let Some(left) = state.session.deadline_remaining() {
            let text = if left >= 0 {
                trf("play.deadline", lang, &[("minutes", left.to_string())])
            } else {
                trf(
                    "play.deadline_over",
                    lang,
                    &[("minutes", (-left).to_string())],
                )
            };
            short_label(ui, RichText::new(text).strong().color(RED));
        }
        let end = tr("play.end_run", lang);
        wrap_before(ui, button_width(ui, &end));
        if ui.button(end).clicked() {
            state.flush_form(lang);
            ended = true;
        }
    });
    ended
}

fn briefing(ui: &mut Ui, lang: Lang, session: &Session) {
    ui.weak(session.render(session.scenario().briefing(), lang));
}

/// The standing actions (with the procedure checklist in practice) and the last action's
/// status; true when the case was closed.
pub(crate) fn actions_and_status(ui: &mut Ui, profile: &Profile, state: &mut PlayState) -> bool {
    let lang = profile.lang;
    if profile.mode == Mode::Practice {
        checklist(ui, lang, &state.session);
    }
    let closed = standing_actions(ui, lang, state);
    if let Some(status) = &state.status {
        ui.colored_label(RED, status);
    }
    closed
}

/// The channel's procedure (DOMAIN §4) as a row of steps, each ticked once done; the steps
/// this case waives are left out. Practice only: in an assessment it would give answers away.
fn checklist(ui: &mut Ui, lang: Lang, session: &Session) {
    let scenario = session.scenario();
    let waived = &scenario.resolution().waive;
    let steps = session.rules().procedure(scenario.channel()).steps.iter();
    ui.horizontal_wrapped(|ui| {
        let caption = trf(
            "play.checklist",
            lang,
            &[("channel", label(scenario.channel().key(), lang))],
        );
        ui.label(RichText::new(caption).strong());
        for required in steps.filter(|required| !waived.contains(&required.step)) {
            let name = label(required.step.key(), lang);
            let done = session.has_done(required.step);
            let text = if done {
                RichText::new(format!("✔ {name}")).color(GREEN)
            } else {
                RichText::new(format!("○ {name}")).weak()
            };
            wrap_before(ui, text_width(ui, text.text(), egui::TextStyle::Body));
            ui.label(text);
        }
    });
}

/// The owner: face, name, unit (once given) and mood.
fn owner_card(ui: &mut Ui, lang: Lang, session: &Session, face_size: f32) {
    let scenario = session.scenario();
    ui.horizontal_top(|ui| {
        face(ui, session.mood(), face_size);
        ui.vertical(|ui| {
            ui.heading(session.render(scenario.owner_name(), lang));
            let unit = session
                .owner_told(RecordField::Unit, lang)
                .unwrap_or_else(|| tr("play.unit_unknown", lang));
            ui.label(format!("{}: {unit}", label(RecordField::Unit.key(), lang)));
            ui.label(format!(
                "{}: {}",
                label(RecordField::Channel.key(), lang),
                label(scenario.channel().key(), lang)
            ));
            mood_meter(ui, session.mood(), lang);
        });
    });
}

/// The conversation so far, from the session's history.
fn conversation(ui: &mut Ui, profile: &Profile, session: &Session) {
    let lang = profile.lang;
    let practice = profile.mode == Mode::Practice;
    let scenario = session.scenario();
    let owner = session.render(scenario.owner_name(), lang);
    let you = tr("play.you", lang);
    for event in session.history() {
        match event {
            Event::OwnerSpoke { node } => {
                ui.add_space(4.0);
                ui.label(RichText::new(format!("{owner}:")).strong());
                ui.label(session.render(&scenario.node(*node).owner, lang));
            }
            Event::Chose { node, option } => {
                let choice = &scenario.node(*node).options[*option];
                ui.add_space(4.0);
                trainee_line(ui, &you, &session.render(&choice.text, lang));
                if practice {
                    feedback(ui, lang, session, choice);
                }
            }
            Event::FactRevealed(field) if practice => {
                ui.weak(trf(
                    "play.fact",
                    lang,
                    &[("field", label(field.key(), lang))],
                ));
            }
            Event::WorkNoticeIssued { department, number } => {
                ui.weak(trf(
                    "play.notice_issued",
                    lang,
                    &[
                        ("number", number.clone()),
                        ("department", label(department.key(), lang)),
                    ],
                ));
            }
            Event::Escalated(level) => {
                ui.weak(trf(
                    "play.escalated",
                    lang,
                    &[("level", label(level.key(), lang))],
                ));
            }
            Event::TimePromised { kind, hours } => {
                ui.weak(trf(
                    "play.promised",
                    lang,
                    &[
                        ("what", label(kind.key(), lang)),
                        ("hours", hours.to_string()),
                    ],
                ));
            }
            Event::WorkCompleted { minute } => {
                ui.weak(trf(
                    "play.completed",
                    lang,
                    &[("time", session.time_at(*minute))],
                ));
            }
            Event::CalledBack { hours } => {
                ui.weak(trf(
                    "play.called_back",
                    lang,
                    &[("hours", hours.to_string())],
                ));
            }
            Event::RecordSubmitted => {
                ui.weak(tr("play.submitted", lang));
            }
            Event::DeadlinePassed => {
                ui.colored_label(RED, tr("play.deadline_passed", lang));
            }
            Event::ConversationEnded => {
                ui.weak(tr("play.conversation_over", lang));
            }
            Event::Closed => {
                ui.weak(tr("play.closed", lang));
            }
            // A live role-play's console shows what was said instead (crate::live).
            Event::FactRevealed(_)
            | Event::MoodChanged { .. }
            | Event::FieldFilled(_)
            | Event::SaidSomethingElse { .. } => {}
        }
    }
}

/// The coach's word on a choice, then the rules it cites as chips, the same in both
/// languages: the rules it breaks, those it satisfies, and any its English text names (the
/// scenario texts cite rules in English only; the IDs are taken out of the text).
fn feedback(ui: &mut Ui, lang: Lang, session: &Session, choice: &drill_engine::scenario::Choice) {
    const BROKEN: Color32 = Color32::from_rgb(200, 110, 20);
    const GOOD: Color32 = Color32::from_rgb(40, 140, 70);
    let (text, _) = strip_citations(&session.render(&choice.feedback, lang));
    let (_, named) = strip_citations(&session.render(&choice.feedback, Lang::En));
    let mut cited: Vec<&str> = Vec::new();
    for id in choice
        .breaks
        .iter()
        .chain(&choice.satisfies)
        .map(String::as_str)
        .chain(named.iter().map(String::as_str))
    {
        if !cited.contains(&id) && session.rules().rule(id).is_some() {
            cited.push(id);
        }
    }
    let color = if choice.breaks.is_empty() {
        GOOD
    } else {
        BROKEN
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(trf("play.feedback", lang, &[("text", text)]))
                .color(color)
                .italics(),
        );
        if cited.is_empty() {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            for id in cited {
                let broken = choice.breaks.iter().any(|b| b == id);
                let chip = if broken { BROKEN } else { GOOD };
                let response = egui::Frame::new()
                    .fill(chip.gamma_multiply(0.15))
                    .stroke(egui::Stroke::new(1.0, chip))
                    .corner_radius(4)
                    .inner_margin(egui::Margin::symmetric(4, 0))
                    .show(ui, |ui| ui.label(RichText::new(id).color(chip)))
                    .inner;
                if let Some(rule) = session.rules().rule(id) {
                    response.on_hover_text(rule.text.get(lang));
                }
            }
        });
    });
}

/// What the trainee said: an indented bubble whose text wraps inside the conversation's width.
fn trainee_line(ui: &mut Ui, you: &str, said: &str) {
    let indent = (ui.available_width() * 0.12).min(96.0);
    egui::Frame::new()
        .outer_margin(egui::Margin {
            left: indent as i8,
            ..Default::default()
        })
        .inner_margin(6)
        .corner_radius(6)
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("{you}:")).strong());
            ui.label(RichText::new(said).color(Color32::from_rgb(70, 130, 200)));
        });
}

/// The current node's options as numbered buttons (keys 1-9), and retry in practice mode.
fn options(ui: &mut Ui, profile: &Profile, state: &mut PlayState) {
    let lang = profile.lang;
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        let heading = match state.session.current_node() {
            Some(_) => tr("play.your_answer", lang),
            None => tr("play.conversation_over", lang),
        };
        ui.label(RichText::new(heading).strong());
        let retry = tr("play.retry_choice", lang);
        if profile.mode == Mode::Practice {
            wrap_before(ui, button_width(ui, &retry));
        }
        if profile.mode == Mode::Practice
            && ui
                .add_enabled(state.can_retry(), egui::Button::new(retry))
                .clicked()
        {
            state.retry_last_choice();
        }
    });
    if let Some(node) = state.session.current_node() {
        let session = &state.session;
        let count = session.scenario().node(node).options.len();
        for (position, choice) in session.scenario().node(node).options.iter().enumerate() {
            let text = format!("{}. {}", position + 1, session.render(&choice.text, lang));
            if ui.add(egui::Button::new(text).wrap()).clicked() {
                picked = Some(position);
            }
        }
        // Number keys choose, unless the trainee is typing in the form.
        if picked.is_none() && !ui.ctx().text_edit_focused() {
            const KEYS: [Key; 9] = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
                Key::Num8,
                Key::Num9,
            ];
            picked = KEYS
                .iter()
                .take(count)
                .position(|key| ui.input(|input| input.key_pressed(*key)));
        }
    }
    if let Some(position) = picked {
        state.choose(position, lang);
    }
}

/// The standing actions; returns true when the case was closed.
fn standing_actions(ui: &mut Ui, lang: Lang, state: &mut PlayState) -> bool {
    let mut action = None;
    ui.label(RichText::new(tr("play.actions", lang)).strong());
    // Every control has a caption, which also names it for screen readers and tests. A
    // caption stays with its control on a row; a row too narrow for a group goes on below.
    ui.horizontal_wrapped(|ui| {
        let departments = Picker::new(ui, lang, "play.notice_to", Department::ALL, Department::key);
        let notice = tr("play.work_notice", lang);
        let group = row_width(ui, &[departments.width(ui), button_width(ui, &notice)]);
        wrap_before(ui, group);
        departments.show(ui, &mut state.department);
        wrap_before(ui, button_width(ui, &notice));
        if ui.button(notice).clicked() {
            action = Some(Action::WorkNotice(state.department));
        }
        ui.separator();
        let levels = Picker::new(ui, lang, "play.escalate_to", Level::ALL, Level::key);
        let escalate = tr("play.escalate", lang);
        let group = row_width(ui, &[levels.width(ui), button_width(ui, &escalate)]);
        wrap_before(ui, group);
        levels.show(ui, &mut state.level);
        wrap_before(ui, button_width(ui, &escalate));
        if ui.button(escalate).clicked() {
            action = Some(Action::Escalate(state.level));
        }
    });
    ui.horizontal_wrapped(|ui| {
        let kinds = Picker::new(
            ui,
            lang,
            "play.promise_kind",
            PromiseKind::ALL,
            PromiseKind::key,
        );
        wrap_before(ui, kinds.width(ui));
        kinds.show(ui, &mut state.promise_kind);
        let promise = ("play.promise_within", "play.promise");
        if hours_action(ui, lang, promise, &mut state.promise_hours, 1) {
            action = Some(match state.promise_kind {
                PromiseKind::Completion => Action::PromiseHours(state.promise_hours),
                kind => Action::Promise(kind, state.promise_hours),
            });
        }
        ui.separator();
        let callback = ("play.callback_after", "play.callback");
        if hours_action(ui, lang, callback, &mut state.callback_hours, 0) {
            action = Some(Action::CallBack(state.callback_hours));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button(tr("play.follow_up", lang)).clicked() {
            action = Some(Action::FollowUp);
        }
        if ui.button(tr("play.submit_record", lang)).clicked() {
            action = Some(Action::SubmitRecord);
        }
        if ui
            .button(RichText::new(tr("play.close_case", lang)).strong())
            .clicked()
        {
            action = Some(Action::Close);
        }
    });
    let Some(action) = action else {
        return false;
    };
    state.flush_form(lang);
    let follow_up = action == Action::FollowUp;
    if let Some(events) = state.apply(action, lang)
        && follow_up
        && events.is_empty()
    {
        state.status = Some(tr("play.follow_up_pending", lang));
    }
    state.session.is_closed()
}

/// A captioned picker of one of `items`, shown by their labels; the caption's i18n key is
/// also the picker's id, and names it for screen readers and tests. It is as wide as its
/// longest item, whichever is chosen.
struct Picker<T: 'static> {
    caption_key: &'static str,
    caption: String,
    items: &'static [T],
    names: Vec<String>,
    width: f32,
}

impl<T: Copy + PartialEq> Picker<T> {
    fn new(
        ui: &Ui,
        lang: Lang,
        caption_key: &'static str,
        items: &'static [T],
        key: fn(T) -> &'static str,
    ) -> Self {
        let names: Vec<String> = items.iter().map(|item| label(key(*item), lang)).collect();
        Picker {
            caption_key,
            caption: tr(caption_key, lang),
            items,
            width: picker_width(ui, names.iter().cloned()),
            names,
        }
    }

    /// The caption and the picker side by side.
    fn width(&self, ui: &Ui) -> f32 {
        row_width(
            ui,
            &[
                text_width(ui, &self.caption, egui::TextStyle::Body),
                self.width,
            ],
        )
    }

    fn show(self, ui: &mut Ui, value: &mut T) {
        let caption = ui.label(self.caption);
        let selected = self
            .items
            .iter()
            .position(|item| item == value)
            .map_or_else(String::new, |position| self.names[position].clone());
        egui::ComboBox::from_id_salt(self.caption_key)
            .selected_text(selected)
            .width(self.width)
            .show_ui(ui, |ui| {
                for (item, name) in self.items.iter().zip(self.names) {
                    ui.selectable_value(value, *item, name);
                }
            })
            .response
            .labelled_by(caption.id);
    }
}

/// A captioned number of hours and the button that acts on it; true when it was pressed.
fn hours_action(
    ui: &mut Ui,
    lang: Lang,
    (caption, button): (&str, &str),
    hours: &mut u32,
    min: u32,
) -> bool {
    let caption = tr(caption, lang);
    let button = tr(button, lang);
    let suffix = tr("play.hours_suffix", lang);
    let drag_width = button_width(ui, &format!("720{suffix}")).max(ui.spacing().interact_size.x);
    let caption_width = text_width(ui, &caption, egui::TextStyle::Body);
    let button_w = button_width(ui, &button);
    wrap_before(ui, row_width(ui, &[caption_width, drag_width, button_w]));
    wrap_before(ui, row_width(ui, &[caption_width, drag_width]));
    let caption = ui.label(caption);
    ui.add(egui::DragValue::new(hours).range(min..=720).suffix(suffix))
        .labelled_by(caption.id);
    wrap_before(ui, button_w);
    ui.button(button).clicked()
}

/// The auto-filled fields, in the form's order.
const AUTO_FIELDS: [RecordField; 6] = [
    RecordField::Channel,
    RecordField::ReceivedAt,
    RecordField::Department,
    RecordField::NoticeNumber,
    RecordField::AgreedCompletion,
    RecordField::CallbackAt,
];

/// The narrowest a field of the form gets beside its caption.
const FIELD_MIN_WIDTH: f32 = 160.0;

/// The drill fields of the form, in the rule set's order.
fn drill_fields(state: &PlayState) -> Vec<RecordField> {
    state
        .session
        .rules()
        .drill_fields()
        .map(|rule| rule.field)
        .collect()
}

/// The widest caption of the drill fields, and the narrowest their fields get: a text
/// field's minimum, or the widest picker.
fn form_columns(ui: &Ui, lang: Lang, drill: &[RecordField]) -> (f32, f32) {
    let caption = drill
        .iter()
        .map(|field| text_width(ui, &label(field.key(), lang), egui::TextStyle::Body))
        .fold(0.0, f32::max);
    let field = drill
        .iter()
        .filter(|field| field.is_choice())
        .map(|field| choice_width(ui, lang, *field))
        .fold(FIELD_MIN_WIDTH, f32::max);
    (caption, field)
}

/// The narrowest the record form's panel gets: a caption and its field side by side, inside
/// the panel's margins and clear of the scroll bar.
fn record_form_min_width(ui: &Ui, lang: Lang, state: &PlayState) -> f32 {
    let (caption, field) = form_columns(ui, lang, &drill_fields(state));
    let style = ui.style();
    let margins = 2.0 * f32::from(egui::Frame::side_top_panel(style).inner_margin.left);
    let scroll_bar = style.spacing.scroll.bar_width + style.spacing.scroll.bar_outer_margin;
    caption + style.spacing.item_spacing.x + field + margins + scroll_bar
}

/// The record form: the drill fields to fill, and the auto-filled fields read-only. Each
/// caption beside its field when both fit, above it otherwise.
pub(crate) fn record_form(ui: &mut Ui, lang: Lang, state: &mut PlayState) {
    let drill = drill_fields(state);
    let (caption_width, field_width) = form_columns(ui, lang, &drill);
    let spacing = ui.spacing().item_spacing.x;
    if ui.available_width() >= caption_width + spacing + field_width {
        egui::Grid::new("record_form_grid")
            .num_columns(2)
            .spacing([spacing, 6.0])
            .min_col_width(caption_width)
            .show(ui, |ui| {
                for field in &drill {
                    form_field(ui, lang, state, *field);
                    ui.end_row();
                }
            });
    } else {
        for field in &drill {
            ui.vertical(|ui| form_field(ui, lang, state, *field));
        }
    }
    ui.add_space(8.0);
    ui.label(RichText::new(tr("form.auto", lang)).strong());
    let auto: Vec<(String, String)> = AUTO_FIELDS
        .iter()
        .filter(|field| !drill.contains(field))
        .map(|field| {
            let value = state
                .session
                .record()
                .get(*field)
                .map(|value| display_value(*field, value, lang));
            (
                label(field.key(), lang),
                value.unwrap_or_else(|| "—".to_owned()),
            )
        })
        .collect();
    let widest = |texts: &mut dyn Iterator<Item = &String>| {
        texts
            .map(|text| text_width(ui, text, egui::TextStyle::Body))
            .fold(0.0, f32::max)
    };
    let captions = widest(&mut auto.iter().map(|(caption, _)| caption));
    let values = widest(&mut auto.iter().map(|(_, value)| value));
    if ui.available_width() >= captions + spacing + values {
        egui::Grid::new("record_form_auto")
            .num_columns(2)
            .spacing([spacing, 4.0])
            .min_col_width(captions)
            .show(ui, |ui| {
                for (caption, value) in auto {
                    ui.add(egui::Label::new(caption).extend());
                    ui.add(egui::Label::new(value).extend());
                    ui.end_row();
                }
            });
    } else {
        for (caption, value) in auto {
            ui.label(format!("{caption}: {value}"));
        }
    }
}

/// One drill field's caption and its text field or picker.
fn form_field(ui: &mut Ui, lang: Lang, state: &mut PlayState, field: RecordField) {
    let caption = ui.add(egui::Label::new(label(field.key(), lang)).extend());
    if field.is_choice() {
        choice_field(ui, lang, state, field, caption.id);
    } else {
        text_field(ui, lang, state, field, caption.id);
    }
}

/// A choice field's picker: as wide as its longest choice, or the hint.
fn choice_width(ui: &Ui, lang: Lang, field: RecordField) -> f32 {
    picker_width(
        ui,
        field
            .choices()
            .into_iter()
            .map(|(key, _)| label(key, lang))
            .chain([tr("form.pick", lang)]),
    )
}

fn text_field(
    ui: &mut Ui,
    lang: Lang,
    state: &mut PlayState,
    field: RecordField,
    caption: egui::Id,
) {
    let text = state.form.entry(field).or_default();
    let edit = if field == RecordField::Content {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    let response = ui
        .add(edit.id_salt(field.key()).desired_width(f32::INFINITY))
        .labelled_by(caption);
    if response.lost_focus() || (response.changed() && !response.has_focus()) {
        state.apply_field(field, lang);
    }
}

fn choice_field(
    ui: &mut Ui,
    lang: Lang,
    state: &mut PlayState,
    field: RecordField,
    caption: egui::Id,
) {
    let current = state.form.get(&field).cloned().unwrap_or_default();
    let selected = if current.trim().is_empty() {
        tr("form.pick", lang)
    } else {
        display_value(field, &current, lang)
    };
    let mut picked = None;
    egui::ComboBox::from_id_salt(field.key())
        .selected_text(selected)
        .width(choice_width(ui, lang, field))
        .show_ui(ui, |ui| {
            for (key, name) in field.choices() {
                if ui
                    .selectable_label(current == name, label(key, lang))
                    .clicked()
                {
                    picked = Some(name);
                }
            }
        })
        .response
        .labelled_by(caption);
    if let Some(name) = picked {
        state.form.insert(field, name);
        state.apply_field(field, lang);
    }
}

#[cfg(test)]
mod tests {
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};

    use super::*;
    use crate::testing::{
        SCALES, WINDOWS, assert_all_whole, rescale, root, scale_tour, scaled, session, type_into,
        unfit_controls,
    };

    fn harness(mode: Mode) -> Harness<'static, (Profile, PlayState, Option<Nav>)> {
        harness_sized(mode, egui::Vec2::new(1280.0, 900.0))
    }

    fn harness_sized(
        mode: Mode,
        size: egui::Vec2,
    ) -> Harness<'static, (Profile, PlayState, Option<Nav>)> {
        harness_built(mode, Lang::En, Harness::builder().with_size(size))
    }

    fn harness_built(
        mode: Mode,
        lang: Lang,
        builder: egui_kittest::HarnessBuilder<(Profile, PlayState, Option<Nav>)>,
    ) -> Harness<'static, (Profile, PlayState, Option<Nav>)> {
        let profile = Profile {
            lang,
            mode,
            ..Profile::default()
        };
        let state = PlayState::new(session("broken-entrance-gate", 7));
        crate::testing::screen_harness(builder, profile, state, show)
    }

    fn chosen(state: &PlayState) -> Vec<String> {
        state
            .session()
            .entries()
            .iter()
            .filter_map(|entry| match &entry.action {
                Action::Choose(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn clicking_an_option_advances_the_session_and_shows_the_owners_reply() {
        let mut harness = harness(Mode::Practice);
        assert!(
            harness
                .query_by_label_contains("Your patrols should have spotted it")
                .is_none()
        );
        harness.get_by_label_contains("1. (Stands, smiles)").click();
        harness.run();
        assert_eq!(chosen(&harness.state().1), ["greet"]);
        harness.get_by_label_contains("Your patrols should have spotted it");
        // Practice mode: the coach's feedback follows the choice.
        harness.get_by_label_contains("Coach: Stand, smile, offer a seat");
    }

    /// Every option of the current node lies inside the window and left of the record form,
    /// and so does every answer given so far.
    fn assert_nothing_clipped(
        harness: &Harness<'static, (Profile, PlayState, Option<Nav>)>,
        size: egui::Vec2,
    ) {
        let form_left = harness
            .get_by_label("Complaint handling record form")
            .rect()
            .left();
        let actions_top = harness.get_by_label("Actions").rect().top();
        let session = &harness.state().1.session;
        let render = |text| session.render(text, Lang::En);
        for event in session.history() {
            if let Event::Chose { node, option } = event {
                let said = render(&session.scenario().node(*node).options[*option].text);
                let rect = harness.get_by_label(&said).rect();
                assert!(
                    rect.right() <= form_left,
                    "{said:?} runs under the record form: {rect:?}"
                );
            }
        }
        let Some(node) = session.current_node() else {
            return;
        };
        for (position, choice) in session.scenario().node(node).options.iter().enumerate() {
            let text = format!("{}. {}", position + 1, render(&choice.text));
            let rect = harness.get_by_label(&text).rect();
            assert!(
                rect.right() <= form_left && rect.bottom() <= actions_top.min(size.y),
                "option {text:?} is clipped in the first frame that shows it: {rect:?}, actions at y = {actions_top}"
            );
        }
    }

    #[test]
    fn long_answers_wrap_and_every_option_fits_on_a_laptop_screen_from_its_first_frame() {
        let size = egui::Vec2::new(1280.0, 800.0);
        let mut harness = harness_sized(Mode::Practice, size);
        let actions = harness.state().1.session.expert_actions();
        assert_nothing_clipped(&harness, size);
        for action in actions {
            let Action::Choose(answer) = action else {
                // Form fields and standing actions are tested elsewhere: apply them directly.
                harness.state_mut().1.apply_action(action).unwrap();
                continue;
            };
            let session = &harness.state().1.session;
            let node = session
                .current_node()
                .expect("the owner is waiting for an answer");
            let position = session
                .scenario()
                .node(node)
                .options
                .iter()
                .position(|option| option.id == answer)
                .expect("the expert's answer is offered");
            let key = Key::from_name(&(position + 1).to_string()).expect("a number key");
            harness.key_press(key);
            // One frame only: a layout that settles a frame later would show clipped options.
            harness.step();
            assert_nothing_clipped(&harness, size);
        }
    }

    /// Answers with the option that upsets the owner most until the conversation ends.
    fn upset_the_owner(state: &mut PlayState) {
        while let Some(node) = state.session.current_node() {
            let options = &state.session.scenario().node(node).options;
            let Some(worst) = options.iter().min_by_key(|option| option.mood) else {
                return;
            };
            let id = worst.id.clone();
            if state.apply_action(Action::Choose(id)).is_err() {
                return;
            }
        }
    }

    #[test]
    fn choosing_another_department_or_level_leaves_the_picker_and_its_button_in_place() {
        let mut harness = harness(Mode::Practice);
        let place = |harness: &PlayHarness| {
            [
                harness
                    .get_by_role_and_label(Role::ComboBox, "Work notice to")
                    .rect(),
                harness.get_by_label("Issue work notice").rect(),
                harness
                    .get_by_role_and_label(Role::ComboBox, "Escalate to")
                    .rect(),
                harness.get_by_label("Escalate").rect(),
            ]
        };
        let before = place(&harness);
        for (department, level) in Department::ALL.iter().zip(Level::ALL.iter().cycle()) {
            harness.state_mut().1.department = *department;
            harness.state_mut().1.level = *level;
            harness.run();
            assert_eq!(place(&harness), before, "with {department:?} and {level:?}");
        }
    }

    #[test]
    fn the_owners_mood_in_words_stays_whole_when_the_owner_is_furious_at_every_ui_scale() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        for window in WINDOWS {
            for scale in SCALES {
                for lang in Lang::ALL {
                    let mut harness = harness_built(Mode::Practice, lang, scaled(window, scale));
                    crate::fonts::install(&harness.ctx, font.clone());
                    upset_the_owner(&mut harness.state_mut().1);
                    harness.run();
                    let mood = harness.state().1.session.mood();
                    let words = trf(
                        "play.mood",
                        lang,
                        &[
                            ("mood", crate::widgets::mood_word(mood, lang)),
                            ("value", mood.to_string()),
                        ],
                    );
                    let caption = harness.get_by_role_and_label(Role::Label, &words).rect();
                    let bar = harness
                        .get_by_role_and_label(Role::ProgressIndicator, &words)
                        .rect();
                    let screen = harness.ctx.content_rect();
                    assert!(
                        screen.contains_rect(caption) && screen.contains_rect(bar),
                        "{window:?} at {scale} in {lang:?}: {words:?} at {caption:?}, its bar at {bar:?}"
                    );
                    let unfit = unfit_controls(&harness);
                    assert!(
                        unfit.is_empty(),
                        "{window:?} at {scale} in {lang:?}: {unfit:#?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_choices_feedback_cites_its_rules_once_as_chips_in_both_languages() {
        for lang in Lang::ALL {
            let mut harness = harness_built(
                Mode::Practice,
                lang,
                Harness::builder().with_size(egui::Vec2::new(1280.0, 900.0)),
            );
            harness
                .state_mut()
                .1
                .apply_action(Action::Choose("call-engineering".into()))
                .unwrap();
            harness.run();
            // The English feedback ends "... one-stop (E-11).": the text keeps none of it.
            let coach = tr("play.feedback", lang).replace("%{text}", "");
            let feedback = harness
                .get_by_label_contains(coach.trim())
                .accesskit_node()
                .value()
                .expect("a label's text is its value");
            assert!(!feedback.contains("E-11"), "{lang:?}: {feedback}");
            let cited: Vec<String> = harness
                .query_all_by_label_contains("E-11")
                .filter_map(|node| node.accesskit_node().value())
                .collect();
            assert_eq!(cited, ["E-11"], "{lang:?}");
        }
    }

    /// At 1.0, 1.6 and 2.0 (the largest scale settings allow), in a 1280 x 800 and a
    /// 1024 x 640 window, in both languages: from the first frame to the last step before
    /// closing, and at that step switched to the other scales, every label, button, picker
    /// and field is whole and as wide as its words need (see [`unfit_controls`]): the record
    /// form's captions, the options, the feedback, the actions.
    #[test]
    fn every_control_of_the_play_screen_is_whole_at_every_ui_scale_in_a_laptop_and_a_small_window()
    {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let mut unfit = std::collections::BTreeSet::new();
        for window in WINDOWS {
            for scale in SCALES {
                for lang in Lang::ALL {
                    let mut harness = harness_built(Mode::Practice, lang, scaled(window, scale));
                    crate::fonts::install(&harness.ctx, font.clone());
                    harness.run();
                    let mut actions = harness.state().1.session.expert_actions();
                    actions.pop_if(|action| *action == Action::Close);
                    let mut step = 0;
                    loop {
                        for problem in unfit_controls(&harness) {
                            unfit.insert(format!("{window:?} at {scale} in {lang:?}: {problem}"));
                        }
                        let Some(action) = actions.get(step) else {
                            // The last step again at the other scales, switched to in place.
                            for scale in scale_tour(scale) {
                                rescale(&mut harness, window, scale);
                                for problem in unfit_controls(&harness) {
                                    unfit.insert(format!(
                                        "{window:?} switched to {scale} in {lang:?}: {problem}"
                                    ));
                                }
                            }
                            break;
                        };
                        harness.state_mut().1.apply_action(action.clone()).unwrap();
                        harness.run();
                        step += 1;
                    }
                }
            }
        }
        assert_all_whole(unfit);
    }

    type PlayHarness = Harness<'static, (Profile, PlayState, Option<Nav>)>;

    fn focused_label(harness: &PlayHarness) -> Option<String> {
        harness
            .query_by(|node| node.is_focused())
            .and_then(|node| node.accesskit_node().label())
    }

    /// Presses Tab until the control named `name` has the keyboard focus.
    fn tab_to(harness: &mut PlayHarness, name: &str) {
        for _ in 0..80 {
            if focused_label(harness).as_deref() == Some(name) {
                return;
            }
            harness.key_press(Key::Tab);
            harness.run();
        }
        panic!("Tab never reaches {name:?}");
    }

    fn press(harness: &mut PlayHarness, key: Key) {
        harness.key_press(key);
        harness.run();
    }

    fn type_text(harness: &mut PlayHarness, text: &str) {
        harness
            .input_mut()
            .events
            .push(egui::Event::Text(text.to_owned()));
        harness.run();
    }

    /// Opens a picker with Space, tabs to the item and takes it with Enter.
    fn pick(harness: &mut PlayHarness, picker: &str, item: &str) {
        tab_to(harness, picker);
        press(harness, Key::Space);
        tab_to(harness, item);
        press(harness, Key::Enter);
        press(harness, Key::Escape);
    }

    fn press_button(harness: &mut PlayHarness, name: &str) {
        tab_to(harness, name);
        press(harness, Key::Enter);
    }

    #[test]
    fn every_stop_of_the_tab_order_has_a_name() {
        let mut harness = harness(Mode::Practice);
        let mut seen = Vec::new();
        let mut first = None;
        for _ in 0..60 {
            press(&mut harness, Key::Tab);
            let node = harness
                .query_by(|node| node.is_focused())
                .expect("Tab always lands on a control");
            let name = node.accesskit_node().label().unwrap_or_default();
            assert!(
                !name.is_empty(),
                "an unnamed control after {seen:?} at {:?}",
                node.rect()
            );
            let id = node.accesskit_node().id();
            if first == Some(id) {
                return;
            }
            first.get_or_insert(id);
            seen.push(name);
        }
        panic!("the Tab order never came round: {seen:?}");
    }

    #[test]
    fn a_whole_run_can_be_played_with_the_keyboard_alone() {
        let mut harness = harness(Mode::Practice);
        let expert = harness.state().1.session.expert_actions();
        for action in expert {
            match action {
                Action::Choose(id) => {
                    // Leave any field first: number keys do not choose while typing.
                    press(&mut harness, Key::Escape);
                    let session = &harness.state().1.session;
                    let node = session.current_node().expect("the owner awaits an answer");
                    let options = &session.scenario().node(node).options;
                    let position = options.iter().position(|o| o.id == id).unwrap();
                    press(
                        &mut harness,
                        Key::from_name(&(position + 1).to_string()).unwrap(),
                    );
                }
                Action::Fill(field, value) if field.is_choice() => {
                    let item = display_value(field, &value, Lang::En);
                    pick(&mut harness, &label(field.key(), Lang::En), &item);
                }
                Action::Fill(field, value) => {
                    tab_to(&mut harness, &label(field.key(), Lang::En));
                    type_text(&mut harness, &value);
                    press(&mut harness, Key::Tab);
                }
                Action::SubmitRecord => press_button(&mut harness, "Submit record form"),
                Action::PromiseHours(hours) | Action::Promise(PromiseKind::Completion, hours) => {
                    tab_to(&mut harness, "Promise within");
                    type_text(&mut harness, &hours.to_string());
                    press_button(&mut harness, "Promise this time");
                }
                Action::WorkNotice(department) => {
                    pick(
                        &mut harness,
                        "Work notice to",
                        &label(department.key(), Lang::En),
                    );
                    press_button(&mut harness, "Issue work notice");
                }
                Action::Escalate(level) => {
                    pick(&mut harness, "Escalate to", &label(level.key(), Lang::En));
                    press_button(&mut harness, "Escalate");
                }
                Action::FollowUp => press_button(&mut harness, "Follow up"),
                Action::CallBack(hours) => {
                    tab_to(&mut harness, "Call back after completion");
                    type_text(&mut harness, &hours.to_string());
                    press_button(&mut harness, "Schedule callback (after completion)");
                }
                Action::Close => press_button(&mut harness, "Close the case"),
                other => panic!("the first lesson's expert path has no keyboard route for {other}"),
            }
        }
        let (_, state, nav) = harness.state();
        assert_eq!(*nav, Some(Nav::Debrief));
        let score = drill_engine::score(&state.session);
        assert_eq!(score.overall, 100, "{:#?}", score.findings);
    }

    #[test]
    fn in_practice_the_walk_in_procedure_is_a_checklist_that_ticks_each_step_as_it_is_done() {
        let mut harness = harness(Mode::Practice);
        harness.get_by_label_contains("Steps (Walk-in)");
        harness.get_by_label("○ Listen");
        harness.get_by_label("○ Callback");
        harness.get_by_label_contains("1. (Stands, smiles)").click();
        harness.run();
        // The greeting receives the owner; listening is the owner's first full account.
        let actions = harness.state().1.session.expert_actions();
        for action in actions.into_iter().skip(1).take(2) {
            harness.state_mut().1.apply(action, Lang::En);
        }
        harness.run();
        harness.get_by_label("✔ Listen");
        harness.get_by_label("✔ Apologise");
        harness.get_by_label("○ Record");
        harness.state_mut().1.apply(Action::SubmitRecord, Lang::En);
        harness.run();
        harness.get_by_label("✔ Record");
    }

    #[test]
    fn an_assessment_shows_no_procedure_checklist() {
        let harness = harness(Mode::Assessment);
        assert!(harness.query_by_label_contains("Steps (").is_none());
        assert!(harness.query_by_label("○ Listen").is_none());
    }

    #[test]
    fn assessment_mode_shows_no_feedback_after_a_choice() {
        let mut harness = harness(Mode::Assessment);
        harness.get_by_label_contains("1. (Stands, smiles)").click();
        harness.run();
        harness.get_by_label_contains("Your patrols should have spotted it");
        assert!(harness.query_by_label_contains("Coach:").is_none());
        assert!(harness.query_by_label("Retry this choice").is_none());
    }

    #[test]
    fn pressing_a_number_key_chooses_that_option() {
        let mut harness = harness(Mode::Practice);
        harness.key_press(Key::Num2);
        harness.run();
        assert_eq!(chosen(&harness.state().1), ["call-engineering"]);
    }

    #[test]
    fn typing_in_a_record_form_field_updates_the_sessions_record() {
        let mut harness = harness(Mode::Practice);
        type_into(
            &mut harness,
            Role::TextInput,
            "Contact phone",
            "138 0000 5127",
        );
        harness.key_press(Key::Tab);
        harness.run();
        let session = harness.state().1.session();
        assert_eq!(
            session.record().get(RecordField::Phone),
            Some("138 0000 5127")
        );
        let fills = session
            .entries()
            .iter()
            .filter(|entry| matches!(entry.action, Action::Fill(RecordField::Phone, _)))
            .count();
        assert_eq!(
            fills, 1,
            "one Fill when the field loses focus, not one per keystroke"
        );
    }

    #[test]
    fn a_reply_can_be_promised_and_the_transcript_says_what_was_promised() {
        let mut harness = harness(Mode::Practice);
        harness
            .get_by_role_and_label(Role::ComboBox, "Promise")
            .click();
        harness.run();
        harness.get_by_label("a reply").click();
        harness.run();
        harness.get_by_label("Promise this time").click();
        harness.run();
        let session = harness.state().1.session();
        assert_eq!(
            session.actions().last(),
            Some(&Action::Promise(PromiseKind::Reply, 24))
        );
        harness.get_by_label_contains("You promised a reply within 24 h.");
    }

    #[test]
    fn picking_a_category_in_the_form_fills_the_record() {
        let mut harness = harness(Mode::Practice);
        harness
            .get_by_role_and_label(Role::ComboBox, "Category")
            .click();
        harness.run();
        harness.get_by_label("Facilities and equipment").click();
        harness.run();
        assert_eq!(
            harness
                .state()
                .1
                .session()
                .record()
                .get(RecordField::Category),
            Some("Facilities")
        );
    }

    #[test]
    fn choosing_a_department_and_issuing_a_work_notice_adds_it() {
        let mut harness = harness(Mode::Practice);
        harness.get_by_value("Engineering").click();
        harness.run();
        harness.get_by_label("Security").click();
        harness.run();
        harness.get_by_label("Issue work notice").click();
        harness.run();
        let session = harness.state().1.session();
        assert!(
            session
                .entries()
                .iter()
                .any(|entry| entry.action == Action::WorkNotice(Department::Security))
        );
        assert_eq!(
            session.record().get(RecordField::Department),
            Some("Security")
        );
        harness.get_by_label_contains("issued to Security");
    }

    #[test]
    fn retry_in_practice_mode_removes_the_last_choice() {
        let mut harness = harness(Mode::Practice);
        harness.get_by_label_contains("1. (Stands, smiles)").click();
        harness.run();
        harness.get_by_label_contains("1. (Nods, jots").click();
        harness.run();
        assert_eq!(chosen(&harness.state().1), ["greet", "listen-apologise"]);
        harness.get_by_label("Retry this choice").click();
        harness.run();
        assert_eq!(chosen(&harness.state().1), ["greet"]);
        assert_eq!(harness.state().1.session().seed(), 7);
        // The owner's second line is back and its options are offered again.
        harness.get_by_label_contains("1. (Nods, jots");
    }

    #[test]
    fn closing_the_case_goes_to_the_debrief() {
        let mut harness = harness(Mode::Practice);
        harness.get_by_label("Close the case").click();
        harness.run();
        assert!(harness.state().1.session().is_closed());
        assert_eq!(harness.state().2, Some(Nav::Debrief));
    }

    #[test]
    fn an_emergency_deadline_counts_down_as_the_simulated_minutes_pass() {
        let mut harness = Harness::builder()
            .with_size(egui::Vec2::new(1280.0, 900.0))
            .build_ui_state(
                |ui, state: &mut PlayState| {
                    show(
                        ui,
                        &Profile {
                            lang: Lang::En,
                            ..Profile::default()
                        },
                        state,
                    );
                },
                PlayState::new(session("lift-entrapment", 1)),
            );
        harness.run();
        let minutes_left = |harness: &Harness<'_, PlayState>| -> u32 {
            let text = harness
                .get_by_label_contains("On site within")
                .accesskit_node()
                .value()
                .expect("a label's text is its value");
            text.split_whitespace()
                .find_map(|word| word.parse().ok())
                .unwrap()
        };
        let before = minutes_left(&harness);
        // The expert's first answer takes a minute of the owner's time.
        harness.key_press(Key::Num1);
        harness.run();
        let after = minutes_left(&harness);
        assert!(after < before, "{before} -> {after}");
    }
}
