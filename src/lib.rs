//! The bevy shell of complaint-drill: the app, its screens, the scenario library as
//! hot-reloaded assets, the trainee's profile and saved runs, and the automation mode.
//!
//! Thin, no logic of its own: the screens draw `drill_views`; the rules, sessions and scoring
//! live in `drill_engine`, files come through `drill_library` and saved runs go through
//! `drill_records`. The binary (`main.rs`) hands a subcommand to `drill_cli`. Navigation
//! ([`nav::navigate`]) and the library ([`library::LibraryResource`]) are plain bevy code
//! without egui, so they are tested headless (`tests/headless.rs`).

pub mod app;
pub mod automation;
pub mod drills;
pub mod journal;
pub mod library;
pub mod nav;
pub mod profile;
pub mod reports;
pub mod screens;
pub mod watch;
