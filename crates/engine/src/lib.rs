//! complaint-drill's engine: the words of complaint handling, the rule set, scenarios, the
//! session a trainee plays, its score, saved transcripts, and the checks built on them.
//!
//! Pure and deterministic: no files, no environment, no clock, no terminal, no database;
//! randomness only from a recorded seed. It may depend on serde, ron, rand, thiserror,
//! rust-i18n and chrono (date arithmetic), and nothing of complaint-drill's own.
//!
//! Read it bottom-up, in the order a newcomer learns the domain: [`text`] and [`model`] (the
//! words), [`action`] (what a trainee can do), [`record`] (the record form), [`rules`],
//! [`scenario`] (structural checks only, as [`flaw`]s, numbers within [`ranges`]), [`session`] (`apply(action) ->
//! events`), [`scoring`], [`transcript`], then the checks that play or score: [`lint`],
//! [`record_check`] (a real record against the rules) and [`coverage`].

rust_i18n::i18n!("locales", fallback = "en");

pub mod text;
pub mod i18n;
pub mod model;
pub mod action;
pub mod record;
pub mod flaw;
pub mod ranges;
pub mod rules;
pub mod scenario;
pub mod session;
pub mod scoring;
pub mod transcript;
pub mod lint;
pub mod record_check;
pub mod form;
pub mod coverage;
pub mod drill;

pub use drill::{Drill, Roster};

pub use action::{Action, SomethingElse};
pub use flaw::{Flaw, Place};
pub use model::*;
pub use record::Record;
pub use rules::RuleSet;
pub use scenario::Scenario;
pub use scoring::{Finding, FindingKind, Score, score};
pub use session::{Event, Session, SessionError};
pub use text::{Lang, Text};
pub use transcript::Transcript;
