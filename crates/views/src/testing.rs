//! Test helpers: the shipped rule set and scenarios, through the library's fixtures, and
//! checks of the shipped fonts and string tables.

use std::path::PathBuf;

pub use drill_library::fixtures::{
    all_scenarios, course, repo_path, rules, scenario_files, session,
};

/// The repository root.
pub fn root() -> PathBuf {
    repo_path("")
}

/// Every non-ASCII character of the scenarios and string tables has a glyph in the shipped
/// CJK subset font (or in egui's own default fonts).
#[test]
fn every_character_of_the_scenarios_string_tables_and_common_traditional_words_has_a_glyph() {
    use skrifa::{FontRef, MetadataProvider};

    let cjk = std::fs::read(root().join("assets/fonts/NotoSansCJKsc-subset.otf"))
        .expect("the font is shipped");
    let defaults = egui::FontDefinitions::default();
    let mut fonts = vec![FontRef::new(&cjk).expect("the subset font parses")];
    for data in defaults.font_data.values() {
        fonts
            .push(FontRef::from_index(&data.font, data.index).expect("egui's default fonts parse"));
    }
    let mut files = scenario_files();
    files.push(root().join("crates/cli/locales/cli.yml"));
    files.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales/views.yml"));
    files.push(root().join("crates/engine/locales/core.yml"));
    // Traditional Chinese, as staff in Hong Kong or Taiwan would write a scenario: the words
    // of the domain (record form, owner, lift, repair, fees, noise, emergency, compensation...).
    let traditional = "投訴處理記錄表 業主 電梯 維修 門禁 物業管理處 管理費 噪音 緊急事件 賠償 \
        鄰居 樓層 經理 態度 衛生 停車場 漏水 檢查 聯繫電話 處理結果 滿意 回訪 夜間巡邏 保安 \
        單元門 閉門器 壞了 對不起 請您放心 馬上 派單 工程部 客服中心 書面答覆 發洩 諮詢";
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect();
    texts.push((
        "a Traditional Chinese sample".to_owned(),
        traditional.to_owned(),
    ));
    let mut missing = Vec::new();
    for (source, text) in &texts {
        let mut chars: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        chars.sort_unstable();
        chars.dedup();
        for ch in chars {
            if !fonts.iter().any(|font| font.charmap().map(ch).is_some()) {
                missing.push(format!("{source} U+{:04X} {ch}", ch as u32));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "characters with no glyph in assets/fonts/NotoSansCJKsc-subset.otf:\n{}",
        missing.join("\n")
    );
}

/// Every key of `locales/views.yml` has both languages, and every key the code names exists.
#[test]
fn every_ui_string_exists_in_chinese_and_english() {
    use drill_engine::Lang;

    let table = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales/views.yml"),
    )
    .unwrap();
    let keys: Vec<&str> = table
        .lines()
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
        .filter(|key| !key.starts_with('_') && !key.is_empty())
        .collect();
    for key in &keys {
        for lang in Lang::ALL {
            assert_ne!(crate::tr(key, lang), *key, "no {lang:?} text for {key}");
        }
        assert!(
            table.lines().any(|l| l.starts_with(&format!("{key}:"))
                && l.contains("zh:")
                && l.contains("en:"))
        );
    }
    let prefixes = [
        "app.",
        "common.",
        "nav.",
        "start.",
        "mode.",
        "settings.",
        "library.",
        "play.",
        "form.",
        "mood.",
        "path.",
        "debrief.",
    ];
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).unwrap().flatten() {
        if entry.path().ends_with("testing.rs") {
            continue;
        }
        let code = std::fs::read_to_string(entry.path()).unwrap();
        for literal in code.split('"').skip(1).step_by(2) {
            let looks_like_key = prefixes.iter().any(|p| literal.starts_with(p))
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
            if looks_like_key {
                assert!(
                    keys.contains(&literal),
                    "{} names `{literal}`, missing from views.yml",
                    entry.path().display()
                );
            }
        }
    }
}

/// The windows of issue #14, in physical pixels: a laptop and a small screen.
pub const WINDOWS: [egui::Vec2; 2] = [
    egui::Vec2::new(1280.0, 800.0),
    egui::Vec2::new(1024.0, 640.0),
];

/// The UI scales to hold at: the default, the one of the issue, and the largest settings allow.
pub const SCALES: [f32; 3] = [1.0, 1.6, crate::settings::MAX_SCALE];

/// A harness of a window `physical` pixels large at UI `scale`, as the app shows it.
///
/// The app applies the scale as egui's zoom factor ([`crate::apply_profile`]): with native
/// pixels per point 1, egui then draws `scale` pixels per point and the window is
/// `physical / scale` points large. egui_kittest 0.36 takes the screen size in points and does
/// not divide it by a zoom factor (only a real integration such as egui-winit does), so the
/// harness is built with the logical size `physical / scale` and `with_pixels_per_point(scale)`,
/// which gives the same points per pixel (and text rounded to the same pixel grid) as the app.
pub fn scaled<State>(physical: egui::Vec2, scale: f32) -> egui_kittest::HarnessBuilder<State> {
    egui_kittest::Harness::builder()
        .with_size(physical / scale)
        .with_pixels_per_point(scale)
}

/// The scales a screen is checked at once built at `first`: that one, then each other one
/// as a person switches to it in the settings with the screen open, then `first` again (a
/// panel remembers its width in points: what fit at one scale may not at the next).
pub fn scale_tour(first: f32) -> Vec<f32> {
    let mut tour = vec![first];
    tour.extend(SCALES.iter().copied().filter(|scale| *scale != first));
    tour.push(first);
    tour
}

/// What a screen's harness holds: the profile it is shown with, its state, and the last
/// place it asked to go.
pub type ScreenUnderTest<State> = (crate::Profile, State, Option<crate::Nav>);

/// A harness that shows a screen every frame and keeps the last `Nav` it returned.
pub fn screen_harness<State: 'static>(
    builder: egui_kittest::HarnessBuilder<ScreenUnderTest<State>>,
    profile: crate::Profile,
    state: State,
    show: fn(&mut egui::Ui, &crate::Profile, &mut State) -> Option<crate::Nav>,
) -> egui_kittest::Harness<'static, ScreenUnderTest<State>> {
    builder.build_ui_state(
        move |ui, (profile, state, nav)| {
            if let Some(next) = show(ui, profile, state) {
                *nav = Some(next);
            }
        },
        (profile, state, None),
    )
}

/// Shows the harness at `scale` in the same window, as the app does when the scale changes.
pub fn rescale<State>(
    harness: &mut egui_kittest::Harness<'_, State>,
    physical: egui::Vec2,
    scale: f32,
) {
    harness.set_size(physical / scale);
    harness.set_pixels_per_point(scale);
    harness.run();
}

/// Fails listing every unfit control found (each once, sorted), if any.
pub fn assert_all_whole(unfit: std::collections::BTreeSet<String>) {
    let unfit: Vec<String> = unfit.into_iter().collect();
    assert!(
        unfit.is_empty(),
        "{} unfit:\n{}",
        unfit.len(),
        unfit.join("\n")
    );
}

/// Every control or text on screen that a person cannot read or reach whole, one line each.
///
/// How it is judged: AccessKit names what a person sees and can use (every label, button,
/// picker and field, with its text), and gives its full rect, unclipped. egui keeps, for the
/// same widget id, the rect and the part of it inside its clip rect (`WidgetRect::
/// interact_rect`, the widget's rect intersected with `Ui::clip_rect` of the panel, scroll area
/// or window it sits in). A widget that is partly on screen must then
/// - be whole from left to right: nothing here scrolls sideways, so a cut on either side is
///   text or a button cut off by a panel, a scroll area or the window (a solid scroll bar's
///   room lies outside the content's clip rect, so a widget under it is cut too);
/// - not run off the window's top or bottom edge: a cut at the edge of a scroll area is fine (a
///   person scrolls to the rest), but nothing scrolls the window itself;
/// - be at least as wide as the longest word of its text (a run of ASCII characters between
///   spaces; any other character on its own, as egui may break Chinese text between any two),
///   measured in the body font, the smallest these screens use: a column squeezed
///   until text wraps one letter a line fails it. Labels always, buttons when their text
///   wraps (a button's name may differ from its text; on one line it shows all of it, as
///   nothing here truncates).
///
/// Widgets wholly outside their clip rect (scrolled out of view) are not judged.
pub fn unfit_controls<State>(harness: &egui_kittest::Harness<'_, State>) -> Vec<String> {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};

    let ctx = &harness.ctx;
    let screen = ctx.content_rect();
    // At the end of a pass egui swaps it into `prev_pass`: that is the one on screen.
    let widgets: std::collections::HashMap<u64, egui::WidgetRect> = ctx.viewport(|viewport| {
        viewport
            .prev_pass
            .widgets
            .layers()
            .flat_map(|(_, rects)| rects.iter().map(|w| (w.id.value(), *w)))
            .collect()
    });
    let body = egui::TextStyle::Body.resolve(&ctx.global_style());
    let word_width = |text: &str| -> f32 {
        let mut words: Vec<String> = Vec::new();
        let mut word = String::new();
        for ch in text.chars() {
            if ch.is_whitespace() || !ch.is_ascii() {
                words.push(std::mem::take(&mut word));
                if !ch.is_whitespace() {
                    words.push(ch.to_string());
                }
            } else {
                word.push(ch);
            }
        }
        words.push(word);
        ctx.fonts_mut(|fonts| {
            words
                .into_iter()
                .filter(|word| !word.is_empty())
                .map(|word| {
                    fonts
                        .layout_no_wrap(word, body.clone(), egui::Color32::WHITE)
                        .size()
                        .x
                })
                .fold(0.0, f32::max)
        })
    };
    let one_line = {
        let spacing = ctx.global_style().spacing.clone();
        let row = ctx.fonts_mut(|fonts| fonts.row_height(&body));
        spacing
            .interact_size
            .y
            .max(row + 2.0 * spacing.button_padding.y)
    };
    const EPS: f32 = 0.5;
    let mut unfit = Vec::new();
    for node in harness.query_all_by(|node| {
        matches!(
            node.role(),
            Role::Label
                | Role::Button
                | Role::Link
                | Role::CheckBox
                | Role::RadioButton
                | Role::ComboBox
                | Role::TextInput
                | Role::MultilineTextInput
                | Role::SpinButton
                | Role::Slider
                | Role::ProgressIndicator
        )
    }) {
        let access = node.accesskit_node();
        let Some(text) = access
            .label()
            .or_else(|| access.value())
            .filter(|text| !text.trim().is_empty())
        else {
            continue;
        };
        let Some(widget) = widgets.get(&access.locate().0.0) else {
            continue;
        };
        let (rect, shown) = (widget.rect, widget.interact_rect);
        if !shown.is_positive() {
            continue;
        }
        let name = format!("{:?} {text:?} at {rect:?}", access.role());
        if shown.left() > rect.left() + EPS || shown.right() < rect.right() - EPS {
            unfit.push(format!("{name} is cut at the side: only {shown:?} shows"));
        }
        if (rect.top() < screen.top() - EPS && shown.top() <= screen.top() + EPS)
            || (rect.bottom() > screen.bottom() + EPS && shown.bottom() >= screen.bottom() - EPS)
        {
            unfit.push(format!("{name} runs off the window {screen:?}"));
        }
        // A label's name is its text; a button's name may say more than it shows ("Play:
        // <title>" on a "Play" button), so a button is judged only when its text wraps.
        let judged = match access.role() {
            Role::Label => true,
            Role::Button | Role::Link | Role::CheckBox | Role::RadioButton => {
                rect.height() > one_line + EPS
            }
            _ => false,
        };
        let needs = word_width(&text);
        if judged && rect.width() + EPS < needs {
            unfit.push(format!(
                "{name} is narrower than its longest word ({needs:.0} points)"
            ));
        }
    }
    unfit
}

/// The check itself: it flags a button cut off by its panel and a label squeezed to a letter
/// a line, and passes rows a scroll area hides or cuts at its own edge.
#[test]
fn the_fit_check_flags_cut_and_squeezed_controls_but_not_scrolled_ones() {
    let harness = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(400.0, 200.0))
        .build_ui(|ui| {
            egui::Panel::right("narrow")
                .resizable(false)
                .exact_size(60.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let _ = ui.button("Issue work notice");
                    });
                });
            egui::CentralPanel::default().show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.set_width(10.0);
                    ui.label("Engineering");
                });
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for row in 0..40 {
                        ui.label(format!("row {row}"));
                    }
                });
            });
        });
    let unfit = unfit_controls(&harness);
    assert_eq!(unfit.len(), 2, "{unfit:#?}");
    assert!(unfit[0].contains("\"Issue work notice\"") && unfit[0].contains("cut at the side"));
    assert!(unfit[1].contains("\"Engineering\"") && unfit[1].contains("longest word"));
}

/// Scrolls to the control `role` named `name`, clicks it and types `text`, as a person would.
pub fn type_into<State>(
    harness: &mut egui_kittest::Harness<'_, State>,
    role: egui::accesskit::Role,
    name: &str,
    text: &str,
) {
    use egui_kittest::kittest::Queryable;
    harness.get_by_role_and_label(role, name).scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(role, name).click();
    harness.run();
    harness.get_by_role_and_label(role, name).type_text(text);
    harness.run();
}
