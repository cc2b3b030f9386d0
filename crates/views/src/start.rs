//! The start screen: who is training, language, mode, the trainee's drills ("My drills");
//! on to the library, a drill's next scenario, the reviews, the drill composer or settings.

use egui::{RichText, Ui, Vec2};

use crate::drills::{DrillCard, my_drills};
use crate::widgets::{centered_column, language_choices};
use crate::{Mode, Nav, Profile, tr};

/// The start screen without drills (no "My drills" section, no composer).
pub fn show(ui: &mut Ui, profile: &mut Profile) -> Option<Nav> {
    start_screen(ui, profile, None)
}

/// The start screen with "My drills" under the trainee's name: `drills` are the cards of
/// the drills for `profile.trainee` (the shell builds them with [`DrillCard::new`] when the
/// name changes).
pub fn show_with_drills(ui: &mut Ui, profile: &mut Profile, drills: &[DrillCard]) -> Option<Nav> {
    start_screen(ui, profile, Some(drills))
}

fn start_screen(ui: &mut Ui, profile: &mut Profile, drills: Option<&[DrillCard]>) -> Option<Nav> {
    let mut nav = None;
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.add_space(48.0);
            centered_column(ui, 560.0, |ui| {
                ui.vertical_centered(|ui| {
                    ui.label(
                        RichText::new(tr("app.title", profile.lang))
                            .size(30.0)
                            .strong(),
                    );
                    ui.label(RichText::new(tr("app.subtitle", profile.lang)).size(16.0));
                });
                ui.add_space(24.0);
                egui::Frame::group(ui.style())
                    .inner_margin(20)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        form(ui, profile);
                    });
                if let Some(cards) = drills.filter(|_| !profile.trainee.trim().is_empty()) {
                    ui.add_space(12.0);
                    if let Some(play) = my_drills(ui, cards, profile.lang) {
                        nav = Some(Nav::PlayDrill(play));
                    }
                }
                ui.add_space(20.0);
                let lang = profile.lang;
                ui.horizontal_wrapped(|ui| {
                    let start = egui::Button::new(
                        RichText::new(tr("start.begin", lang)).size(18.0).strong(),
                    )
                    .min_size(Vec2::new(200.0, 40.0));
                    if ui.add(start).clicked() {
                        nav = Some(Nav::Library);
                    }
                    let mut targets = vec![
                        ("review.open", Nav::Review),
                        ("nav.settings", Nav::Settings),
                    ];
                    if drills.is_some() {
                        targets.insert(1, ("drills.open_composer", Nav::ComposeDrill));
                    }
                    for (key, target) in targets {
                        let button = egui::Button::new(RichText::new(tr(key, lang)).size(18.0))
                            .min_size(Vec2::new(80.0, 40.0));
                        if ui.add(button).clicked() {
                            nav = Some(target);
                        }
                    }
                });
                if profile.trainee.trim().is_empty() {
                    ui.add_space(8.0);
                    ui.weak(tr("start.anonymous", lang));
                }
            });
        });
    });
    nav
}

/// Who is training, the language and the mode.
fn form(ui: &mut Ui, profile: &mut Profile) {
    egui::Grid::new("start_form")
        .num_columns(2)
        .spacing([16.0, 14.0])
        .show(ui, |ui| {
            let lang = profile.lang;
            let caption = ui.label(tr("start.trainee", lang));
            ui.add(
                egui::TextEdit::singleline(&mut profile.trainee)
                    .hint_text(tr("start.trainee_hint", lang))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(caption.id);
            ui.end_row();

            ui.label(tr("common.language", lang));
            language_choices(ui, &mut profile.lang);
            ui.end_row();

            let lang = profile.lang;
            ui.label(tr("start.mode", lang));
            ui.vertical(|ui| {
                ui.radio_value(&mut profile.mode, Mode::Practice, tr("mode.practice", lang));
                ui.weak(tr("mode.practice_help", lang));
                ui.add_space(4.0);
                ui.radio_value(
                    &mut profile.mode,
                    Mode::Assessment,
                    tr("mode.assessment", lang),
                );
                ui.weak(tr("mode.assessment_help", lang));
            });
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::testing::type_into;
    use drill_engine::Lang;

    fn harness() -> Harness<'static, (Profile, Option<Nav>)> {
        Harness::new_ui_state(
            |ui, (profile, nav)| {
                if let Some(next) = show(ui, profile) {
                    *nav = Some(next);
                }
            },
            (Profile::default(), None),
        )
    }

    #[test]
    fn my_drills_show_under_the_trainees_name_once_it_is_given_and_play_next_asks_for_that_drill() {
        let cards = crate::drills::tests::wangs_cards();
        let mut harness = Harness::new_ui_state(
            |ui, (profile, cards, asked): &mut (Profile, Vec<DrillCard>, Option<Nav>)| {
                if let Some(request) = show_with_drills(ui, profile, cards) {
                    *asked = Some(request);
                }
            },
            (Profile::default(), cards, None),
        );
        assert!(
            harness.query_by_label("我的训练").is_none(),
            "no name, no drills"
        );
        let name = "学员(姓名或工号)";
        type_into(&mut harness, egui::accesskit::Role::TextInput, name, "王芳");
        let heading = harness.get_by_label("我的训练").rect();
        let field = harness
            .get_by_role_and_label(egui::accesskit::Role::TextInput, name)
            .rect();
        assert!(
            heading.top() > field.bottom(),
            "under the name: {heading:?} {field:?}"
        );
        harness.get_by_label("电梯与紧急事件考核");
        harness.get_by_label("进行中:已完成 1/3");
        harness
            .query_all_by_label("开始下一个")
            .nth(1)
            .unwrap()
            .click();
        harness.run();
        let Some(Nav::PlayDrill(play)) = harness.state().2.clone() else {
            panic!("{:?}", harness.state().2);
        };
        assert_eq!(
            (play.drill.as_str(), play.seed),
            ("lift-and-emergencies", 20_261_220)
        );
        harness.get_by_label("编排训练").click();
        harness.run();
        assert_eq!(harness.state().2, Some(Nav::ComposeDrill));
    }

    #[test]
    fn switching_to_english_changes_the_button_labels() {
        let mut harness = harness();
        harness.get_by_label("开始:选择场景");
        harness.get_by_label("English").click();
        harness.run();
        assert_eq!(harness.state().0.lang, Lang::En);
        assert!(harness.query_by_label("开始:选择场景").is_none());
        harness.get_by_label("Start: choose a scenario").click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::Library));
    }

    #[test]
    fn typing_a_name_and_picking_assessment_updates_the_profile() {
        let mut harness = harness();
        let name = "学员(姓名或工号)";
        type_into(
            &mut harness,
            egui::accesskit::Role::TextInput,
            name,
            "A1024",
        );
        harness.get_by_label("考核模式").click();
        harness.run();
        assert_eq!(harness.state().0.trainee, "A1024");
        assert_eq!(harness.state().0.mode, Mode::Assessment);
    }
}
