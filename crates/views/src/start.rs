//! The start screen: who is training, language, mode; on to the library or settings.

use egui::Ui;

use crate::widgets::language_picker;
use crate::{Mode, Nav, Profile, tr};

pub fn show(ui: &mut Ui, profile: &mut Profile) -> Option<Nav> {
    let mut nav = None;
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(24.0);
                ui.heading(tr("app.title", profile.lang));
                ui.label(tr("app.subtitle", profile.lang));
                ui.add_space(16.0);
            });
            egui::Grid::new("start_form")
                .num_columns(2)
                .spacing([16.0, 12.0])
                .show(ui, |ui| {
                    let lang = profile.lang;
                    ui.label(tr("start.trainee", lang));
                    ui.add(
                        egui::TextEdit::singleline(&mut profile.trainee)
                            .hint_text(tr("start.trainee_hint", lang))
                            .desired_width(240.0),
                    );
                    ui.end_row();

                    ui.label("");
                    language_picker(ui, &mut profile.lang);
                    ui.end_row();

                    let lang = profile.lang;
                    ui.label(tr("start.mode", lang));
                    ui.vertical(|ui| {
                        ui.radio_value(
                            &mut profile.mode,
                            Mode::Practice,
                            tr("mode.practice", lang),
                        );
                        ui.weak(tr("mode.practice_help", lang));
                        ui.radio_value(
                            &mut profile.mode,
                            Mode::Assessment,
                            tr("mode.assessment", lang),
                        );
                        ui.weak(tr("mode.assessment_help", lang));
                    });
                    ui.end_row();
                });
            ui.add_space(16.0);
            let lang = profile.lang;
            ui.horizontal(|ui| {
                if ui.button(tr("nav.library", lang)).clicked() {
                    nav = Some(Nav::Library);
                }
                if ui.button(tr("nav.settings", lang)).clicked() {
                    nav = Some(Nav::Settings);
                }
            });
            if profile.trainee.trim().is_empty() {
                ui.weak(tr("start.anonymous", lang));
            }
        });
    });
    nav
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use drill_core::Lang;

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
    fn switching_to_english_changes_the_button_labels() {
        let mut harness = harness();
        harness.get_by_label("场景库");
        harness.get_by_label("English").click();
        harness.run();
        assert_eq!(harness.state().0.lang, Lang::En);
        assert!(harness.query_by_label("场景库").is_none());
        harness.get_by_label("Scenario library").click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::Library));
    }

    #[test]
    fn typing_a_name_and_picking_assessment_updates_the_profile() {
        let mut harness = harness();
        harness
            .get_by_role(egui::accesskit::Role::TextInput)
            .click();
        harness.run();
        harness
            .get_by_role(egui::accesskit::Role::TextInput)
            .type_text("A1024");
        harness.run();
        harness.get_by_label("考核模式").click();
        harness.run();
        assert_eq!(harness.state().0.trainee, "A1024");
        assert_eq!(harness.state().0.mode, Mode::Assessment);
    }
}
