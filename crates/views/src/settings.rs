//! Settings: language and UI scale.

use egui::Ui;

use crate::widgets::language_picker;
use crate::{Nav, Profile, tr};

pub const MIN_SCALE: f32 = 0.75;
pub const MAX_SCALE: f32 = 2.0;

pub fn show(ui: &mut Ui, profile: &mut Profile) -> Option<Nav> {
    let mut nav = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading(tr("settings.title", profile.lang));
        ui.add_space(12.0);
        language_picker(ui, &mut profile.lang);
        let lang = profile.lang;
        ui.add_space(8.0);
        profile.ui_scale = profile.ui_scale.clamp(MIN_SCALE, MAX_SCALE);
        ui.horizontal(|ui| {
            ui.label(tr("settings.ui_scale", lang));
            ui.add(egui::Slider::new(&mut profile.ui_scale, MIN_SCALE..=MAX_SCALE).step_by(0.05));
        });
        ui.add_space(16.0);
        if ui.button(tr("nav.back", lang)).clicked() {
            nav = Some(Nav::Start);
        }
    });
    nav
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use drill_core::Lang;

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
