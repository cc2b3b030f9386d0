//! The egui screens of complaint-drill: start, library, play, debrief, review and settings.
//!
//! Every screen is a function `show(ui, ..) -> Option<Nav>` that draws itself into the given
//! `Ui` and says where to go next; the shell (bevy) owns the screens' states and navigation.
//! The views hold no scoring or rule logic: they show what the engine returns (a run's score
//! is computed once by the shell and handed in).
//!
//! The egui face, beside the terminal one (`drill-cli`). Depends on the engine, the library
//! (courses, problems) and the records (saved-run summaries), egui, serde (the profile) and
//! rust-i18n; never on
//! bevy, so its egui_kittest tests build and run without a GPU.

rust_i18n::i18n!("locales", fallback = "en");

use drill_engine::Lang;
use serde::{Deserialize, Serialize};

pub mod debrief;
pub mod drills;
pub mod fonts;
pub mod library;
pub mod live;
pub mod play;
pub mod reports;
pub mod resume;
pub mod review;
pub mod settings;
pub mod start;
mod widgets;

#[cfg(test)]
mod testing;

/// How a run is coached: the engine's drill mode is the trainee's mode too (practice: feedback
/// after each choice, which may be retried; assessment: no hints until the debrief).
pub use drill_engine::drill::DrillMode as Mode;

/// Who is training and how; the shell remembers it between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Name or staff ID.
    pub trainee: String,
    pub lang: Lang,
    pub mode: Mode,
    /// The shell applies it as egui's zoom factor, see [`apply_profile`].
    pub ui_scale: f32,
    /// Who signs reviews on this machine, remembered for the next sign-off.
    pub supervisor: String,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            trainee: String::new(),
            lang: Lang::Zh,
            mode: Mode::Practice,
            ui_scale: 1.0,
            supervisor: String::new(),
        }
    }
}

/// Where a screen asks the shell to go next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nav {
    Start,
    Library,
    Settings,
    /// Start a run of the scenario with this id.
    Play {
        scenario: String,
    },
    /// The run is over: score it and show the debrief.
    Debrief,
    /// Run the same scenario again.
    Retry,
    /// Go on to the next scenario.
    Next,
    /// The supervisors' screen: saved runs and their reviews.
    Review,
    /// Try again to save the runs that could not be saved.
    SaveAgain,
    /// Open this saved run for review.
    OpenRun(i64),
    /// Start a live role-play of the scenario with this id: the supervisor's console.
    PlayLive {
        scenario: String,
    },
    /// The live role-play is over: score it, save it as a live run with the role-player's
    /// owner-feedback score, and show the debrief.
    FinishLive,
    /// Sign off a two-dimension review with the supervisor's passphrase.
    SignAssessment(review::AssessmentRequest),
    /// Play a drill's next scenario with the drill's seed and mode; the run is saved
    /// against the drill.
    PlayDrill(drills::PlayDrill),
    /// The drill composer (a supervisor's screen).
    ComposeDrill,
    /// Write the composer's drill into the drills folder (never over an existing file).
    SaveDrill(Box<drills::SavedDrill>),
    /// A supervisor's report: a trainee's progress or a team's month.
    Report(reports::ReportRequest),
    /// Play on an unfinished run (this journal row) from its last action.
    Resume(i64),
    /// Drop an unfinished run.
    DiscardRun(i64),
}

/// A scenario file that failed to load, listed in the library with its error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenFile {
    pub path: String,
    /// The rendered problem text, with file:line:col.
    pub error: String,
}

/// Applies the profile's UI scale to the context (the shell calls this once per frame or on change).
pub fn apply_profile(ctx: &egui::Context, profile: &Profile) {
    let scale = profile
        .ui_scale
        .clamp(settings::MIN_SCALE, settings::MAX_SCALE);
    if (ctx.zoom_factor() - scale).abs() > f32::EPSILON {
        ctx.set_zoom_factor(scale);
    }
}

/// A UI string of this crate in `lang`.
pub(crate) fn tr(key: &str, lang: Lang) -> String {
    rust_i18n::t!(key, locale = lang.code()).into_owned()
}

/// A UI string with `%{name}` arguments filled in.
pub(crate) fn trf(key: &str, lang: Lang, args: &[(&str, String)]) -> String {
    drill_engine::i18n::fill_args(tr(key, lang), args)
}

/// A domain label from the core (channel, department, record field, ...).
pub(crate) fn label(key: &str, lang: Lang) -> String {
    drill_engine::i18n::label(key, lang)
}
