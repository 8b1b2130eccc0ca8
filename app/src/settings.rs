//! What the app remembers between runs: the tab layout, the theme, the selection and the graph's
//! filters, in a small JSON file beside the database (`<database>.ui.json`). Written when it
//! changes, atomically; an unreadable file is moved aside (nothing lost) and defaults are used.

use std::path::{Path, PathBuf};

use edge_atlas::scene::graph::GraphFilter;
use edge_atlas::scene::style::Theme;
use serde::{Deserialize, Serialize};

use crate::panes::Pane;

/// The remembered state.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Light or dark.
    pub theme: Theme,
    /// The docked tabs as the user arranged them.
    pub tiles: egui_tiles::Tree<Pane>,
    /// The selected entity's id.
    pub selected: Option<String>,
    /// Whether the details panel is open.
    pub details_open: bool,
    /// The graph's filters.
    pub graph_filter: GraphFilter,
    /// Whether the graph draws every relation, not only the selection's.
    pub all_relations: bool,
    /// Whether the graph puts an account level above the Regions (an organisation's snapshot).
    pub group_by_account: bool,
    /// Where the window was and how big, to open it there again.
    pub window: Option<WindowPlacement>,
}

/// The window's place on the desktop, in points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowPlacement {
    /// Its top-left corner, when the platform says (Wayland does not).
    pub position: Option<[f32; 2]>,
    /// Its inner size.
    pub size: [f32; 2],
}

impl WindowPlacement {
    /// The smallest window opened again: a saved size below it is taken as a mistake.
    pub const MIN_SIZE: [f32; 2] = [480.0, 320.0];

    /// The size to open with: the saved one, at least [`WindowPlacement::MIN_SIZE`].
    pub fn size_to_open(&self) -> [f32; 2] {
        [
            self.size[0].max(Self::MIN_SIZE[0]),
            self.size[1].max(Self::MIN_SIZE[1]),
        ]
    }
}

/// The theme of a first start: the system's when it says, else light.
pub fn first_theme(system: Option<egui::Theme>) -> Theme {
    match system {
        Some(egui::Theme::Dark) => Theme::Dark,
        _ => Theme::Light,
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: Theme::Light,
            tiles: crate::panes::default_tree(),
            selected: None,
            details_open: true,
            graph_filter: GraphFilter::default(),
            all_relations: false,
            group_by_account: false,
            window: None,
        }
    }
}

/// Where the settings of the database at `db` live.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".ui.json");
    db.with_file_name(name)
}

/// Reads the settings at `path`: defaults if there is no file; defaults and a message for the
/// user if it cannot be read (the file is renamed to `*.unreadable` so nothing is lost).
pub fn load(path: &Path) -> (Settings, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return (Settings::default(), None);
        }
        Err(error) => {
            return (
                Settings::default(),
                Some(format!(
                    "Could not read the window settings {} ({error}); using defaults.",
                    path.display()
                )),
            );
        }
    };
    match serde_json::from_str::<Settings>(&text) {
        Ok(settings) => (settings, None),
        Err(error) => {
            let mut aside = path.as_os_str().to_os_string();
            aside.push(".unreadable");
            let moved = std::fs::rename(path, &aside).is_ok();
            let note = if moved {
                format!("it was kept as {}", Path::new(&aside).display())
            } else {
                "it was left in place".to_owned()
            };
            (
                Settings::default(),
                Some(format!(
                    "The window settings {} could not be read ({error}); {note}. Using defaults.",
                    path.display()
                )),
            )
        }
    }
}

/// Writes `text` (the serialised settings) to `path` through a temporary file and a rename.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_os_string();
    temporary.push(".tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_start_takes_the_systems_theme() {
        assert_eq!(first_theme(Some(egui::Theme::Dark)), Theme::Dark);
        assert_eq!(first_theme(Some(egui::Theme::Light)), Theme::Light);
        assert_eq!(first_theme(None), Theme::Light);
    }

    #[test]
    fn the_window_placement_is_kept_and_older_files_still_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db.sqlite.ui.json");
        let settings = Settings {
            window: Some(WindowPlacement {
                position: Some([40.0, 30.0]),
                size: [1500.0, 900.0],
            }),
            ..Settings::default()
        };
        write(&path, &serde_json::to_string(&settings).expect("json")).expect("written");
        let (loaded, notice) = load(&path);
        assert_eq!(notice, None);
        assert_eq!(loaded.window, settings.window);
        // A file from before windows were remembered: no placement, nothing lost.
        write(&path, r#"{"theme":"dark"}"#).expect("written");
        let (loaded, notice) = load(&path);
        assert_eq!((loaded.window, notice), (None, None));
        assert_eq!(loaded.theme, Theme::Dark);
        // A tiny saved size opens at the smallest usable one.
        let tiny = WindowPlacement {
            position: None,
            size: [10.0, 10.0],
        };
        assert_eq!(tiny.size_to_open(), WindowPlacement::MIN_SIZE);
    }
}
