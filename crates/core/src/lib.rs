//! complaint-drill core: scenarios, rule sets, the session engine, scoring and the CLI.
//!
//! Pure and deterministic: no I/O outside `cli` and `library`, randomness only from a seed.

rust_i18n::i18n!("locales", fallback = "en");

pub mod bench;
pub mod cli;
pub mod coverage;
pub mod diagnostics;
pub mod i18n;
pub mod library;
pub mod lint;
pub mod model;
pub mod record;
pub mod record_check;
pub mod results;
pub mod rules;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod store;
pub mod text;
pub mod transcript;

pub use diagnostics::{Problem, SourceFile};
pub use model::*;
pub use record::Record;
pub use rules::RuleSet;
pub use scenario::Scenario;
pub use scoring::{Finding, FindingKind, Score, score};
pub use session::{Action, Event, Session, SessionError};
pub use text::{Lang, Text};
pub use transcript::Transcript;
