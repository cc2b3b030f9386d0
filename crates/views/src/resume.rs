//! Runs left unfinished (the app was closed or killed mid-run): offered on the start screen
//! to play on from the last action or to discard. The shell reads them from the store's
//! journal; this window only asks.

use drill_engine::{Lang, Text};
use egui::{RichText, Ui};

use crate::{Nav, tr, trf};

/// One unfinished run as offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeOffer {
    /// The journal row, `Nav::Resume(journal)`.
    pub journal: i64,
    pub trainee: String,
    pub scenario: String,
    /// `None` when the library no longer has the scenario.
    pub title: Option<Text>,
    /// When its last action was journaled.
    pub updated_at: String,
}

/// The unfinished runs with Resume and Discard each, in a panel above the screen drawn after
/// it; nothing when there are none.
pub fn show(ui: &mut Ui, lang: Lang, offers: &[ResumeOffer]) -> Option<Nav> {
    if offers.is_empty() {
        return None;
    }
    let mut nav = None;
    egui::Panel::top("unfinished_runs").show(ui, |ui| {
        ui.add_space(4.0);
        ui.label(RichText::new(tr("resume.title", lang)).strong());
        for offer in offers {
            let title = offer
                .title
                .as_ref()
                .map_or(offer.scenario.as_str(), |title| title.get(lang));
            let trainee = if offer.trainee.is_empty() {
                tr("resume.anonymous", lang)
            } else {
                offer.trainee.clone()
            };
            let args = [
                ("trainee", trainee),
                ("title", title.to_owned()),
                ("time", offer.updated_at.clone()),
            ];
            ui.horizontal_wrapped(|ui| {
                ui.label(trf("resume.run", lang, &args));
                if ui.button(tr("resume.resume", lang)).clicked() {
                    nav = Some(Nav::Resume(offer.journal));
                }
                if ui.button(tr("resume.discard", lang)).clicked() {
                    nav = Some(Nav::DiscardRun(offer.journal));
                }
            });
        }
    });
    nav
}

#[cfg(test)]
mod tests {
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn offer(journal: i64, trainee: &str) -> ResumeOffer {
        ResumeOffer {
            journal,
            trainee: trainee.to_owned(),
            scenario: "lift-entrapment".to_owned(),
            title: Some(Text::new("电梯困人", "Trapped in the lift")),
            updated_at: "2026-12-04 19:30".to_owned(),
        }
    }

    fn harness(
        lang: Lang,
        offers: Vec<ResumeOffer>,
    ) -> Harness<'static, (Vec<ResumeOffer>, Option<Nav>)> {
        Harness::builder().build_ui_state(
            move |ui, (offers, nav): &mut (Vec<ResumeOffer>, Option<Nav>)| {
                if let Some(asked) = show(ui, lang, offers) {
                    *nav = Some(asked);
                }
            },
            (offers, None),
        )
    }

    #[test]
    fn an_unfinished_run_is_offered_with_who_what_and_when_and_each_can_be_resumed_or_discarded() {
        let mut harness = harness(Lang::En, vec![offer(4, "王芳"), offer(7, "")]);
        harness.get_by_label_contains("王芳: Trapped in the lift, last action 2026-12-04 19:30");
        harness.get_by_label_contains("(no name): Trapped in the lift");
        harness
            .get_all_by_role_and_label(Role::Button, "Resume")
            .nth(1)
            .unwrap()
            .click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::Resume(7)));
        harness
            .get_all_by_role_and_label(Role::Button, "Discard")
            .next()
            .unwrap()
            .click();
        harness.run();
        assert_eq!(harness.state().1, Some(Nav::DiscardRun(4)));
    }

    #[test]
    fn with_no_unfinished_run_nothing_is_shown() {
        let harness = harness(Lang::Zh, Vec::new());
        assert!(harness.query_by_label_contains("继续").is_none());
    }
}
