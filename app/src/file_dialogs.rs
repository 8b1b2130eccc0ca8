//! Where the File menu's paths come from: the platform's own open and save dialogs (rfd; on
//! Linux through the XDG desktop portal), behind a trait so the whole app can be driven by
//! tests that answer the dialogs themselves.

use std::path::PathBuf;

/// What a dialog asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRequest {
    /// The dialog's title.
    pub title: String,
    /// Named groups of file extensions offered (without dots).
    pub filters: Vec<(String, Vec<String>)>,
    /// The file name a save dialog proposes.
    pub file_name: Option<String>,
    /// A save dialog (a file to write); otherwise an open dialog (an existing file).
    pub save: bool,
}

impl FileRequest {
    /// An open dialog for files of `filters`.
    pub fn open(title: &str, filters: &[(&str, &[&str])]) -> FileRequest {
        FileRequest {
            title: title.to_owned(),
            filters: filters
                .iter()
                .map(|(name, extensions)| {
                    (
                        (*name).to_owned(),
                        extensions.iter().map(|e| (*e).to_owned()).collect(),
                    )
                })
                .collect(),
            file_name: None,
            save: false,
        }
    }

    /// A save dialog for files of `filters`, proposing `file_name`.
    pub fn save(title: &str, filters: &[(&str, &[&str])], file_name: &str) -> FileRequest {
        FileRequest {
            file_name: Some(file_name.to_owned()),
            save: true,
            ..FileRequest::open(title, filters)
        }
    }
}

/// Answers file dialogs: the platform's, or a test's.
pub trait FileDialogs {
    /// The path chosen for `request`, `None` when the user cancelled, or why no dialog can be
    /// shown.
    fn choose(&mut self, request: &FileRequest) -> Result<Option<PathBuf>, String>;
}

/// The platform's dialogs (rfd), modal over the window.
#[derive(Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn choose(&mut self, request: &FileRequest) -> Result<Option<PathBuf>, String> {
        if !dialogs_available() {
            return Err(format!(
                "{}: no file dialog can be shown on this desktop (Edge Atlas uses the XDG desktop \
                 portal, or zenity when there is no portal; neither was found). Install \
                 xdg-desktop-portal-gtk or zenity, or use the command line (edge-atlas export, \
                 export-snapshot, import-snapshot).",
                request.title
            ));
        }
        let mut dialog = rfd::FileDialog::new().set_title(&request.title);
        for (name, extensions) in &request.filters {
            dialog = dialog.add_filter(name, extensions);
        }
        if let Some(name) = &request.file_name {
            dialog = dialog.set_file_name(name);
        }
        Ok(if request.save {
            dialog.save_file()
        } else {
            dialog.pick_file()
        })
    }
}

/// Whether rfd can show a dialog: on Linux and the BSDs it needs a D-Bus session bus (for the
/// desktop portal) or `zenity` on the `PATH`; elsewhere the system's own dialogs are always
/// there.
fn dialogs_available() -> bool {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd"
    )) {
        return true;
    }
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()));
    session_bus || zenity
}
