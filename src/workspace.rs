//! One snapshot opened for use: its record, its entities, the site overlay and the topology built
//! from both, and the demo estate stored with its overlay. The CLI's `graph`, `topology` and
//! `impact` and the desktop app open a snapshot the same way, so what one shows the other shows;
//! `demo` and the app's first start store the demo the same way, never writing over what the
//! user asserted in the overlay.

use crate::demo::GeneratedEstate;
use crate::model::{Estate, SiteOverlay, SnapshotMeta};
use crate::store::{SnapshotId, SnapshotInfo, Store, StoreError};
use crate::topology::Topology;

/// A snapshot with the overlay it is seen through and the topology built from the two.
pub struct OpenedSnapshot {
    /// The snapshot's row (id, source, time, counts, warnings).
    pub info: SnapshotInfo,
    /// The entities.
    pub estate: Estate,
    /// The site overlay (what the user asserts about Outposts) the topology was built with.
    pub overlay: SiteOverlay,
    /// The estate graph with each Outpost's rack network.
    pub topology: Topology,
}

impl OpenedSnapshot {
    /// Loads snapshot `snapshot` (the latest when `None`) and the stored overlay, and builds the
    /// topology.
    pub fn open(store: &Store, snapshot: Option<SnapshotId>) -> Result<OpenedSnapshot, StoreError> {
        OpenedSnapshot::open_with(store, snapshot, |_, _| ()).map(|(opened, ())| opened)
    }

    /// Opens like [`OpenedSnapshot::open`], and runs `alongside` on the estate and overlay on a
    /// second thread while the topology builds (the app's overview summary: at a million
    /// entities the topology's own second thread finishes first and leaves a core free).
    pub fn open_with<T: Send>(
        store: &Store,
        snapshot: Option<SnapshotId>,
        alongside: impl FnOnce(&Estate, &SiteOverlay) -> T + Send,
    ) -> Result<(OpenedSnapshot, T), StoreError> {
        let id = store.resolve_snapshot(snapshot)?;
        let info = store.snapshot(id)?;
        let estate = store.load_estate(id)?;
        let overlay = store.load_overlay()?;
        let (topology, result) = std::thread::scope(|scope| {
            let result = scope.spawn(|| alongside(&estate, &overlay));
            let topology = Topology::build(&estate, &overlay);
            match result.join() {
                Ok(result) => (topology, result),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        let opened = OpenedSnapshot {
            info,
            estate,
            overlay,
            topology,
        };
        Ok((opened, result))
    }

    /// Builds the topology of a loaded estate seen through `overlay`.
    pub fn build(info: SnapshotInfo, estate: Estate, overlay: SiteOverlay) -> OpenedSnapshot {
        let topology = Topology::build(&estate, &overlay);
        OpenedSnapshot {
            info,
            estate,
            overlay,
            topology,
        }
    }

    /// An estate that was never stored (benchmarks, tests, previews): snapshot id 0, no time.
    pub fn unstored(meta: SnapshotMeta, estate: Estate, overlay: SiteOverlay) -> OpenedSnapshot {
        let info = SnapshotInfo {
            id: 0,
            created_at: String::new(),
            source: meta.source,
            account_id: meta.account_id,
            profile: meta.profile,
            regions: meta.regions,
            warnings: meta.warnings,
            accounts: meta.accounts,
            account_names: meta.account_names,
            entity_count: estate.entity_count() as u64,
        };
        OpenedSnapshot::build(info, estate, overlay)
    }
}

/// Stores a generated estate (the demo, or a scaled one) as a new snapshot, and adds its overlay
/// entries for Outposts the user has not described: an entry the user edited is never written
/// over. Returns the new snapshot's id.
pub fn store_demo(
    store: &mut Store,
    generated: &GeneratedEstate,
) -> Result<SnapshotId, StoreError> {
    let id = store.insert_snapshot(&generated.meta, &generated.estate)?;
    let existing = store.load_overlay()?;
    for entry in &generated.overlay.outposts {
        if existing.for_outpost(&entry.outpost_id).is_none() {
            store.save_outpost_overlay(entry)?;
        }
    }
    Ok(id)
}

/// Why a snapshot file could not be imported or exported: the file, or the database.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotTransferError {
    /// The file could not be read, written or checked.
    #[error(transparent)]
    File(#[from] crate::snapshot_file::SnapshotFileError),
    /// The database could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The new snapshot's id.
    pub snapshot_id: SnapshotId,
    /// How many entities it holds.
    pub entity_count: usize,
}

/// Reads and checks the snapshot file at `path` (see [`crate::snapshot_file`]) and stores it as
/// a new snapshot whose source is `import`. Nothing is stored unless the whole file passes, so
/// a corrupt file changes nothing. The CLI's `import-snapshot` and the app's File menu and
/// dropped files import through this one function, so they refuse the same files the same way.
pub fn import_snapshot_file(
    store: &mut Store,
    path: &std::path::Path,
) -> Result<Imported, SnapshotTransferError> {
    let content = crate::snapshot_file::SnapshotFile::read(path)?;
    let mut meta = content.snapshot;
    meta.source = "import".to_owned();
    let snapshot_id = store.insert_snapshot(&meta, &content.estate)?;
    Ok(Imported {
        snapshot_id,
        entity_count: content.estate.entity_count(),
    })
}

/// Writes stored snapshot `id` to `path` as a snapshot file (atomically); returns its entity
/// count. The CLI's `export-snapshot` and the app's File menu share it.
pub fn export_snapshot_file(
    store: &Store,
    id: SnapshotId,
    path: &std::path::Path,
) -> Result<usize, SnapshotTransferError> {
    let info = store.snapshot(id)?;
    let estate = store.load_estate(id)?;
    let count = estate.entity_count();
    crate::snapshot_file::SnapshotFile::new(info.meta(), Some(info.created_at.clone()), estate)
        .write(path)?;
    Ok(count)
}

/// The difference between two stored snapshots, with what either one's sync could not read set
/// apart ([`crate::diff::diff_snapshots`]).
pub fn diff_stored(
    store: &Store,
    from: SnapshotId,
    to: SnapshotId,
) -> Result<crate::diff::EstateDiff, StoreError> {
    let (before_info, after_info) = (store.snapshot(from)?, store.snapshot(to)?);
    let (before, after) = (store.load_estate(from)?, store.load_estate(to)?);
    Ok(crate::diff::diff_snapshots(
        as_diffed(&before_info, &before),
        as_diffed(&after_info, &after),
    )?)
}

fn as_diffed<'a>(info: &'a SnapshotInfo, estate: &'a Estate) -> crate::diff::Snapshot<'a> {
    crate::diff::Snapshot {
        estate,
        warnings: &info.warnings,
        account_id: info.account_id.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OutpostOverlay;

    #[test]
    fn storing_the_demo_keeps_the_users_own_overlay_entry() {
        let mut store = Store::open_in_memory().expect("store");
        let demo = crate::demo::demo().expect("demo");
        let first = demo
            .overlay
            .outposts
            .first()
            .expect("the demo describes an Outpost");
        let edited = OutpostOverlay {
            outpost_id: first.outpost_id.clone(),
            ace_rack: None,
            customer_devices: Vec::new(),
            port_channels: Vec::new(),
            notes: Some("edited by the user".to_owned()),
        };
        store.save_outpost_overlay(&edited).expect("user's entry");
        let id = store_demo(&mut store, &demo).expect("stored");
        let overlay = store.load_overlay().expect("overlay");
        assert_eq!(overlay.for_outpost(&first.outpost_id), Some(&edited));
        assert_eq!(overlay.outposts.len(), demo.overlay.outposts.len());
        let opened = OpenedSnapshot::open(&store, None).expect("opened");
        assert_eq!(opened.info.id, id);
        assert_eq!(opened.estate.entity_count(), demo.estate.entity_count());
        assert_eq!(
            opened.topology.rack_networks.len(),
            demo.estate.outposts.len()
        );
    }
}
