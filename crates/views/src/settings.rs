//! Settings: language and UI scale.

use egui::{RichText, Ui, Vec2};

use crate::widgets::{centered_column, language_choices};
use crate::{Nav, Profile, tr};

pub const MIN_SCALE: f32 = 0.75;
pub const MAX_SCALE: f32 = 2.0;

pub fn show(ui: &mut Ui, profile: &mut Profile) -> Option<Nav> {
    let mut nav = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.add_space(48.0);
        centered_column(ui, 560.0, |ui| {
            ui.label(
                RichText::new(tr("settings.title", profile.lang))
                    .size(24.0)
                    .strong(),
            );
            ui.add_space(16.0);
            egui::Frame::group(ui.style())
                .inner_margin(20)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    egui::Grid::new("settings_form")
                        .num_columns(2)
                        .spacing([16.0, 14.0])
                        .show(ui, |ui| {
                            ui.label(tr("common.language", profile.lang));
                            language_choices(ui, &mut profile.lang);
                            ui.end_row();
                            profile.ui_scale = profile.ui_scale.clamp(MIN_SCALE, MAX_SCALE);
                            let caption = ui.label(tr("settings.ui_scale", profile.lang));
                            ui.add(
                                egui::Slider::new(&mut profile.ui_scale, MIN_SCALE..=MAX_SCALE)
                                    .step_by(0.05),
                            )
                            .labelled_by(caption.id);
                            ui.end_row();
                        });
                });
            ui.add_space(20.0);
            let back = egui::Button::new(RichText::new(tr("nav.back", profile.lang)).size(18.0))
                .min_size(Vec2::new(120.0, 40.0));
            if ui.add(back).clicked() {
                nav = Some(Nav::Start);
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
    use drill_engine::Lang;

    #[test]
    fn switching_language_changes_the_back_button_from_chinese_to_english() {
        let mut harness = Harness::new_ui_state(
            |ui, (profile, nav): &mut (Profile, Option<Nav>)| {
                if let Some(next) = show(ui, profile) {
                    *nav = Some(next);
                }
            },
            (Profile::default(), None),
        );
        harness.get_by_label("返回");
        harness.get_by_label("English").click();
        harness.run();
        assert_eq!(harness.state().0.lang, Lang::En);
        assert!(harness.query_by_label("返回").is_none());
        harness.get_by_label("Back").click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::Start));
    }

    #[test]
    fn the_scale_slider_stays_within_its_range() {
        let mut profile = Profile {
            ui_scale: 5.0,
            ..Profile::default()
        };
        let mut harness = Harness::new_ui(|ui| {
            show(ui, &mut profile);
        });
        harness.run();
        drop(harness);
        assert!(profile.ui_scale <= MAX_SCALE);
    }
}
