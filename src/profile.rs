//! Remembering the trainee: the profile and every finished run, saved as RON in the data
//! directory (`$COMPLAINT_DRILL_DATA`, else `$XDG_DATA_HOME/complaint-drill`, else
//! `~/.local/share/complaint-drill`), always with `drill_core::store::write_atomically`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use bevy::prelude::*;
use drill_core::Session;
use drill_core::store::write_atomically;
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

/// The data directory from the environment (see the module docs).
pub fn data_dir_from_env() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("COMPLAINT_DRILL_DATA") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = var("XDG_DATA_HOME") {
        return Some(PathBuf::from(dir).join("complaint-drill"));
    }
    var("HOME").map(|home| PathBuf::from(home).join(".local/share/complaint-drill"))
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
    write_atomically(&profile_path(dir), text.as_bytes())
}

/// Saves the finished run's transcript as `<dir>/runs/<timestamp>-<scenario>-<seed>.ron`,
/// never overwriting an existing file; returns the path written.
pub fn save_transcript(dir: &Path, session: &Session, trainee: &str) -> std::io::Result<PathBuf> {
    let runs = dir.join("runs");
    let stem = format!(
        "{}-{}-{}",
        timestamp(SystemTime::now()),
        session.scenario().id(),
        session.seed()
    );
    let mut path = runs.join(format!("{stem}.ron"));
    let mut n = 2;
    while path.exists() {
        path = runs.join(format!("{stem}-{n}.ron"));
        n += 1;
    }
    write_atomically(&path, session.transcript(trainee).to_ron().as_bytes())?;
    Ok(path)
}

/// `YYYYMMDDTHHMMSSZ` in UTC.
pub fn timestamp(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_calendar_dates() {
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_709_251_199);
        assert_eq!(timestamp(t), "20240229T235959Z");
        assert_eq!(timestamp(UNIX_EPOCH), "19700101T000000Z");
    }
}
