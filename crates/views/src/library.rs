//! The scenario library: every scenario, filterable, and every broken file with its error.

use std::sync::Arc;

use drill_engine::record::fold;
use drill_engine::{Category, Channel, Lang, Nature, Scenario};
use drill_library::{Course, Lesson};
use egui::{Color32, RichText, Ui};

use crate::{BrokenFile, Nav, Profile, label, tr, trf};

/// The library's filters and search text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryState {
    /// Matches the title in either language or the id.
    pub search: String,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
    pub nature: Option<Nature>,
    pub difficulty: Option<u8>,
}

impl LibraryState {
    /// Whether a scenario passes every filter and the search.
    pub fn matches(&self, scenario: &Scenario) -> bool {
        let search = fold(&self.search);
        let title = scenario.title();
        self.category.is_none_or(|c| c == scenario.category())
            && self.channel.is_none_or(|c| c == scenario.channel())
            && self.nature.is_none_or(|n| n == scenario.nature())
            && self.difficulty.is_none_or(|d| d == scenario.difficulty())
            && (search.is_empty()
                || [title.zh.as_str(), title.en.as_str(), scenario.id()]
                    .iter()
                    .any(|text| fold(text).contains(&search)))
    }
}

/// A filter picker: "all" or one of `values`.
fn filter<T: Copy + PartialEq>(
    ui: &mut Ui,
    id: &str,
    title: String,
    lang: Lang,
    current: &mut Option<T>,
    values: &[T],
    name: impl Fn(T) -> String,
) {
    let all = tr("library.all", lang);
    let caption = ui.label(title);
    egui::ComboBox::from_id_salt(id)
        .selected_text(current.map_or(all.clone(), &name))
        .show_ui(ui, |ui| {
            ui.selectable_value(current, None, all);
            for value in values {
                ui.selectable_value(current, Some(*value), name(*value));
            }
        })
        .response
        .labelled_by(caption.id);
}

pub fn show(
    ui: &mut Ui,
    profile: &Profile,
    state: &mut LibraryState,
    scenarios: &[Arc<Scenario>],
    course: Option<&Course>,
    broken: &[BrokenFile],
) -> Option<Nav> {
    let lang = profile.lang;
    let mut nav = None;
    egui::Panel::top("library_filters").show(ui, |ui| {
        nav = filters(ui, lang, state);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                // In teaching order: the course's lessons first, then the rest by id.
                let mut shown: Vec<&Arc<Scenario>> =
                    scenarios.iter().filter(|s| state.matches(s)).collect();
                shown
                    .sort_by_key(|s| (lesson_of(course, s).map_or(usize::MAX, |(i, _)| i), s.id()));
                ui.weak(trf(
                    "library.count",
                    lang,
                    &[
                        ("shown", shown.len().to_string()),
                        ("total", scenarios.len().to_string()),
                    ],
                ));
                nav = nav.take().or(scenario_table(ui, lang, &shown, course));
                broken_files(ui, lang, broken);
            });
    });
    nav
}

/// The back button, the title, the search and the filters.
fn filters(ui: &mut Ui, lang: Lang, state: &mut LibraryState) -> Option<Nav> {
    let mut nav = None;
    ui.horizontal(|ui| {
        if ui.button(tr("nav.back", lang)).clicked() {
            nav = Some(Nav::Start);
        }
        ui.heading(tr("library.title", lang));
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(tr("library.search", lang));
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text(tr("library.search_hint", lang))
                .desired_width(180.0),
        );
        let named = |key: &str| label(key, lang);
        filter(
            ui,
            "filter_category",
            tr("library.category", lang),
            lang,
            &mut state.category,
            Category::ALL,
            |c| named(c.key()),
        );
        filter(
            ui,
            "filter_channel",
            tr("library.channel", lang),
            lang,
            &mut state.channel,
            Channel::ALL,
            |c| named(c.key()),
        );
        filter(
            ui,
            "filter_nature",
            tr("library.nature", lang),
            lang,
            &mut state.nature,
            &Nature::ALL,
            |n| named(n.key()),
        );
        filter(
            ui,
            "filter_difficulty",
            tr("library.difficulty", lang),
            lang,
            &mut state.difficulty,
            &[1, 2, 3, 4, 5],
            |d| d.to_string(),
        );
        if *state != LibraryState::default() && ui.button(tr("library.clear", lang)).clicked() {
            *state = LibraryState::default();
        }
    });
    ui.add_space(4.0);
    nav
}

/// The scenario's lesson in the course, with its position.
fn lesson_of<'a>(course: Option<&'a Course>, scenario: &Scenario) -> Option<(usize, &'a Lesson)> {
    let course = course?;
    course
        .lessons
        .iter()
        .enumerate()
        .find(|(_, lesson)| lesson.scenario == scenario.id())
}

/// One row per scenario shown: lesson, title and goal, classification, a Play button.
fn scenario_table(
    ui: &mut Ui,
    lang: Lang,
    shown: &[&Arc<Scenario>],
    course: Option<&Course>,
) -> Option<Nav> {
    // Wide enough for a title on one line and its goal on two; the goals would otherwise
    // wrap to the grid's narrowest guess.
    let title_width = (ui.available_width() - 560.0).clamp(240.0, 640.0);
    let mut nav = None;
    egui::Grid::new("library_rows")
        .num_columns(8)
        .striped(true)
        .spacing([14.0, 8.0])
        .show(ui, |ui| {
            for key in [
                "library.col_lesson",
                "library.col_title",
                "library.category",
                "library.channel",
                "library.nature",
                "library.difficulty",
            ] {
                ui.strong(tr(key, lang));
            }
            ui.label("");
            ui.end_row();
            for scenario in shown {
                let lesson = lesson_of(course, scenario);
                if scenario_row(ui, lang, scenario, lesson, title_width) {
                    nav = Some(Nav::Play {
                        scenario: scenario.id().to_owned(),
                    });
                }
                ui.end_row();
            }
        });
    nav
}

/// One scenario's row; true when its Play button was clicked.
fn scenario_row(
    ui: &mut Ui,
    lang: Lang,
    scenario: &Scenario,
    lesson: Option<(usize, &Lesson)>,
    title_width: f32,
) -> bool {
    ui.label(lesson.map_or("–".to_owned(), |(i, _)| (i + 1).to_string()));
    ui.vertical(|ui| {
        ui.set_width(title_width);
        ui.label(scenario.title().get(lang))
            .on_hover_text(scenario.briefing().get(lang));
        if let Some((_, lesson)) = lesson {
            ui.weak(lesson.goal.get(lang));
        }
    });
    ui.label(label(scenario.category().key(), lang));
    ui.label(label(scenario.channel().key(), lang));
    ui.label(label(scenario.nature().key(), lang));
    ui.label(format!("{}/5", scenario.difficulty()));
    let play = ui.button(tr("library.play", lang));
    // Thirteen buttons all named "Play" would tell a screen reader nothing: each is named
    // after its scenario.
    let name = trf(
        "library.play_named",
        lang,
        &[("title", scenario.title().get(lang).to_owned())],
    );
    play.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &name));
    play.clicked()
}

/// The files that failed to load, each with its error.
fn broken_files(ui: &mut Ui, lang: Lang, broken: &[BrokenFile]) {
    if broken.is_empty() {
        return;
    }
    let red = Color32::from_rgb(200, 60, 50);
    ui.add_space(16.0);
    ui.separator();
    ui.label(
        RichText::new(trf(
            "library.broken",
            lang,
            &[("count", broken.len().to_string())],
        ))
        .strong()
        .color(red),
    );
    for file in broken {
        ui.group(|ui| {
            ui.label(RichText::new(&file.path).strong());
            ui.label(RichText::new(&file.error).monospace().color(red));
        });
    }
}

#[cfg(test)]
mod tests {
    use drill_library::SourceFile;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::testing::all_scenarios;

    struct Screen {
        profile: Profile,
        state: LibraryState,
        scenarios: Vec<Arc<Scenario>>,
        course: Course,
        broken: Vec<BrokenFile>,
        nav: Option<Nav>,
    }

    fn harness() -> Harness<'static, Screen> {
        let file = SourceFile::new(
            "scenarios/half-written.ron",
            "Scenario(\n    id: \"half-written\",\n    version: oops,\n)\n",
        );
        let problems = drill_library::parse_scenario(&file, &crate::testing::rules())
            .expect_err("the file is broken");
        let broken = vec![BrokenFile {
            path: file.path.clone(),
            error: problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }];
        let screen = Screen {
            profile: Profile {
                lang: Lang::En,
                ..Profile::default()
            },
            state: LibraryState::default(),
            scenarios: all_scenarios(),
            course: crate::testing::course(),
            broken,
            nav: None,
        };
        Harness::builder()
            .with_size(egui::Vec2::new(1280.0, 900.0))
            .build_ui_state(
                |ui, screen: &mut Screen| {
                    if let Some(nav) = show(
                        ui,
                        &screen.profile,
                        &mut screen.state,
                        &screen.scenarios,
                        Some(&screen.course),
                        &screen.broken,
                    ) {
                        screen.nav = Some(nav);
                    }
                },
                screen,
            )
    }

    #[test]
    fn the_channel_filter_hides_scenarios_of_another_channel() {
        let mut harness = harness();
        harness.get_by_label("The entrance gate that won't shut");
        harness.get_by_label("Trapped in the lift: the five-minute rule");
        harness
            .get_by_role_and_label(Role::ComboBox, "Channel")
            .click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, "Phone").click();
        harness.run();
        assert_eq!(harness.state().state.channel, Some(Channel::Phone));
        // A walk-in scenario is hidden, a phone one stays.
        assert!(
            harness
                .query_by_label("The entrance gate that won't shut")
                .is_none()
        );
        harness.get_by_label("Trapped in the lift: the five-minute rule");
    }

    #[test]
    fn scenarios_are_listed_in_the_courses_teaching_order_with_each_lessons_goal() {
        let harness = harness();
        let course = &harness.state().course;
        let mut tops = Vec::new();
        for (index, lesson) in course.lessons.iter().enumerate() {
            let scenario = harness
                .state()
                .scenarios
                .iter()
                .find(|s| s.id() == lesson.scenario)
                .unwrap();
            let title = harness.get_by_label(scenario.title().get(Lang::En)).rect();
            assert!(
                title.height() < 24.0,
                "the title of lesson {index} wraps: {title:?}"
            );
            tops.push(title.top());
            harness.get_by_label(lesson.goal.get(Lang::En));
            assert!(
                index == 0 || tops[index] > tops[index - 1],
                "lesson {index}"
            );
        }
        assert_eq!(tops.len(), harness.state().scenarios.len());
    }

    #[test]
    fn a_broken_file_is_listed_with_its_error() {
        let harness = harness();
        harness.get_by_label("scenarios/half-written.ron");
        harness.get_by_label_contains("scenarios/half-written.ron:3:");
    }

    #[test]
    fn searching_matches_the_title_in_either_language_and_the_id() {
        let scenarios = all_scenarios();
        let gate = scenarios
            .iter()
            .find(|s| s.id() == "broken-entrance-gate")
            .unwrap();
        for search in ["单元门", "ENTRANCE gate", "broken-entrance"] {
            let state = LibraryState {
                search: search.to_owned(),
                ..LibraryState::default()
            };
            assert!(state.matches(gate), "{search}");
            assert_eq!(
                scenarios.iter().filter(|s| state.matches(s)).count(),
                1,
                "{search}"
            );
        }
    }

    #[test]
    fn the_play_button_starts_that_scenario() {
        let mut harness = harness();
        harness.state_mut().state.search = "entrance gate".to_owned();
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "Play: The entrance gate that won't shut")
            .click();
        harness.run();
        assert_eq!(
            harness.state().nav,
            Some(Nav::Play {
                scenario: "broken-entrance-gate".to_owned()
            })
        );
    }
}
