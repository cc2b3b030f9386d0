//! Remembering the trainee: the profile and every finished run, kept in the data directory
//! (`drill_records::data_dir`): runs go into the results store the CLI's `results`
//! commands read, and also as RON transcripts; files are always written atomically.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use bevy::prelude::*;
use drill_engine::{Score, Session, Transcript};
use drill_records::clock::minute_now;
use drill_records::journal::JournalId;
use drill_records::results::{self, NewRun, ResultsStore};
use drill_records::{replace_atomically, transcript_path, write_atomically};
use drill_views::Profile;

/// Where the profile and runs are kept; absent = nothing is saved.
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub PathBuf);

/// The trainee's profile as the screens edit it, and the version last saved.
#[derive(Resource, Debug, Default)]
pub struct ProfileResource {
    pub profile: Profile,
    saved: Option<Profile>,
}

impl ProfileResource {
    pub fn new(profile: Profile) -> Self {
        ProfileResource {
            saved: Some(profile.clone()),
            profile,
        }
    }

    /// Saves the profile if it changed since the last save.
    pub fn save_if_changed(&mut self, dir: &Path) -> std::io::Result<()> {
        if self.saved.as_ref() == Some(&self.profile) {
            return Ok(());
        }
        save_profile(dir, &self.profile)?;
        self.saved = Some(self.profile.clone());
        Ok(())
    }
}

pub fn profile_path(dir: &Path) -> PathBuf {
    dir.join("profile.ron")
}

/// The saved profile, or the default one if there is none (or it cannot be read).
pub fn load_profile(dir: &Path) -> Profile {
    let path = profile_path(dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => ron::from_str(&text).unwrap_or_else(|e| {
            warn!(
                "{}: cannot read the profile ({e}); using defaults",
                path.display()
            );
            Profile::default()
        }),
        Err(_) => Profile::default(),
    }
}

pub fn save_profile(dir: &Path, profile: &Profile) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(profile, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    replace_atomically(&profile_path(dir), text.as_bytes())
}

/// Where a finished run was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRun {
    /// The run's number in the results store (`complaint-drill results show N`).
    pub id: i64,
    pub transcript: PathBuf,
}

/// A finished run, kept in memory until it is saved (a full disk must not lose it).
#[derive(Debug, Clone)]
pub struct UnsavedRun {
    transcript: Transcript,
    score: Score,
    /// `practice`, `assessment` or `live`.
    pub mode: &'static str,
    /// When it finished, as the results store records it.
    finished_at: String,
    /// The drill it was played for.
    pub drill: Option<String>,
    /// The trainee's team, for the team report.
    pub team: Option<String>,
    /// Its journal row, cleared in the transaction that saves it.
    pub journal: Option<JournalId>,
}

/// The transcript of `session` as `profile`'s trainee played it, in their language.
pub fn transcript_of(session: &Session, profile: &Profile) -> Transcript {
    Transcript::of(session, &profile.trainee).played_in(profile.lang)
}

impl UnsavedRun {
    pub fn of(session: &Session, score: &Score, profile: &Profile) -> UnsavedRun {
        UnsavedRun {
            transcript: transcript_of(session, profile),
            score: score.clone(),
            mode: profile.mode.name(),
            finished_at: minute_now(),
            drill: None,
            team: None,
            journal: None,
        }
    }

    /// The run was a live role-play whose role-player gave this owner-feedback score.
    pub fn played_live(self, owner_feedback: u32) -> UnsavedRun {
        UnsavedRun {
            transcript: self.transcript.played_live(owner_feedback),
            mode: drill_views::live::MODE,
            ..self
        }
    }
}

/// Saves a finished run: into the results store, then as a RON transcript named after its
/// run number (`runs/000012-<scenario>.ron`, never from raw input, always inside `dir`).
pub fn save_run(dir: &Path, run: &UnsavedRun) -> Result<SavedRun, String> {
    let transcript = &run.transcript;
    let id = ResultsStore::open(&results::store_path(dir))
        .and_then(|store| {
            let new = NewRun {
                transcript,
                score: &run.score,
                mode: run.mode,
                saved_at: &run.finished_at,
                drill: run.drill.as_deref(),
                team: run.team.as_deref(),
            };
            match run.journal {
                Some(journal) => store.finish(&new, journal),
                None => store.save(&new),
            }
        })
        .map_err(|e| e.to_string())?;
    let transcript_path = transcript_path(dir, id, &transcript.scenario)
        .and_then(|path| {
            write_atomically(&path, transcript.to_ron().as_bytes())?;
            Ok(path)
        })
        .map_err(|e| {
            format!("run #{id} is in the results store, but its transcript is not saved: {e}")
        })?;
    Ok(SavedRun {
        id,
        transcript: transcript_path,
    })
}

/// A results store that could not be used (not SQLite, damaged, another program's), moved
/// aside when the app started: the review screen says so beside its integrity line.
#[derive(Resource, Debug, Clone)]
pub struct StoreSetAside(pub String);

/// Opens the data folder's results store once at start; an unusable file there is moved
/// aside under a new name (never overwritten) and a new store made: returns what was done.
pub fn open_store_at_start(dir: &Path) -> Option<StoreSetAside> {
    match drill_records::recover::open_or_set_aside(&results::store_path(dir)) {
        Ok((_, set_aside)) => set_aside.map(|moved| StoreSetAside(moved.to_string())),
        Err(e) => {
            error!("{e}");
            None
        }
    }
}

/// A fresh seed from the OS (std's randomly keyed hasher) mixed with the clock.
pub fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    // Keep seeds short enough to type on the command line (`play --seed`).
    hasher.finish() % 1_000_000_000
}
