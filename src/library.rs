//! Scenarios, the course and the rule set as bevy assets, hot-reloaded.
//!
//! The asset is only the file's text ([`RonSource`]); every load or change is validated by
//! `drill_library` into [`LibraryResource`]. A file that turns broken is listed with its error
//! (file:line:col) and the last good version of its scenario stays playable.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoadFailedEvent, AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;
use drill_engine::{RuleSet, Scenario};
use drill_library::{
    Course, FileKind, Level as ProblemLevel, Library, SourceFile, file_kind, load_source,
    parse_rules, render_all,
};
use drill_views::BrokenFile;

/// The rule set every scenario is validated against, relative to the asset root.
pub const RULES_PATH: &str = "rules/default.ron";
/// The folder of scenarios and courses, relative to the asset root.
pub const SCENARIOS_DIR: &str = "scenarios";

/// The raw text of a `.ron` file under the asset root.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct RonSource {
    /// The path relative to the asset root, with `/` separators (`scenarios/x.ron`).
    pub path: String,
    pub text: Arc<str>,
}

/// Reads a `.ron` file as text; validation happens later, in [`sync_library`].
#[derive(Default, TypePath)]
pub struct RonSourceLoader;

#[derive(Debug, thiserror::Error)]
pub enum RonSourceError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is not UTF-8 text: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

impl AssetLoader for RonSourceLoader {
    type Asset = RonSource;
    type Settings = ();
    type Error = RonSourceError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<RonSource, RonSourceError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        Ok(RonSource {
            path: asset_path_string(load_context.path()),
            text: String::from_utf8(bytes)?.into(),
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn asset_path_string(path: &bevy::asset::AssetPath) -> String {
    path.path().to_string_lossy().replace('\\', "/")
}

/// One file's latest text and its last good contents.
#[derive(Debug, Default, Clone)]
struct FileState {
    text: Option<Arc<str>>,
    scenario: Option<Arc<Scenario>>,
    course: Option<Course>,
    /// Why the latest version is broken (rendered problems), if it is.
    error: Option<String>,
    /// Validated against the current rules (or failed to load).
    checked: bool,
}

/// The validated library the screens show and play.
#[derive(Resource, Debug, Default)]
pub struct LibraryResource {
    /// Valid scenarios (the last good version of a broken file included), by file path.
    pub scenarios: Vec<Arc<Scenario>>,
    /// Files whose latest version is broken, each with its problems (file:line:col).
    pub broken: Vec<BrokenFile>,
    pub courses: Vec<Course>,
    /// The last good rule set.
    pub rules: Option<Arc<RuleSet>>,
    /// Every scenario file bevy listed has been validated (set by [`sync_library`]).
    pub ready: bool,
    /// Bumped on every change, so views can notice.
    pub generation: u64,
    files: BTreeMap<String, FileState>,
    rules_error: Option<String>,
}

impl LibraryResource {
    pub fn scenario(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios.iter().find(|s| s.id() == id)
    }

    /// The scenario to play after `id`: the next lesson of the course that lists it, else the
    /// next in the library list; `None` after the last one.
    pub fn next_after(&self, id: &str) -> Option<String> {
        let order: Vec<&str> = match self
            .courses
            .iter()
            .find(|c| c.lessons.iter().any(|l| l.scenario == id))
        {
            Some(course) => course
                .lessons
                .iter()
                .map(|l| l.scenario.as_str())
                .filter(|s| self.scenario(s).is_some())
                .collect(),
            None => self.scenarios.iter().map(|s| s.id()).collect(),
        };
        let at = order.iter().position(|s| *s == id)?;
        order.get(at + 1).map(|s| (*s).to_owned())
    }

    /// A file was loaded or changed on disk.
    pub fn update_source(&mut self, path: &str, text: Arc<str>) {
        if path == RULES_PATH {
            let file = SourceFile::new(path, text);
            match parse_rules(&file) {
                Ok(rules) => {
                    self.rules = Some(Arc::new(rules));
                    self.rules_error = None;
                    // Every scenario is checked against the rules: check them all again.
                    for state in self.files.values_mut() {
                        if state.text.is_some() {
                            state.checked = false;
                        }
                    }
                }
                Err(problems) => self.rules_error = Some(render_all(&problems)),
            }
        } else {
            let state = self.files.entry(path.to_owned()).or_default();
            state.text = Some(text);
            state.checked = false;
        }
        self.revalidate();
    }

    /// A file could not be read at all (I/O or encoding).
    pub fn load_failed(&mut self, path: &str, error: String) {
        if path == RULES_PATH {
            self.rules_error = Some(format!("{path}: error: {error}"));
        } else {
            let state = self.files.entry(path.to_owned()).or_default();
            state.error = Some(format!("{path}: error: {error}"));
            state.checked = true;
        }
        self.rebuild();
    }

    /// Whether this file has been seen and checked.
    pub fn is_checked(&self, path: &str) -> bool {
        if path == RULES_PATH {
            return self.rules.is_some() || self.rules_error.is_some();
        }
        self.files.get(path).is_some_and(|s| s.checked)
    }

    fn revalidate(&mut self) {
        if let Some(rules) = self.rules.clone() {
            for (path, state) in &mut self.files {
                if state.checked {
                    continue;
                }
                let Some(text) = state.text.clone() else {
                    continue;
                };
                state.checked = true;
                let file = SourceFile::new(path.as_str(), text);
                let mut library = Library::default();
                load_source(&file, &rules, &mut library);
                let errors: Vec<_> = library
                    .problems
                    .iter()
                    .filter(|p| p.level == ProblemLevel::Error)
                    .cloned()
                    .collect();
                if errors.is_empty() {
                    state.error = None;
                    match file_kind(&file.text) {
                        FileKind::Course => state.course = library.courses.pop(),
                        FileKind::RuleSet => {}
                        FileKind::Scenario | FileKind::Unknown => {
                            state.scenario = library.scenarios.pop().or(state.scenario.take());
                        }
                    }
                } else {
                    // Keep the last good version; list the error.
                    state.error = Some(render_all(&errors));
                }
            }
        }
        self.rebuild();
    }

    fn rebuild(&mut self) {
        self.scenarios.clear();
        self.courses.clear();
        self.broken.clear();
        if let Some(error) = &self.rules_error {
            self.broken.push(BrokenFile {
                path: RULES_PATH.to_owned(),
                error: error.clone(),
            });
        }
        for (path, state) in &self.files {
            if let Some(scenario) = &state.scenario {
                if self.scenarios.iter().any(|s| s.id() == scenario.id()) {
                    self.broken.push(BrokenFile {
                        path: path.clone(),
                        error: format!(
                            "{path}: error: another file already defines scenario `{}`",
                            scenario.id()
                        ),
                    });
                    continue;
                }
                self.scenarios.push(scenario.clone());
            }
            if let Some(course) = &state.course {
                self.courses.push(course.clone());
            }
            if let Some(error) = &state.error {
                self.broken.push(BrokenFile {
                    path: path.clone(),
                    error: error.clone(),
                });
            }
        }
        self.generation += 1;
    }
}

/// Keeps the library's assets alive (and so watched for changes).
#[derive(Resource)]
pub struct LibraryHandles {
    pub rules: Handle<RonSource>,
    pub folder: Handle<LoadedFolder>,
}

/// The loader, [`LibraryResource`], loading `rules/default.ron` then `scenarios/`, and
/// [`sync_library`].
pub struct LibraryPlugin;

impl Plugin for LibraryPlugin {
    fn build(&self, app: &mut App) {
        app.init_asset::<RonSource>()
            .init_asset_loader::<RonSourceLoader>()
            .init_resource::<LibraryResource>()
            .add_systems(Startup, load_library)
            .add_systems(
                PreUpdate,
                sync_library.after(bevy::asset::AssetTrackingSystems),
            );
    }
}

pub fn load_library(mut commands: Commands, server: Res<AssetServer>) {
    let rules = server.load::<RonSource>(RULES_PATH);
    let folder = server.load_folder(SCENARIOS_DIR);
    commands.insert_resource(LibraryHandles { rules, folder });
}

/// Validates every added or changed file into [`LibraryResource`].
pub fn sync_library(
    mut events: MessageReader<AssetEvent<RonSource>>,
    mut failed: MessageReader<AssetLoadFailedEvent<RonSource>>,
    sources: Res<Assets<RonSource>>,
    server: Res<AssetServer>,
    handles: Option<Res<LibraryHandles>>,
    folders: Res<Assets<LoadedFolder>>,
    mut library: ResMut<LibraryResource>,
) {
    let mut changed: Vec<&RonSource> = Vec::new();
    for event in events.read() {
        if let AssetEvent::Added { id } | AssetEvent::Modified { id } = event
            && let Some(source) = sources.get(*id)
        {
            changed.push(source);
        }
    }
    // The rule set first: scenarios are checked against it.
    changed.sort_by_key(|s| s.path != RULES_PATH);
    for source in changed {
        library.update_source(&source.path, source.text.clone());
    }
    for failure in failed.read() {
        library.load_failed(&asset_path_string(&failure.path), failure.error.to_string());
    }
    if !library.ready
        && let Some(handles) = handles
        && server.is_loaded_with_dependencies(&handles.folder)
        && let Some(folder) = folders.get(&handles.folder)
    {
        let all_checked = library.is_checked(RULES_PATH)
            && folder.handles.iter().all(|h| {
                h.path()
                    .is_none_or(|p| library.is_checked(&asset_path_string(p)))
            });
        if all_checked {
            library.ready = true;
        }
    }
}
