//! Pieces shared by several screens: the language picker, the owner's face and
//! readable lines for actions.

use drill_engine::session::Entry;
use drill_engine::{Action, Event, Lang, PromiseKind, RecordField, Session};
use egui::{Color32, Pos2, Stroke, Ui, Vec2, epaint::QuadraticBezierShape};

use crate::{label, tr, trf};

/// The language names, each written in its own language.
pub(crate) fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "中文",
        Lang::En => "English",
    }
}

/// One selectable label per language; returns true when the language changed.
pub(crate) fn language_choices(ui: &mut Ui, lang: &mut Lang) -> bool {
    let before = *lang;
    ui.horizontal(|ui| {
        for choice in Lang::ALL {
            if ui
                .selectable_label(*lang == choice, lang_name(choice))
                .clicked()
            {
                *lang = choice;
            }
        }
    });
    *lang != before
}

/// A column of at most `width` points, centred in the space left.
pub(crate) fn centered_column<R>(
    ui: &mut Ui,
    width: f32,
    add_contents: impl FnOnce(&mut Ui) -> R,
) -> R {
    let width = width.min(ui.available_width());
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add_contents(ui)
        })
        .inner
    })
    .inner
}

/// The owner's mood in words (0 furious .. 100 content).
pub(crate) fn mood_word(mood: i32, lang: Lang) -> String {
    let key = match mood {
        ..=19 => "mood.furious",
        20..=39 => "mood.upset",
        40..=59 => "mood.uneasy",
        60..=79 => "mood.calm",
        _ => "mood.content",
    };
    tr(key, lang)
}

/// Red when furious, through amber, to green when content.
pub(crate) fn mood_color(mood: i32) -> Color32 {
    let t = (mood.clamp(0, 100) as f32) / 100.0;
    let lerp =
        |a: u8, b: u8, t: f32| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
    if t < 0.5 {
        let t = t * 2.0;
        Color32::from_rgb(lerp(210, 230, t), lerp(60, 170, t), lerp(50, 40, t))
    } else {
        let t = (t - 0.5) * 2.0;
        Color32::from_rgb(lerp(230, 70, t), lerp(170, 170, t), lerp(40, 80, t))
    }
}

/// Draws a simple face whose brows, mouth and colour follow the mood.
pub(crate) fn face(ui: &mut Ui, mood: i32, size: f32) -> egui::Response {
    let (response, painter) = ui.allocate_painter(Vec2::splat(size), egui::Sense::hover());
    let rect = response.rect;
    let center = rect.center();
    let r = size * 0.45;
    // -1 furious .. +1 content.
    let mood_t = (mood.clamp(0, 100) as f32 - 50.0) / 50.0;
    let skin = Color32::from_rgb(250, 220, 180);
    let flush = Color32::from_rgb(240, 130, 110);
    let fill = if mood_t < 0.0 {
        lerp_color(skin, flush, -mood_t)
    } else {
        skin
    };
    let ink = Stroke::new((size * 0.035).max(1.5), Color32::from_rgb(60, 40, 30));
    painter.circle(center, r, fill, ink);

    let eye_y = center.y - r * 0.2;
    let eye_dx = r * 0.38;
    for side in [-1.0f32, 1.0] {
        let eye = Pos2::new(center.x + side * eye_dx, eye_y);
        painter.circle_filled(eye, r * 0.09, ink.color);
        // Brows slant down towards the nose when angry, up when worried-to-happy.
        let inner = Pos2::new(
            eye.x - side * r * 0.18,
            eye_y - r * 0.22 + (-mood_t).max(0.0) * r * 0.12,
        );
        let outer = Pos2::new(
            eye.x + side * r * 0.18,
            eye_y - r * 0.26 - (-mood_t).max(0.0) * r * 0.06,
        );
        painter.line_segment([inner, outer], ink);
    }

    let mouth_y = center.y + r * 0.45;
    let half = r * 0.4;
    let bend = mood_t * r * 0.35;
    let mouth = QuadraticBezierShape::from_points_stroke(
        [
            Pos2::new(center.x - half, mouth_y - bend * 0.3),
            Pos2::new(center.x, mouth_y + bend),
            Pos2::new(center.x + half, mouth_y - bend * 0.3),
        ],
        false,
        Color32::TRANSPARENT,
        ink,
    );
    painter.add(mouth);
    response
}

fn lerp_color(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// The widest a mood bar grows: wider, it says no more.
const MOOD_BAR_MAX: f32 = 240.0;

/// The mood in words above a coloured bar of its value. The words are a label of their own,
/// not the bar's text: the bar is capped at what fits, and its painted text would be cut off
/// where the bar ends (the longest words, "非常愤怒", come with the lowest moods).
pub(crate) fn mood_meter(ui: &mut Ui, mood: i32, lang: Lang) {
    let text = trf(
        "play.mood",
        lang,
        &[("mood", mood_word(mood, lang)), ("value", mood.to_string())],
    );
    let caption = ui.label(text);
    let width = ui.available_width().min(MOOD_BAR_MAX);
    ui.add(
        egui::ProgressBar::new(mood.clamp(0, 100) as f32 / 100.0)
            .fill(mood_color(mood))
            .desired_width(width)
            .desired_height(8.0),
    )
    .labelled_by(caption.id);
}

/// The width of `text` on one line in `style`.
pub(crate) fn text_width(ui: &Ui, text: &str, style: egui::TextStyle) -> f32 {
    let font = style.resolve(ui.style());
    ui.ctx().fonts_mut(|fonts| {
        fonts
            .layout_no_wrap(text.to_owned(), font, Color32::WHITE)
            .size()
            .x
    })
}

/// The width of a button showing `text`.
pub(crate) fn button_width(ui: &Ui, text: &str) -> f32 {
    text_width(ui, text, egui::TextStyle::Button) + 2.0 * ui.spacing().button_padding.x
}

/// The width of a picker wide enough for the longest of `items`: given to the picker, it
/// stays that wide whichever item is chosen, and the controls beside it stay put.
pub(crate) fn picker_width(ui: &Ui, items: impl IntoIterator<Item = String>) -> f32 {
    let spacing = ui.spacing();
    let widest = items
        .into_iter()
        .map(|item| text_width(ui, &item, egui::TextStyle::Button))
        .fold(0.0, f32::max);
    (widest + spacing.icon_spacing + spacing.icon_width + 2.0 * spacing.button_padding.x)
        .max(spacing.combo_width)
}

/// The width of `widths` laid side by side with the ui's item spacing.
pub(crate) fn row_width(ui: &Ui, widths: &[f32]) -> f32 {
    let gaps = widths.len().saturating_sub(1) as f32;
    widths.iter().sum::<f32>() + gaps * ui.spacing().item_spacing.x
}

/// In a wrapping row: moves on to the next row unless `width` more points fit in this one.
/// egui wraps a lone widget by itself, but not a group of them (a caption and its picker,
/// or the picker itself, which is a row of its own): those would run off the row's end.
pub(crate) fn wrap_before(ui: &mut Ui, width: f32) {
    let at_row_start = ui.cursor().min.x <= ui.max_rect().min.x + 0.5;
    if !at_row_start && ui.available_size_before_wrap().x < width {
        ui.end_row();
    }
}

/// Rule IDs that end a feedback text, as the English texts cite them: "... first (P-02, E-15)."
/// Every word of the parentheses must look like a rule ID (letters, a dash, digits).
fn cited_ids(inner: &str) -> Option<Vec<&str>> {
    let ids: Vec<&str> = inner.split([',', '、', '，']).map(str::trim).collect();
    let is_id = |id: &&str| {
        id.split_once('-').is_some_and(|(letters, digits)| {
            !letters.is_empty()
                && !digits.is_empty()
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && digits.chars().all(|c| c.is_ascii_digit())
        })
    };
    ids.iter().all(is_id).then_some(ids)
}

/// `text` without its parenthesised lists of rule IDs, and the IDs they cite, in order.
/// A screen shows rule IDs its own way (a finding's header, a choice's chips), the same in
/// both languages; scenario texts cite them in some languages only.
pub(crate) fn strip_citations(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut ids = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        let open_len = rest[open..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[open + open_len..];
        let Some(close) = after.find([')', '）']) else {
            break;
        };
        let close_len = after[close..].chars().next().map_or(1, char::len_utf8);
        match cited_ids(&after[..close]) {
            Some(cited) => {
                out.push_str(rest[..open].trim_end());
                ids.extend(cited.into_iter().map(str::to_owned));
            }
            None => out.push_str(&rest[..open + open_len + close + close_len]),
        }
        rest = &after[close + close_len..];
    }
    out.push_str(rest);
    (out, ids)
}

/// One readable line for each entry of the session: the chosen option's words or the action.
pub(crate) fn entry_lines(session: &Session, lang: Lang) -> Vec<String> {
    // Each successful `Choose` left exactly one `Chose` event, in the same order.
    let mut chosen = session.history().iter().filter_map(|event| match event {
        Event::Chose { node, option } => Some((*node, *option)),
        _ => None,
    });
    session
        .entries()
        .iter()
        .map(|Entry { action, .. }| match action {
            Action::Choose(id) => match chosen.next() {
                Some((node, option)) => {
                    let choice = &session.scenario().node(node).options[option];
                    trf(
                        "path.said",
                        lang,
                        &[("said", session.render(&choice.text, lang))],
                    )
                }
                None => trf("path.said", lang, &[("said", id.clone())]),
            },
            other => describe_action(other, lang),
        })
        .collect()
}

/// A standing action in words.
pub(crate) fn describe_action(action: &Action, lang: Lang) -> String {
    match action {
        Action::Choose(id) => trf("path.said", lang, &[("said", id.clone())]),
        Action::Fill(field, value) => trf(
            "path.fill",
            lang,
            &[
                ("field", label(field.key(), lang)),
                ("value", display_value(*field, value, lang)),
            ],
        ),
        Action::SubmitRecord => tr("path.submit", lang),
        Action::WorkNotice(department) => trf(
            "path.work_notice",
            lang,
            &[("department", label(department.key(), lang))],
        ),
        Action::Escalate(level) => trf(
            "path.escalate",
            lang,
            &[("level", label(level.key(), lang))],
        ),
        Action::PromiseHours(hours) => promised(PromiseKind::Completion, *hours, lang),
        Action::Promise(kind, hours) => promised(*kind, *hours, lang),
        Action::FollowUp => tr("path.follow_up", lang),
        Action::CallBack(hours) => trf("path.callback", lang, &[("hours", hours.to_string())]),
        Action::Close => tr("path.close", lang),
        Action::SomethingElse(said) => trf(
            "path.something_else",
            lang,
            &[
                ("closest", said.closest.clone()),
                ("rules", said.breaks.join(", ")),
                ("note", said.note.clone()),
            ],
        ),
    }
}

fn promised(kind: PromiseKind, hours: u32, lang: Lang) -> String {
    trf(
        "path.promise",
        lang,
        &[
            ("what", label(kind.key(), lang)),
            ("hours", hours.to_string()),
        ],
    )
}

/// A stored value as shown: a choice field's RON name becomes its label.
pub(crate) fn display_value(field: RecordField, value: &str, lang: Lang) -> String {
    field
        .choices()
        .into_iter()
        .find(|(_, name)| name == value)
        .map_or_else(|| value.to_owned(), |(key, _)| label(key, lang))
}

/// `HH:MM` of a simulated minute of the session.
pub(crate) fn minute_time(session: &Session, minute: u32) -> String {
    let full = session.time_at(minute);
    full.split_once(' ')
        .map_or(full.clone(), |(_, time)| time.to_owned())
}

#[cfg(test)]
mod tests {
    use super::strip_citations;

    #[test]
    fn a_trailing_list_of_rule_ids_is_taken_out_of_a_text_and_other_parentheses_stay() {
        assert_eq!(
            strip_citations(
                "Stand, smile, offer a seat: the reception is the first step (P-02, E-15)."
            ),
            (
                "Stand, smile, offer a seat: the reception is the first step.".to_owned(),
                vec!["P-02".to_owned(), "E-15".to_owned()]
            )
        );
        let kept = "(Stands, smiles) Hello (see below) and (T-1 first)";
        assert_eq!(strip_citations(kept), (kept.to_owned(), Vec::new()));
        assert_eq!(
            strip_citations("You said: “x”. Brushing off (E-11). Then (W-1)"),
            (
                "You said: “x”. Brushing off. Then".to_owned(),
                vec!["E-11".to_owned(), "W-1".to_owned()]
            )
        );
        assert_eq!(
            strip_citations("先致歉（E-12、P-04）。"),
            (
                "先致歉。".to_owned(),
                vec!["E-12".to_owned(), "P-04".to_owned()]
            )
        );
    }
}
