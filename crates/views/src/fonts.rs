//! The CJK font: egui's default fonts have no Chinese glyphs.

use egui::FontData;
use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};

/// The name the CJK font is registered under.
pub const CJK_FONT_NAME: &str = "noto_cjk_sc";

/// Adds the CJK font (an `.otf`/`.ttf` file's bytes) as the last fallback of the
/// proportional and monospace families, keeping egui's own fonts first.
pub fn install(ctx: &egui::Context, cjk_font: Vec<u8>) {
    ctx.add_font(FontInsert::new(
        CJK_FONT_NAME,
        FontData::from_owned(cjk_font),
        vec![
            InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use crate::play::{PlayState, show};
    use crate::testing::{root, session};
    use crate::{Mode, Profile};

    #[test]
    fn the_play_screen_renders_in_chinese_with_the_shipped_font() {
        let font = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf")).unwrap();
        let mut harness = Harness::builder()
            .with_size(egui::Vec2::new(1280.0, 900.0))
            .build_ui_state(
                |ui, state: &mut PlayState| {
                    let profile = Profile {
                        mode: Mode::Practice,
                        ..Profile::default()
                    };
                    show(ui, &profile, state);
                },
                PlayState::new(session("broken-entrance-gate", 3)),
            );
        super::install(&harness.ctx, font);
        harness.run();
        harness.get_by_label_contains("你好,我住5栋2单元");
        harness.get_by_label("《投诉处理记录表》");
        harness.get_by_label("结案");
    }
}
