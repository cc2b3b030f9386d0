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

/// The mood as a coloured progress bar with its value in words.
pub(crate) fn mood_meter(ui: &mut Ui, mood: i32, lang: Lang) {
    let text = trf(
        "play.mood",
        lang,
        &[("mood", mood_word(mood, lang)), ("value", mood.to_string())],
    );
    ui.add(
        egui::ProgressBar::new(mood.clamp(0, 100) as f32 / 100.0)
            .fill(mood_color(mood))
            .text(text),
    );
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
