//! The shell's storage worker: one thread that owns every read and write of the database the
//! views ask for (snapshot lists, diffs, overlay saves, loading a snapshot, importing and
//! exporting snapshot files, inventory CSV), so the UI thread never waits on SQLite, on
//! loading 100k entities or on writing their files. Requests run in the order sent; each result
//! comes back as a [`Done`] and wakes the UI.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use edge_atlas::diff::EstateDiff;
use edge_atlas::export::inventory_csv;
use edge_atlas::model::SiteOverlay;
use edge_atlas::report::write_atomically;
use edge_atlas::store::{SnapshotId, SnapshotInfo, Store};
use edge_atlas::workspace::{Imported, diff_stored, export_snapshot_file, import_snapshot_file};

use crate::commands::StorageRequest;
use crate::workspace::Workspace;

/// A finished request's result; errors are the sentences shown to the user.
pub enum Done {
    /// The snapshots, oldest first.
    Snapshots(Result<Vec<SnapshotInfo>, String>),
    /// The difference between two snapshots.
    Diff {
        /// The older snapshot.
        from: SnapshotId,
        /// The newer snapshot.
        to: SnapshotId,
        /// What was added, removed and changed.
        result: Result<EstateDiff, String>,
    },
    /// An overlay entry was saved (with the overlay as stored now), or why not.
    OverlaySaved {
        /// The Outpost whose entry was saved.
        outpost_id: String,
        /// The whole overlay read back after the save.
        result: Result<SiteOverlay, String>,
    },
    /// The latest snapshot, loaded.
    Opened(Result<Box<Workspace>, String>),
    /// A snapshot file was imported (and the new snapshot loaded), or why not.
    Imported {
        /// The file.
        path: PathBuf,
        /// What was stored and the loaded snapshot.
        result: Result<(Imported, Box<Workspace>), String>,
    },
    /// A file was written (what, where), or why not.
    Written(Result<String, String>),
    /// Another database's latest snapshot, loaded, or why it could not be.
    DatabaseOpened {
        /// The database.
        path: PathBuf,
        /// Its latest snapshot.
        result: Result<Box<Workspace>, String>,
    },
}

/// An error as the CLI prints it after "error: " (the causes joined by ": "), so the app and
/// the CLI say the same about the same file.
fn as_cli_says(error: impl Into<anyhow::Error>) -> String {
    format!("{:#}", error.into())
}

/// The worker thread and its two channels.
pub struct StorageWorker {
    requests: mpsc::Sender<StorageRequest>,
    done: mpsc::Receiver<Done>,
    in_flight: usize,
}

impl StorageWorker {
    /// Starts the worker for the database at `db`; `wake` is called after each result is sent.
    pub fn start(db: PathBuf, wake: impl Fn() + Send + 'static) -> std::io::Result<StorageWorker> {
        let (requests, received) = mpsc::channel::<StorageRequest>();
        let (finished, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("edge-atlas-storage".to_owned())
            .spawn(move || {
                for request in received {
                    if finished.send(run(&db, request)).is_err() {
                        break;
                    }
                    wake();
                }
            })?;
        Ok(StorageWorker {
            requests,
            done,
            in_flight: 0,
        })
    }

    /// Queues `request`.
    pub fn send(&mut self, request: StorageRequest) {
        if self.requests.send(request).is_ok() {
            self.in_flight += 1;
        }
    }

    /// The results that have arrived since the last call.
    pub fn finished(&mut self) -> Vec<Done> {
        let done: Vec<Done> = self.done.try_iter().collect();
        self.in_flight = self.in_flight.saturating_sub(done.len());
        done
    }

    /// Whether a request is queued or running.
    pub fn busy(&self) -> bool {
        self.in_flight > 0
    }
}

fn run(db: &std::path::Path, request: StorageRequest) -> Done {
    let open = || Store::open(db).map_err(|e| e.to_string());
    match request {
        StorageRequest::ListSnapshots => Done::Snapshots(
            open().and_then(|store| store.list_snapshots().map_err(|e| e.to_string())),
        ),
        StorageRequest::Diff { from, to } => {
            let result = open().and_then(|store| {
                diff_stored(&store, from, to).map_err(|e| format!("comparing the snapshots: {e}"))
            });
            Done::Diff { from, to, result }
        }
        StorageRequest::SaveOverlay(entry) => {
            let result = open().and_then(|mut store| {
                store
                    .save_outpost_overlay(&entry)
                    .map_err(|e| format!("saving the site overlay: {e}"))?;
                store
                    .load_overlay()
                    .map_err(|e| format!("reading the site overlay back: {e}"))
            });
            Done::OverlaySaved {
                outpost_id: entry.outpost_id,
                result,
            }
        }
        StorageRequest::OpenLatest => Done::Opened(
            Workspace::load(db)
                .map(Box::new)
                .map_err(|e| format!("{e:#}")),
        ),
        StorageRequest::Import(path) => {
            let result = import(db, &path);
            Done::Imported { path, result }
        }
        StorageRequest::ExportSnapshot { id, path } => Done::Written(
            Store::open_existing(db)
                .map_err(as_cli_says)
                .and_then(|store| export_snapshot_file(&store, id, &path).map_err(as_cli_says))
                .map(|count| {
                    format!(
                        "Wrote snapshot {id} ({count} entities) to {}",
                        path.display()
                    )
                }),
        ),
        StorageRequest::ExportInventory { estate, kind, path } => {
            let result = edge_atlas::inventory::records(&estate, kind, false)
                .map_err(as_cli_says)
                .and_then(|records| {
                    let bytes = inventory_csv::records_to_csv(
                        &records,
                        edge_atlas::inventory::columns(kind),
                    )
                    .map_err(as_cli_says)?;
                    write_atomically(&path, &bytes).map_err(as_cli_says)?;
                    Ok(format!(
                        "Wrote {} {} records as CSV to {}",
                        records.len(),
                        kind.as_str(),
                        path.display()
                    ))
                });
            Done::Written(result)
        }
        StorageRequest::OpenDatabase(path) => {
            let result = if path.is_file() {
                Workspace::load(&path)
                    .map(Box::new)
                    .map_err(|e| format!("{e:#}"))
            } else {
                Err(format!("{}: no such file", path.display()))
            };
            Done::DatabaseOpened { path, result }
        }
    }
}

/// Imports the snapshot file at `path` into the database at `db` and loads the new snapshot.
fn import(db: &Path, path: &Path) -> Result<(Imported, Box<Workspace>), String> {
    let mut store = Store::open(db).map_err(as_cli_says)?;
    let imported = import_snapshot_file(&mut store, path).map_err(as_cli_says)?;
    let workspace =
        Workspace::open(&store, Some(imported.snapshot_id), false).map_err(as_cli_says)?;
    Ok((imported, Box::new(workspace)))
}
