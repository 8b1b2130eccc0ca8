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
