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
