//! complaint-drill's records: what stays on disk. The SQLite results store (every finished
//! run with its transcript and score, and the supervisors' reviews, append-only), atomic
//! file writes that keep a backup, and the data folder they live in and its file names, all
//! owner-only on Unix.
//!
//! The one place that locates the data folder (`$COMPLAINT_DRILL_DATA`, XDG) and writes the
//! user's files. Depends on the engine and the library (to read back saved transcripts), and
//! rusqlite; nothing above it.

pub mod assessment;
pub mod clock;
pub mod drill_runs;
pub use drill_runs::{DrillReport, DrillRun, Progress, SameSeed, Shortfall, TraineeStatus};
pub mod export;
pub mod journal;
pub mod recover;
pub mod report;
pub mod rescore;
pub mod results;
pub mod schema;
pub mod store;
pub mod trust;

pub use results::{NewRun, ResultsStore, Review, RunSummary, StoreError, store_path};
pub use store::{
    data_dir, ensure_private_dir, file_safe_id, replace_atomically, runs_dir, transcript_path,
    write_atomically,
};
pub use trust::{NewSupervisor, OfficeKeys, SignError, SignedAssessment, VerifyReport};
