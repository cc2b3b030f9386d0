//! Drills in the app: "My drills" on the start screen (each drill set for the trainee, its
//! due date, status and a button to play its next scenario), and the composer a supervisor
//! sets a drill with, whose Save hands the shell the drill as a RON file's text for
//! `drills/`.
//!
//! The views decide nothing about a drill: the engine checks it (through the library, as
//! `validate` does) and the records say how far each trainee is.

use std::sync::Arc;

use drill_engine::drill::{
    Assigned, Dimension, DrillContext, DrillMode, NaiveDate, PassMarks, Pick, RawDrill, SEED,
    SeedPlan, parse_date, resolve,
};
use drill_engine::{Category, Channel, Drill, Lang, Scenario, Text};
use drill_library::SourceFile;
use drill_library::drills::{DRILLS_FOLDER, parse_drill};
use drill_records::{Progress, TraineeStatus};
use egui::{Color32, RichText, Ui};

use crate::widgets::picker_width;
use crate::{Mode, Nav, label, tr, trf};

/// One drill as a trainee's start screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillCard {
    pub drill: String,
    pub title: Text,
    pub due: NaiveDate,
    pub mode: DrillMode,
    pub team: Option<String>,
    pub status: TraineeStatus,
    /// The title of the scenario to play next, if any is left.
    pub next_title: Option<Text>,
}

impl DrillCard {
    /// The card of `drill` for the trainee whose standing is `status`; titles come from the
    /// library's `scenarios`.
    pub fn new(drill: &Drill, status: TraineeStatus, scenarios: &[Arc<Scenario>]) -> DrillCard {
        let next_title = status.next_scenario.as_ref().map(|id| {
            scenarios
                .iter()
                .find(|scenario| scenario.id() == id)
                .map_or_else(|| Text::new(id.clone(), id.clone()), |s| s.title().clone())
        });
        DrillCard {
            drill: drill.id().to_owned(),
            title: drill.title().clone(),
            due: drill.due(),
            mode: drill.mode(),
            team: drill.team().map(str::to_owned),
            status,
            next_title,
        }
    }

    /// What pressing its Play button asks for; `None` when nothing is left to play.
    pub fn play_request(&self) -> Option<PlayDrill> {
        Some(PlayDrill {
            drill: self.drill.clone(),
            scenario: self.status.next_scenario.clone()?,
            seed: self.status.seed,
            mode: self.mode,
            team: self.team.clone(),
        })
    }
}

/// A run to start for a drill: the shell plays `scenario` with `seed` in `mode`, and saves
/// it with `NewRun { drill: Some(drill), team, .. }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayDrill {
    pub drill: String,
    pub scenario: String,
    pub seed: u64,
    pub mode: Mode,
    pub team: Option<String>,
}

/// "My drills": every card with its title, due date and status, and a button to play its
/// next scenario; returns the drill run asked for.
pub fn my_drills(ui: &mut Ui, cards: &[DrillCard], lang: Lang) -> Option<PlayDrill> {
    ui.label(RichText::new(tr("drills.mine", lang)).size(18.0).strong());
    if cards.is_empty() {
        ui.weak(tr("drills.none", lang));
        return None;
    }
    let mut asked = None;
    for card in cards {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if drill_card(ui, card, lang) {
                asked = card.play_request();
            }
        });
    }
    asked
}

/// One card; true when its Play button was pressed.
fn drill_card(ui: &mut Ui, card: &DrillCard, lang: Lang) -> bool {
    ui.label(RichText::new(card.title.get(lang)).strong());
    ui.horizontal_wrapped(|ui| {
        ui.label(trf("drills.due", lang, &[("date", card.due.to_string())]));
        ui.label(tr(mode_key(card.mode), lang));
        let (text, color) = status_words(&card.status, lang);
        ui.label(RichText::new(text).color(color));
    });
    let Some(next) = &card.next_title else {
        return false;
    };
    let mut pressed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(trf(
            "drills.next",
            lang,
            &[("title", next.get(lang).to_owned())],
        ));
        pressed = ui.button(tr("drills.play_next", lang)).clicked();
    });
    pressed
}

fn mode_key(mode: DrillMode) -> &'static str {
    match mode {
        DrillMode::Practice => "drills.mode_practice",
        DrillMode::Assessment => "drills.mode_assessment",
    }
}

/// The status in words, and its colour: overdue red, passed green, failed amber.
fn status_words(status: &TraineeStatus, lang: Lang) -> (String, Color32) {
    let (text, color) = match &status.progress {
        Progress::NotStarted => (tr("drills.not_started", lang), Color32::GRAY),
        Progress::InProgress { done, of } => (
            trf(
                "drills.in_progress",
                lang,
                &[("done", done.to_string()), ("of", of.to_string())],
            ),
            Color32::GRAY,
        ),
        Progress::Passed => (tr("drills.passed", lang), Color32::from_rgb(40, 150, 70)),
        Progress::Failed { .. } => (tr("drills.failed", lang), Color32::from_rgb(200, 120, 0)),
    };
    if status.overdue {
        let overdue = format!("{text} · {}", tr("drills.overdue", lang));
        (overdue, Color32::from_rgb(210, 50, 50))
    } else {
        (text, color)
    }
}

/// What the composer's supervisor is writing, and the pickers' current choices.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposerState {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub picks: Vec<Pick>,
    pub mode: DrillMode,
    /// One seed for everyone (`seed`), else one per trainee.
    pub shared_seed: bool,
    pub seed: u64,
    pub pass: PassMarks,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// For a team of the roster (`team`), else for the trainees named in `trainees`.
    pub for_team: bool,
    pub team: String,
    /// Names separated by commas (either kind) or new lines.
    pub trainees: String,
    adding: Adding,
    /// Why the last Save was refused.
    problems: Vec<String>,
}

/// The add-a-pick pickers' choices.
#[derive(Debug, Clone, PartialEq)]
struct Adding {
    scenario: Option<String>,
    category: Category,
    channel: Channel,
    rule: String,
}

impl Default for ComposerState {
    fn default() -> Self {
        ComposerState {
            id: String::new(),
            title_zh: String::new(),
            title_en: String::new(),
            picks: Vec::new(),
            mode: DrillMode::Practice,
            shared_seed: true,
            seed: 1,
            pass: PassMarks::default(),
            due: String::new(),
            for_team: true,
            team: String::new(),
            trainees: String::new(),
            adding: Adding {
                scenario: None,
                category: Category::Fees,
                channel: Channel::Phone,
                rule: String::new(),
            },
            problems: Vec::new(),
        }
    }
}

impl ComposerState {
    /// The drill as written so far.
    pub fn to_raw(&self) -> RawDrill {
        let names = self.trainees.split([',', '，', '、', '\n']).map(str::trim);
        RawDrill {
            id: self.id.trim().to_owned(),
            title: Text::new(self.title_zh.trim(), self.title_en.trim()),
            scenarios: self.picks.clone(),
            mode: self.mode,
            seed: if self.shared_seed {
                SeedPlan::Shared(self.seed)
            } else {
                SeedPlan::PerTrainee
            },
            pass: self.pass,
            due: self.due.trim().to_owned(),
            assigned: if self.for_team {
                Assigned::Team(self.team.clone())
            } else {
                Assigned::Trainees(names.filter(|n| !n.is_empty()).map(str::to_owned).collect())
            },
        }
    }

    /// Why the last Save was refused, one problem a line.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The shell could not write the saved drill (its file exists, the disk): the form keeps
    /// what was written and says why.
    pub fn save_failed(&mut self, why: String) {
        self.problems = vec![why];
    }

    /// The drills folder already has a file of this drill's name: saved drills are never
    /// overwritten, so the supervisor picks another id (or edits the file).
    pub fn file_exists(&mut self, path: &str, lang: Lang) {
        self.save_failed(trf("drills.exists", lang, &[("path", path.to_owned())]));
    }
}

/// A drill the composer saved: checked as `validate` checks `drills/<file_name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDrill {
    /// `<id>.ron`, the name to write it under in `drills/`.
    pub file_name: String,
    /// The file's text.
    pub ron: String,
    pub drill: Drill,
}

/// The drill composer: title in both languages, the scenarios (from the library list or by
/// category, channel or rule), mode, seed, pass marks, due date, team or trainees. Save
/// asks the shell to write the drill (`Nav::SaveDrill`) once the library accepts it;
/// otherwise the problems are listed. Cancel goes back to the start screen.
pub fn composer(
    ui: &mut Ui,
    state: &mut ComposerState,
    context: &DrillContext,
    lang: Lang,
) -> Option<Nav> {
    let mut outcome = None;
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(
                RichText::new(tr("drills.compose", lang))
                    .size(22.0)
                    .strong(),
            );
            details(ui, state, lang);
            ui.separator();
            picks(ui, state, context, lang);
            ui.separator();
            seed_and_marks(ui, state, lang);
            ui.separator();
            assigned(ui, state, context, lang);
            ui.separator();
            outcome = buttons(ui, state, context, lang);
            for problem in &state.problems {
                ui.colored_label(Color32::from_rgb(210, 50, 50), problem);
            }
        });
    });
    outcome
}

/// A caption and a one-line text field named by it.
fn text_row(ui: &mut Ui, caption: &str, text: &mut String, hint: &str) {
    let caption = ui.label(caption);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(caption.id);
    ui.end_row();
}

fn details(ui: &mut Ui, state: &mut ComposerState, lang: Lang) {
    egui::Grid::new("drill_details")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            text_row(ui, &tr("drills.id", lang), &mut state.id, "lift-refresher");
            text_row(ui, &tr("drills.title_zh", lang), &mut state.title_zh, "");
            text_row(ui, &tr("drills.title_en", lang), &mut state.title_en, "");
            text_row(
                ui,
                &tr("drills.due_caption", lang),
                &mut state.due,
                "2026-12-20",
            );
            ui.label(tr("drills.mode", lang));
            ui.horizontal_wrapped(|ui| {
                for mode in [DrillMode::Practice, DrillMode::Assessment] {
                    ui.radio_value(&mut state.mode, mode, tr(mode_key(mode), lang));
                }
            });
            ui.end_row();
        });
    if !state.due.trim().is_empty() && parse_date(state.due.trim()).is_none() {
        ui.colored_label(Color32::from_rgb(210, 50, 50), tr("drills.bad_date", lang));
    }
}

/// The picks so far with what each adds, a Remove button each, and the pickers to add one.
fn picks(ui: &mut Ui, state: &mut ComposerState, context: &DrillContext, lang: Lang) {
    ui.label(RichText::new(tr("drills.scenarios", lang)).strong());
    let resolved = resolve(&state.picks, context.scenarios, context.rules);
    let mut remove = None;
    for (position, (pick, resolved)) in state.picks.iter().zip(&resolved).enumerate() {
        ui.horizontal_wrapped(|ui| {
            let count = resolved.added.len().to_string();
            ui.label(pick_words(pick, context.scenarios, lang));
            ui.weak(trf("drills.adds", lang, &[("count", count)]));
            if ui.button(tr("drills.remove", lang)).clicked() {
                remove = Some(position);
            }
        });
    }
    if let Some(position) = remove {
        state.picks.remove(position);
    }
    let total: usize = resolved.iter().map(|r| r.added.len()).sum();
    ui.label(trf("drills.total", lang, &[("count", total.to_string())]));
    add_pick(ui, state, context.scenarios, lang);
}

/// How a pick reads: a scenario by its title, the others by what they take.
fn pick_words(pick: &Pick, scenarios: &[Arc<Scenario>], lang: Lang) -> String {
    match pick {
        Pick::Scenario(id) => scenarios
            .iter()
            .find(|scenario| scenario.id() == id)
            .map_or_else(|| id.clone(), |s| s.title().get(lang).to_owned()),
        Pick::Category(category) => trf(
            "drills.by_category",
            lang,
            &[("name", label(category.key(), lang))],
        ),
        Pick::Channel(channel) => trf(
            "drills.by_channel",
            lang,
            &[("name", label(channel.key(), lang))],
        ),
        Pick::Rule(rule) => trf("drills.by_rule", lang, &[("name", rule.clone())]),
    }
}

/// A picker of `values` named by `caption`, as wide as its longest item.
fn picker<T: Clone + PartialEq>(
    ui: &mut Ui,
    caption: &str,
    current: &mut T,
    values: &[(T, String)],
    shown: &str,
) {
    let width = picker_width(ui, values.iter().map(|(_, name)| name.clone()));
    let width = width.min(ui.available_width() - 2.0 * ui.spacing().button_padding.x);
    let caption = ui.label(caption);
    egui::ComboBox::from_id_salt(caption.id)
        .selected_text(shown)
        .width(width)
        .show_ui(ui, |ui| {
            for (value, name) in values {
                ui.selectable_value(current, value.clone(), name);
            }
        })
        .response
        .labelled_by(caption.id);
}

fn add_pick(ui: &mut Ui, state: &mut ComposerState, scenarios: &[Arc<Scenario>], lang: Lang) {
    let adding = &mut state.adding;
    let titles: Vec<(Option<String>, String)> = scenarios
        .iter()
        .map(|s| (Some(s.id().to_owned()), s.title().get(lang).to_owned()))
        .collect();
    let categories: Vec<(Category, String)> = Category::ALL
        .iter()
        .map(|c| (*c, label(c.key(), lang)))
        .collect();
    let channels: Vec<(Channel, String)> = Channel::ALL
        .iter()
        .map(|c| (*c, label(c.key(), lang)))
        .collect();
    let added = [
        add_row(
            ui,
            lang,
            ("drills.scenario", "drills.add"),
            &mut adding.scenario,
            &titles,
            |id| id.clone().map(Pick::Scenario),
        ),
        add_row(
            ui,
            lang,
            ("drills.category", "drills.add_category"),
            &mut adding.category,
            &categories,
            |c| Some(Pick::Category(*c)),
        ),
        add_row(
            ui,
            lang,
            ("drills.channel", "drills.add_channel"),
            &mut adding.channel,
            &channels,
            |c| Some(Pick::Channel(*c)),
        ),
        add_rule_row(ui, lang, &mut adding.rule),
    ];
    for pick in added.into_iter().flatten() {
        if !state.picks.contains(&pick) {
            state.picks.push(pick);
        }
    }
}

/// A picker named by its caption and an Add button beside it: the pick of what is chosen
/// (`pick` of it), when the button is pressed.
fn add_row<T: Clone + PartialEq>(
    ui: &mut Ui,
    lang: Lang,
    (caption, button): (&str, &str),
    current: &mut T,
    values: &[(T, String)],
    pick: impl Fn(&T) -> Option<Pick>,
) -> Option<Pick> {
    let shown = values
        .iter()
        .find(|(value, _)| value == current)
        .map_or_else(|| tr("drills.choose", lang), |(_, name)| name.clone());
    ui.horizontal_wrapped(|ui| {
        picker(ui, &tr(caption, lang), current, values, &shown);
        let chosen = pick(current);
        let pressed = ui
            .add_enabled(chosen.is_some(), egui::Button::new(tr(button, lang)))
            .clicked();
        chosen.filter(|_| pressed)
    })
    .inner
}

/// A rule ID typed in, and its Add button.
fn add_rule_row(ui: &mut Ui, lang: Lang, rule: &mut String) -> Option<Pick> {
    ui.horizontal_wrapped(|ui| {
        let caption = ui.label(tr("drills.rule", lang));
        ui.add(
            egui::TextEdit::singleline(rule)
                .hint_text("H-5")
                .desired_width(80.0),
        )
        .labelled_by(caption.id);
        let typed = rule.trim().to_owned();
        let button = egui::Button::new(tr("drills.add_rule", lang));
        let pressed = ui.add_enabled(!typed.is_empty(), button).clicked();
        (pressed).then_some(Pick::Rule(typed))
    })
    .inner
}

fn seed_and_marks(ui: &mut Ui, state: &mut ComposerState, lang: Lang) {
    ui.label(RichText::new(tr("drills.seed", lang)).strong());
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut state.shared_seed, true, tr("drills.seed_shared", lang));
        ui.add_enabled(
            state.shared_seed,
            egui::DragValue::new(&mut state.seed).range(SEED),
        );
    });
    ui.radio_value(
        &mut state.shared_seed,
        false,
        tr("drills.seed_per_trainee", lang),
    );
    ui.label(RichText::new(tr("drills.pass_marks", lang)).strong());
    ui.horizontal_wrapped(|ui| {
        for dimension in Dimension::ALL {
            pass_mark(ui, &mut state.pass, dimension, lang);
        }
    });
}

/// A dimension's checkbox and, when ticked, its mark (0-100).
fn pass_mark(ui: &mut Ui, pass: &mut PassMarks, dimension: Dimension, lang: Lang) {
    let mut set = pass.get(dimension).is_some();
    let name = match dimension {
        Dimension::Overall => tr("drills.overall", lang),
        other => label(&format!("area.{}", other.name()), lang),
    };
    let ticked = ui.checkbox(&mut set, name);
    if ticked.changed() {
        pass.set(dimension, set.then_some(60));
    }
    if let Some(mut mark) = pass.get(dimension) {
        let value = ui.add(egui::DragValue::new(&mut mark).range(0..=100));
        value.labelled_by(ticked.id);
        pass.set(dimension, Some(mark));
    }
}

fn assigned(ui: &mut Ui, state: &mut ComposerState, context: &DrillContext, lang: Lang) {
    ui.label(RichText::new(tr("drills.for", lang)).strong());
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut state.for_team, true, tr("drills.team", lang));
        let teams: Vec<(String, String)> = context
            .roster
            .team_names()
            .map(|team| (team.to_owned(), team.to_owned()))
            .collect();
        let shown = if state.team.is_empty() {
            tr("drills.choose", lang)
        } else {
            state.team.clone()
        };
        ui.add_enabled_ui(state.for_team, |ui| {
            picker(
                ui,
                &tr("drills.team_picker", lang),
                &mut state.team,
                &teams,
                &shown,
            );
        });
    });
    ui.radio_value(&mut state.for_team, false, tr("drills.trainees", lang));
    let caption = tr("drills.trainees_caption", lang);
    ui.add_enabled(
        !state.for_team,
        egui::TextEdit::multiline(&mut state.trainees)
            .hint_text(caption)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
}

fn buttons(
    ui: &mut Ui,
    state: &mut ComposerState,
    context: &DrillContext,
    lang: Lang,
) -> Option<Nav> {
    let mut outcome = None;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(RichText::new(tr("drills.save", lang)).strong())
            .clicked()
        {
            match save(state, context) {
                Ok(saved) => {
                    state.problems.clear();
                    outcome = Some(Nav::SaveDrill(Box::new(saved)));
                }
                Err(problems) => state.problems = problems,
            }
        }
        if ui.button(tr("drills.cancel", lang)).clicked() {
            outcome = Some(Nav::Start);
        }
    });
    outcome
}

/// The drill as a file of the drills folder, read back through the library's door.
fn save(state: &ComposerState, context: &DrillContext) -> Result<SavedDrill, Vec<String>> {
    let raw = state.to_raw();
    let file_name = format!("{}.ron", raw.id);
    let file = SourceFile::new(format!("{DRILLS_FOLDER}/{file_name}"), raw.to_ron());
    match parse_drill(&file, context) {
        Ok(drill) => Ok(SavedDrill {
            file_name,
            ron: file.text.to_string(),
            drill,
        }),
        Err(problems) => Err(problems
            .iter()
            .map(|problem| format!("{} ({})", problem.message, problem.help))
            .collect()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::testing::{
        SCALES, WINDOWS, all_scenarios, assert_all_whole, repo_path, root, rules, scaled,
        type_into, unfit_controls,
    };
    use drill_engine::Transcript;
    use drill_library::drills::{Drills, load_drills};
    use drill_library::fixtures::{expert_actions, play};
    use drill_records::results::{NewRun, ResultsStore};

    pub(crate) fn shipped_drills() -> Drills {
        load_drills(&repo_path("drills"), &all_scenarios(), &rules())
    }

    /// 王芳's cards once she has played the first scenario of the lift drill.
    pub(crate) fn wangs_cards() -> Vec<DrillCard> {
        let drills = shipped_drills();
        let lift = drills.drill("lift-and-emergencies").unwrap();
        let store = ResultsStore::open_in_memory().unwrap();
        let (first, seed) = (&lift.scenarios()[0], lift.seed_for("王芳"));
        let (session, score) = play(first, seed, expert_actions(first, seed));
        let transcript = Transcript::of(&session, "王芳");
        let run = NewRun {
            transcript: &transcript,
            score: &score,
            mode: "assessment",
            saved_at: "2026-12-01 09:00",
            drill: Some(lift.id()),
            team: lift.team(),
        };
        store.save(&run).unwrap();
        let today = parse_date("2026-12-01").unwrap();
        drills
            .for_trainee("王芳")
            .map(|drill| {
                let status = store.trainee_drill_status(drill, "王芳", today).unwrap();
                DrillCard::new(drill, status, &all_scenarios())
            })
            .collect()
    }

    #[test]
    fn my_drills_shows_each_drill_with_its_due_date_and_status_and_play_next_asks_for_its_next_scenario()
     {
        let cards = wangs_cards();
        let mut harness = Harness::new_ui_state(
            |ui, (cards, asked): &mut (Vec<DrillCard>, Option<PlayDrill>)| {
                if let Some(play) = my_drills(ui, cards, Lang::En) {
                    *asked = Some(play);
                }
            },
            (cards, None),
        );
        for seen in [
            "My drills",
            "Fee complaints: refresher",
            "Due 2026-11-30",
            "Not started · overdue",
            "Lifts and emergencies: assessment",
            "Due 2026-12-20",
            "In progress: 1 of 3 done",
            "Next: Burst pipe at dawn: \"You're paying for my floor!\"",
        ] {
            harness.get_by_label(seen);
        }
        let buttons = harness.query_all_by_label("Play next").count();
        assert_eq!(buttons, 2);
        harness
            .query_all_by_label("Play next")
            .nth(1)
            .unwrap()
            .click();
        harness.run();
        let asked = harness
            .state()
            .1
            .clone()
            .expect("the button asks for a run");
        assert_eq!(
            asked,
            PlayDrill {
                drill: "lift-and-emergencies".into(),
                scenario: "burst-pipe-compensation".into(),
                seed: 20_261_220,
                mode: Mode::Assessment,
                team: Some("front-desk-a".into()),
            }
        );
    }

    type ComposerHarness = Harness<'static, (ComposerState, Option<Nav>)>;

    fn composer_harness(
        state: ComposerState,
        lang: Lang,
        builder: egui_kittest::HarnessBuilder<(ComposerState, Option<Nav>)>,
    ) -> ComposerHarness {
        let (scenarios, rules, roster) = (all_scenarios(), rules(), shipped_drills().roster);
        builder.build_ui_state(
            move |ui, (state, outcome)| {
                let context = DrillContext {
                    scenarios: &scenarios,
                    rules: &rules,
                    roster: &roster,
                };
                if let Some(done) = composer(ui, state, &context, lang) {
                    *outcome = Some(done);
                }
            },
            (state, None),
        )
    }

    fn choose(harness: &mut ComposerHarness, picker: &str, item: &str) {
        harness
            .get_by_role_and_label(Role::ComboBox, picker)
            .click();
        harness.run();
        harness.get_by_label(item).click();
        harness.run();
    }

    fn press(harness: &mut ComposerHarness, button: &str) {
        harness.get_by_label(button).click();
        harness.run();
    }

    #[test]
    fn a_supervisor_composes_a_drill_from_the_list_and_by_category_and_save_returns_ron_that_validates()
     {
        let builder = Harness::builder().with_size(egui::Vec2::new(1000.0, 1400.0));
        let mut harness = composer_harness(ComposerState::default(), Lang::En, builder);
        type_into(&mut harness, Role::TextInput, "Drill id", "lift-check");
        type_into(&mut harness, Role::TextInput, "Title (Chinese)", "电梯检查");
        type_into(
            &mut harness,
            Role::TextInput,
            "Title (English)",
            "Lift check",
        );
        type_into(&mut harness, Role::TextInput, "Due date", "2026-12-20");
        choose(
            &mut harness,
            "Scenario",
            "Lift out for five days: a joint letter from 23 households",
        );
        press(&mut harness, "Add");
        choose(&mut harness, "Category", "Emergency");
        press(&mut harness, "Add by category");
        harness.get_by_label("3 scenarios to play");
        press(&mut harness, "Assessment");
        choose(&mut harness, "Team", "front-desk-a");
        harness.get_by_label("Overall").click();
        harness.run();
        press(&mut harness, "Save drill");

        let Some(Nav::SaveDrill(saved)) = harness.state().1.clone() else {
            panic!("not saved: {:?}", harness.state().0.problems());
        };
        assert_eq!(saved.file_name, "lift-check.ron");
        let drill = &saved.drill;
        assert_eq!(drill.mode(), DrillMode::Assessment);
        assert_eq!(drill.seed_plan(), SeedPlan::Shared(1));
        assert_eq!(drill.pass_marks().overall, Some(60));
        assert_eq!(
            drill.scenarios(),
            [
                "lift-outage-group-letter",
                "burst-pipe-compensation",
                "lift-entrapment"
            ]
        );
        // The text is what `validate` reads in drills/.
        let roster = shipped_drills().roster;
        let context = DrillContext {
            scenarios: &all_scenarios(),
            rules: &rules(),
            roster: &roster,
        };
        let file = SourceFile::new("drills/lift-check.ron", saved.ron.clone());
        assert_eq!(parse_drill(&file, &context).ok().as_ref(), Some(drill));
    }

    #[test]
    fn save_with_no_title_and_no_scenarios_lists_what_to_fix_and_saves_nothing() {
        let builder = Harness::builder().with_size(egui::Vec2::new(1000.0, 1400.0));
        let mut harness = composer_harness(ComposerState::default(), Lang::Zh, builder);
        press(&mut harness, "保存训练");
        assert_eq!(harness.state().1, None);
        harness.get_by_label_contains("the Zh title has 0 characters");
        harness.get_by_label_contains("the number of picks 0 is out of range");
        // A pick added and removed again: the count follows.
        choose(&mut harness, "类别", "收费");
        press(&mut harness, "按类别添加");
        harness.get_by_label("共 1 个场景");
        press(&mut harness, "移除");
        harness.get_by_label("共 0 个场景");
    }

    /// A composer with every section filled, so every control shows.
    fn filled() -> ComposerState {
        ComposerState {
            id: "lift-check".into(),
            title_zh: "电梯检查".into(),
            title_en: "Lift check".into(),
            picks: vec![
                Pick::Scenario("lift-outage-group-letter".into()),
                Pick::Category(Category::Emergency),
                Pick::Rule("H-5".into()),
            ],
            pass: PassMarks {
                overall: Some(80),
                etiquette: Some(70),
                procedure: Some(70),
                record: Some(60),
            },
            due: "2026-12-20".into(),
            team: "front-desk-a".into(),
            ..ComposerState::default()
        }
    }

    #[test]
    fn the_composer_and_my_drills_are_whole_at_every_ui_scale_in_a_laptop_and_a_small_window() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let cards = wangs_cards();
        let mut unfit = std::collections::BTreeSet::new();
        for window in WINDOWS {
            for scale in SCALES {
                for lang in Lang::ALL {
                    let mut harness = composer_harness(filled(), lang, scaled(window, scale));
                    crate::fonts::install(&harness.ctx, font.clone());
                    harness.run();
                    for problem in unfit_controls(&harness) {
                        unfit.insert(format!(
                            "composer {window:?} at {scale} in {lang:?}: {problem}"
                        ));
                    }
                    let profile = crate::Profile {
                        trainee: "王芳".into(),
                        lang,
                        ..crate::Profile::default()
                    };
                    let mut start = scaled(window, scale).build_ui_state(
                        |ui, (profile, cards): &mut (crate::Profile, Vec<DrillCard>)| {
                            crate::start::show_with_drills(ui, profile, cards);
                        },
                        (profile, cards.clone()),
                    );
                    crate::fonts::install(&start.ctx, font.clone());
                    start.run();
                    for problem in unfit_controls(&start) {
                        unfit.insert(format!(
                            "start {window:?} at {scale} in {lang:?}: {problem}"
                        ));
                    }
                }
            }
        }
        assert_all_whole(unfit);
    }

    fn is_key(literal: &str) -> bool {
        literal.strip_prefix("drills.").is_some_and(|rest| {
            !rest.is_empty()
                && rest != "rs"
                && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
    }

    /// Every `drills.` key named in this file and the start screen exists in both languages.
    #[test]
    fn every_drills_string_exists_in_chinese_and_english() {
        let src = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut named = 0;
        for module in ["drills", "start"] {
            let code = std::fs::read_to_string(src.join(format!("{module}.rs"))).unwrap();
            for key in code.split('"').skip(1).step_by(2).filter(|l| is_key(l)) {
                named += 1;
                for lang in Lang::ALL {
                    assert_ne!(
                        tr(key, lang),
                        key,
                        "no {lang:?} text for {key} in locales/drills.yml"
                    );
                }
            }
        }
        assert!(named > 40, "{named}");
    }
}
