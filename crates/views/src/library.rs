//! The scenario library: every scenario, filterable, and every broken file with its error.

use std::collections::BTreeMap;
use std::sync::Arc;

use drill_engine::record::fold;
use drill_engine::{Category, Channel, Lang, Nature, Scenario};
use drill_library::{Course, Lesson};
use egui::{Color32, RichText, Ui};

use crate::widgets::{button_width, picker_width, row_width, text_width, wrap_before};
use crate::{BrokenFile, Nav, Profile, label, tr, trf};

/// The library's filters and search text, and the trainee's progress.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryState {
    /// The best overall score of the trainee's saved runs, by scenario id: finished lessons
    /// are ticked with it. The shell reads it from the results store.
    pub best: BTreeMap<String, u32>,
    /// Matches the title in either language or the id.
    pub search: String,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
    pub nature: Option<Nature>,
    pub difficulty: Option<u8>,
    /// Play starts a live role-play (the supervisor's console) instead of a run.
    pub live: bool,
}

impl LibraryState {
    /// Whether a filter or the search narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || self.category.is_some()
            || self.channel.is_some()
            || self.nature.is_some()
            || self.difficulty.is_some()
    }

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
    // As wide as its longest item whichever is chosen, and kept beside its caption.
    let width = picker_width(
        ui,
        std::iter::once(all.clone()).chain(values.iter().map(|value| name(*value))),
    );
    wrap_before(
        ui,
        row_width(ui, &[text_width(ui, &title, egui::TextStyle::Body), width]),
    );
    let caption = ui.label(title);
    egui::ComboBox::from_id_salt(id)
        .selected_text(current.map_or(all.clone(), &name))
        .width(width)
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
        // A solid scroll bar takes its own room: a floating one is drawn over the rows' ends,
        // where the Play buttons are.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
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
                nav = nav
                    .take()
                    .or(scenario_table(ui, lang, &shown, course, &state.best));
                broken_files(ui, lang, broken);
            });
    });
    match nav {
        Some(Nav::Play { scenario }) if state.live => Some(Nav::PlayLive { scenario }),
        other => other,
    }
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
    ui.checkbox(&mut state.live, tr("library.live", lang));
    ui.horizontal_wrapped(|ui| {
        let search = tr("library.search", lang);
        let search_width = (ui.available_width()
            - text_width(ui, &search, egui::TextStyle::Body)
            - ui.spacing().item_spacing.x)
            .min(180.0);
        let caption = ui.label(search);
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text(tr("library.search_hint", lang))
                .desired_width(search_width),
        )
        .labelled_by(caption.id);
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
        if state.is_filtered() {
            let clear = tr("library.clear", lang);
            wrap_before(ui, button_width(ui, &clear));
            if ui.button(clear).clicked() {
                *state = LibraryState {
                    best: std::mem::take(&mut state.best),
                    ..LibraryState::default()
                };
            }
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

/// The table's columns after the title: category, channel, nature, difficulty.
const CLASS_COLUMNS: [&str; 4] = [
    "library.category",
    "library.channel",
    "library.nature",
    "library.difficulty",
];

/// A scenario's classification, one text per column of [`CLASS_COLUMNS`].
fn classification(lang: Lang, scenario: &Scenario) -> [String; 4] {
    [
        label(scenario.category().key(), lang),
        label(scenario.channel().key(), lang),
        label(scenario.nature().key(), lang),
        format!("{}/5", scenario.difficulty()),
    ]
}

/// The narrowest a title column gets: room for a lesson's goal on a few lines.
const TITLE_MIN_WIDTH: f32 = 240.0;
const TITLE_MAX_WIDTH: f32 = 640.0;
/// The table's gap between columns.
const COLUMN_GAP: f32 = 14.0;

/// One row per scenario shown: lesson, title and goal, classification, a Play button. When
/// the table would not fit the width (a large UI scale), one card per scenario instead.
fn scenario_table(
    ui: &mut Ui,
    lang: Lang,
    shown: &[&Arc<Scenario>],
    course: Option<&Course>,
    best: &BTreeMap<String, u32>,
) -> Option<Nav> {
    let body = |ui: &Ui, text: &str| text_width(ui, text, egui::TextStyle::Body);
    let strong = |ui: &Ui, text: &str| {
        // Headers are strong: as wide as the body text in egui's default fonts, and a little
        // room for a heavier face.
        body(ui, text) * 1.05
    };
    // Every column as wide as its widest cell, the title on one line.
    let lesson_width = shown
        .iter()
        .filter_map(|s| lesson_of(course, s).map(|(i, _)| body(ui, &(i + 1).to_string())))
        .chain([strong(ui, &tr("library.col_lesson", lang)), body(ui, "–")])
        .fold(0.0, f32::max);
    let title_width = shown
        .iter()
        .map(|s| body(ui, s.title().get(lang)))
        .chain([strong(ui, &tr("library.col_title", lang))])
        .fold(TITLE_MIN_WIDTH, f32::max)
        .min(TITLE_MAX_WIDTH);
    let class_widths: Vec<f32> = CLASS_COLUMNS
        .iter()
        .enumerate()
        .map(|(column, key)| {
            shown
                .iter()
                .map(|s| body(ui, &classification(lang, s)[column]))
                .chain([strong(ui, &tr(key, lang))])
                .fold(0.0, f32::max)
        })
        .collect();
    let play = tr("library.play", lang);
    let mut widths = vec![lesson_width, title_width];
    widths.extend(&class_widths);
    widths.push(button_width(ui, &play));
    // A grid's column is never narrower than its minimum, egui's interact width.
    let min_column = ui.spacing().interact_size.x;
    let table_width = widths.iter().map(|w| w.max(min_column)).sum::<f32>()
        + COLUMN_GAP * (widths.len() - 1) as f32;
    let mut nav = None;
    if table_width > ui.available_width() {
        for scenario in shown {
            let lesson = lesson_of(course, scenario);
            let best = best.get(scenario.id()).copied();
            if scenario_card(ui, lang, (scenario, lesson, best)) {
                nav = Some(Nav::Play {
                    scenario: scenario.id().to_owned(),
                });
            }
        }
        return nav;
    }
    egui::Grid::new("library_rows")
        .num_columns(8)
        .striped(true)
        .spacing([COLUMN_GAP, 8.0])
        .show(ui, |ui| {
            for key in ["library.col_lesson", "library.col_title"]
                .into_iter()
                .chain(CLASS_COLUMNS)
            {
                ui.strong(tr(key, lang));
            }
            ui.label("");
            ui.end_row();
            for scenario in shown {
                let lesson = lesson_of(course, scenario);
                let best = best.get(scenario.id()).copied();
                if scenario_row(ui, lang, (scenario, lesson, best), title_width) {
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
    (scenario, lesson, best): (&Scenario, Option<(usize, &Lesson)>, Option<u32>),
    title_width: f32,
) -> bool {
    ui.label(lesson.map_or("–".to_owned(), |(i, _)| (i + 1).to_string()));
    ui.vertical(|ui| {
        ui.set_width(title_width);
        ui.label(scenario.title().get(lang))
            .on_hover_text(scenario.briefing().get(lang));
        finished(ui, lang, best);
        if let Some((_, lesson)) = lesson {
            ui.weak(lesson.goal.get(lang));
        }
    });
    for text in classification(lang, scenario) {
        ui.add(egui::Label::new(text).extend());
    }
    play_button(ui, lang, scenario)
}

/// One scenario as a card, for a narrow window: its Play button and title, the lesson's
/// goal, and its classification on a line; true when its Play button was clicked.
fn scenario_card(
    ui: &mut Ui,
    lang: Lang,
    (scenario, lesson, best): (&Scenario, Option<(usize, &Lesson)>, Option<u32>),
) -> bool {
    let mut clicked = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            clicked = play_button(ui, lang, scenario);
            let title = match lesson {
                Some((i, _)) => format!("{}. {}", i + 1, scenario.title().get(lang)),
                None => scenario.title().get(lang).to_owned(),
            };
            ui.label(RichText::new(title).strong())
                .on_hover_text(scenario.briefing().get(lang));
            finished(ui, lang, best);
        });
        if let Some((_, lesson)) = lesson {
            ui.weak(lesson.goal.get(lang));
        }
        let names = CLASS_COLUMNS.map(|key| tr(key, lang));
        let line: Vec<String> = names
            .iter()
            .zip(classification(lang, scenario))
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        ui.label(line.join(" · "));
    });
    clicked
}

/// The tick of a lesson the trainee has finished, with their best score.
fn finished(ui: &mut Ui, lang: Lang, best: Option<u32>) {
    if let Some(best) = best {
        let done = trf("library.finished", lang, &[("score", best.to_string())]);
        ui.colored_label(Color32::from_rgb(40, 140, 70), done);
    }
}

/// A scenario's Play button; true when it was clicked.
fn play_button(ui: &mut Ui, lang: Lang, scenario: &Scenario) -> bool {
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
    use crate::testing::{
        SCALES, WINDOWS, all_scenarios, assert_all_whole, rescale, root, scale_tour, scaled,
        unfit_controls,
    };

    struct Screen {
        profile: Profile,
        state: LibraryState,
        scenarios: Vec<Arc<Scenario>>,
        course: Course,
        broken: Vec<BrokenFile>,
        nav: Option<Nav>,
    }

    fn harness() -> Harness<'static, Screen> {
        harness_built(
            Lang::En,
            Harness::builder().with_size(egui::Vec2::new(1280.0, 900.0)),
        )
    }

    fn harness_built(
        lang: Lang,
        builder: egui_kittest::HarnessBuilder<Screen>,
    ) -> Harness<'static, Screen> {
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
                lang,
                ..Profile::default()
            },
            state: LibraryState::default(),
            scenarios: all_scenarios(),
            course: crate::testing::course(),
            broken,
            nav: None,
        };
        builder.build_ui_state(
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
    fn finished_lessons_are_ticked_with_the_best_score_and_clearing_filters_keeps_them() {
        let mut harness = harness();
        harness
            .state_mut()
            .state
            .best
            .insert("broken-entrance-gate".into(), 92);
        harness.state_mut().state.search = "gate".into();
        harness.run();
        harness.get_by_label("✔ finished · best 92");
        harness.get_by_label("Clear filters").click();
        harness.run();
        assert_eq!(harness.get_all_by_label_contains("✔ finished").count(), 1);
        assert_eq!(
            harness.state().state.best.get("broken-entrance-gate"),
            Some(&92)
        );
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

    /// Searches for the entrance gate, does `before` (e.g. ticks a box), presses its Play.
    fn search_and_play_the_gate(
        harness: &mut Harness<'static, Screen>,
        before: impl FnOnce(&mut Harness<'static, Screen>),
    ) {
        harness.state_mut().state.search = "entrance gate".to_owned();
        harness.run();
        before(harness);
        harness
            .get_by_role_and_label(Role::Button, "Play: The entrance gate that won't shut")
            .click();
        harness.run();
    }

    #[test]
    fn the_play_button_starts_that_scenario() {
        let mut harness = harness();
        search_and_play_the_gate(&mut harness, |_| ());
        assert_eq!(
            harness.state().nav,
            Some(Nav::Play {
                scenario: "broken-entrance-gate".to_owned()
            })
        );
    }

    #[test]
    fn with_live_role_play_ticked_the_play_button_opens_the_supervisors_console() {
        let mut harness = harness();
        search_and_play_the_gate(&mut harness, |harness| {
            harness
                .get_by_role_and_label(Role::CheckBox, &tr("library.live", Lang::En))
                .click();
            harness.run();
            assert!(harness.state().state.live);
        });
        assert_eq!(
            harness.state().nav,
            Some(Nav::PlayLive {
                scenario: "broken-entrance-gate".to_owned()
            })
        );
    }

    #[test]
    fn every_play_button_is_clear_of_the_scroll_bar_at_every_ui_scale() {
        for window in WINDOWS {
            for scale in SCALES {
                let mut harness = harness_built(Lang::En, scaled(window, scale));
                harness.run();
                let style = harness.ctx.global_style();
                let margin = f32::from(egui::Frame::central_panel(&style).inner_margin.right);
                let bar = egui::style::ScrollStyle::solid().allocated_width();
                let rows_end = harness.ctx.content_rect().right() - margin - bar;
                let titles: Vec<String> = harness
                    .state()
                    .scenarios
                    .iter()
                    .map(|s| s.title().get(Lang::En).to_owned())
                    .collect();
                for title in titles {
                    let name = format!("Play: {title}");
                    harness
                        .get_by_role_and_label(Role::Button, &name)
                        .scroll_to_me();
                    harness.run();
                    let play = harness.get_by_role_and_label(Role::Button, &name).rect();
                    assert!(
                        play.right() <= rows_end + 0.5,
                        "{window:?} at {scale}: {name:?} at {play:?} reaches under the scroll bar, which starts at x = {rows_end}"
                    );
                }
            }
        }
    }

    /// At 1.0, 1.6 and 2.0, in a 1280 x 800 and a 1024 x 640 window, in both languages, opened
    /// at each scale and switched to the others: the filters, and each scenario's row found by
    /// its id, are whole, the Play buttons included (see [`unfit_controls`]).
    #[test]
    fn every_control_of_the_library_is_whole_at_every_ui_scale_in_a_laptop_and_a_small_window() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let mut unfit = std::collections::BTreeSet::new();
        for window in WINDOWS {
            for first in SCALES {
                for lang in Lang::ALL {
                    let mut harness = harness_built(lang, scaled(window, first));
                    crate::fonts::install(&harness.ctx, font.clone());
                    let ids: Vec<String> = harness
                        .state()
                        .scenarios
                        .iter()
                        .map(|s| s.id().to_owned())
                        .collect();
                    for scale in scale_tour(first) {
                        rescale(&mut harness, window, scale);
                        for search in std::iter::once(String::new()).chain(ids.iter().cloned()) {
                            harness.state_mut().state.search = search.clone();
                            harness.run();
                            for problem in unfit_controls(&harness) {
                                unfit.insert(format!(
                                    "{window:?} at {scale} (from {first}) in {lang:?}, search {search:?}: {problem}"
                                ));
                            }
                        }
                    }
                }
            }
        }
        assert_all_whole(unfit);
    }
}
