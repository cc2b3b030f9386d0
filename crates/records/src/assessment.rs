//! A supervisor's two-dimension review of a run (seed 004): the mentor's score for each of
//! the engine's three sub-scores with a reason, comments on steps of the transcript, the
//! owner's feedback score (given by the colleague who played the owner in a live drill, or by
//! the mentor), a verdict, and the sign-off. Data only: storing and signing it is the trust
//! module's work; the review screen fills it in.

use drill_engine::Area;

/// A mentor's score for one dimension, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// 0-100.
    pub score: u32,
    pub reason: String,
}

/// Whether the run stands or the trainee takes the scenario again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Redo,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Redo => "redo",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "pass" => Some(Verdict::Pass),
            "redo" => Some(Verdict::Redo),
            _ => None,
        }
    }
}

/// A mentor's comment on one step of the transcript (its index in the transcript's actions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepComment {
    pub step: usize,
    pub comment: String,
}

/// Everything a mentor writes about a run before signing it off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub run: i64,
    /// The supervisor account that signs (see the trust module).
    pub supervisor: String,
    pub etiquette: Mark,
    pub procedure: Mark,
    pub record: Mark,
    /// 0-100: how the owner (the role-player, or the mentor for them) felt served.
    pub owner_feedback: u32,
    pub comments: Vec<StepComment>,
    pub verdict: Verdict,
    pub signed_at: String,
}

impl Assessment {
    /// The mentor's mark for one of the three sub-scores.
    pub fn mark(&self, area: Area) -> &Mark {
        match area {
            Area::Etiquette => &self.etiquette,
            Area::Procedure => &self.procedure,
            Area::Record => &self.record,
        }
    }
}

/// Where the mentor and the engine differ by more than this on a dimension, the reports list
/// it: that is where the rule set needs work.
pub const DISAGREEMENT_POINTS: u32 = 15;
