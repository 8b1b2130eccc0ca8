//! What a view asks the shell to do. Views never open the store, start a job or touch a file:
//! they send an [`AppCommand`] through the [`CommandSender`] they are handed, and the shell
//! carries it out after the frame, the storage work on its [`crate::worker`] thread, and hands
//! the result back to the view that asked. The File menu, drag and drop and report exports send
//! their commands the same way.

use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use edge_atlas::model::{EntityKind, Estate, OutpostOverlay};
use edge_atlas::store::SnapshotId;
use edge_atlas_aws::SyncOptions;

/// One thing a view wants done.
#[derive(Debug)]
pub enum AppCommand {
    /// Storage work, done in order on the shell's worker thread.
    Storage(StorageRequest),
    /// Start a sync with these options; it stores its own snapshot (Sync view).
    StartSync(SyncOptions),
}

/// A read or write of the database, answered by a [`crate::worker::Done`].
#[derive(Debug)]
pub enum StorageRequest {
    /// Read the list of stored snapshots (History).
    ListSnapshots,
    /// Compare two stored snapshots (History).
    Diff {
        /// The older snapshot.
        from: SnapshotId,
        /// The newer snapshot.
        to: SnapshotId,
    },
    /// Store one Outpost's site overlay entry and read the whole overlay back; the shell then
    /// shows the snapshot through it (overlay editor).
    SaveOverlay(OutpostOverlay),
    /// Load the latest snapshot (after a sync stored one).
    OpenLatest,
    /// Check a snapshot file, store it as a new snapshot and load it (File menu, a dropped
    /// file); a file that fails the checks changes nothing.
    Import(PathBuf),
    /// Write a stored snapshot to a snapshot file (File menu).
    ExportSnapshot {
        /// The snapshot.
        id: SnapshotId,
        /// The file to write.
        path: PathBuf,
    },
    /// Write the records of one kind as CSV, the Inventory view's columns first (File menu).
    ExportInventory {
        /// The snapshot's entities.
        estate: Arc<Estate>,
        /// The kind.
        kind: EntityKind,
        /// The file to write.
        path: PathBuf,
    },
    /// Load the latest snapshot of another database (File menu); the shell switches to that
    /// database only when it loads.
    OpenDatabase(PathBuf),
}

impl From<StorageRequest> for AppCommand {
    fn from(request: StorageRequest) -> AppCommand {
        AppCommand::Storage(request)
    }
}

/// The sending end views are handed; cheap to clone.
#[derive(Clone, Debug)]
pub struct CommandSender(mpsc::Sender<AppCommand>);

impl CommandSender {
    /// Queues `command` for the shell, which carries it out after this frame.
    pub fn send(&self, command: impl Into<AppCommand>) {
        // The receiver lives as long as the shell that handed out this sender; a send can only
        // fail while the app is shutting down, when there is nothing left to do.
        let _ = self.0.send(command.into());
    }
}

/// A new channel: the sender for views, the receiver for the shell.
pub fn channel() -> (CommandSender, mpsc::Receiver<AppCommand>) {
    let (sender, receiver) = mpsc::channel();
    (CommandSender(sender), receiver)
}
