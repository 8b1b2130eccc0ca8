//! The snapshot the app shows, with everything the views derive from it: the estate, its
//! topology (built with the site overlay), the overview summary, the rack elevations (on first
//! use), and the search and id indexes, which a worker thread builds when the snapshot loads so
//! that the window stays responsive meanwhile (0.3-0.6 s at scale 1000). Views only read it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

use anyhow::Context as _;
use edge_atlas::catalog::hardware::HardwareCatalog;
use edge_atlas::elevation::{OutpostRacks, outpost_racks};
use edge_atlas::model::{EntityKind, EntityRef, Estate, SiteOverlay, SnapshotMeta};
use edge_atlas::store::{SnapshotId, SnapshotInfo, Store, StoreError};
use edge_atlas::summary::EstateSummary;
use edge_atlas::topology::Topology;
use edge_atlas::topology::query::SearchIndex;
use edge_atlas::workspace::{OpenedSnapshot, store_demo};
use petgraph::graph::NodeIndex;

/// The next workspace's revision.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

/// One loaded snapshot and what is derived from it.
pub struct Workspace {
    /// Unique to this workspace: views key what they cache on it, so a reload (another
    /// snapshot, or the same one with an edited overlay) redraws them.
    pub revision: u64,
    /// The snapshot's row (id, source, time, counts).
    pub info: SnapshotInfo,
    /// The entities (shared with the indexing worker).
    pub estate: Arc<Estate>,
    /// The estate graph with each Outpost's rack network (shared with the indexing worker).
    pub topology: Arc<Topology>,
    /// The overview's numbers.
    pub summary: EstateSummary,
    /// The site overlay (what the user asserts about Outposts) the topology was built with.
    pub overlay: SiteOverlay,
    /// Whether this start stored the demo estate into an empty database.
    pub first_start: bool,
    /// The snapshot's accounts (id, label) when it holds several (an organisation's); empty
    /// for one account, where the views offer no account filter.
    pub accounts: Vec<(String, String)>,
    racks: OnceLock<Result<Vec<OutpostRacks>, String>>,
    indexes: Arc<OnceLock<Indexes>>,
    indexing_started: AtomicBool,
    /// While set, the indexing worker waits before it starts ([`Workspace::hold_indexing`]).
    indexing_held: Arc<(Mutex<bool>, Condvar)>,
}

/// What the window can show of a snapshot before its topology is built
/// ([`Workspace::load_staged`]): its row and its overview.
#[derive(Clone, Debug)]
pub struct Preview {
    /// The snapshot's row (id, source, time, counts).
    pub info: SnapshotInfo,
    /// The overview's numbers, the same the workspace will hold.
    pub summary: EstateSummary,
}

/// Keeps the indexing worker from starting until dropped (see [`Workspace::hold_indexing`]).
pub struct IndexingHold(Arc<(Mutex<bool>, Condvar)>);

impl Drop for IndexingHold {
    fn drop(&mut self) {
        let (held, changed) = &*self.0;
        *held.lock().unwrap_or_else(PoisonError::into_inner) = false;
        changed.notify_all();
    }
}

/// What the worker builds once per workspace: the search index and the id-to-entity index.
struct Indexes {
    search: SearchIndex,
    entities: HashMap<String, (EntityKind, usize)>,
}

impl Indexes {
    fn build(topology: &Topology, estate: &Estate) -> Indexes {
        let mut entities = HashMap::with_capacity(estate.entity_count());
        for kind in EntityKind::ALL {
            for position in 0..estate.count(*kind) {
                if let Some(entity) = estate.entity(*kind, position) {
                    // The first of a kind wins (offerings reuse zone names as ids).
                    entities
                        .entry(entity.id().to_owned())
                        .or_insert((*kind, position));
                }
            }
        }
        Indexes {
            search: SearchIndex::build(topology, estate),
            entities,
        }
    }
}

impl Workspace {
    /// Opens the database at `db`, storing the demo estate if it has no snapshot yet, and loads
    /// the latest snapshot.
    pub fn load(db: &Path) -> anyhow::Result<Workspace> {
        // A file holding snapshots opens for reading, without the write-open's `quick_check`
        // (a read of the whole file: 0.6 s at a million entities); the app's first write
        // still runs it, on the storage worker.
        if db.exists() {
            let store = Store::open_existing(db)?;
            if store.latest_snapshot_id()?.is_some() {
                return Ok(Workspace::open(&store, None, false)?);
            }
        }
        let mut store = Store::open(db)?;
        let first_start = store.latest_snapshot_id()?.is_none();
        if first_start {
            let demo = edge_atlas::demo::demo().map_err(|e| anyhow::anyhow!("{e}"))?;
            store_demo(&mut store, &demo).context("storing the demo estate")?;
        }
        Ok(Workspace::open(&store, None, first_start)?)
    }

    /// As [`Workspace::load`], in two steps for a database that already holds a snapshot:
    /// `preview` gets the snapshot's row and overview as soon as the estate is loaded and
    /// summarised, while the topology (the longest part of a large open: 1.2 s at a million
    /// entities) is still being built beside it; the workspace is returned when it is done.
    /// The window shows the overview meanwhile. A first start (storing the demo) is one step.
    pub fn load_staged(
        db: &Path,
        preview: impl FnOnce(Preview) + Send,
    ) -> anyhow::Result<Workspace> {
        if db.exists() {
            let store = Store::open_existing(db)?;
            if let Some(id) = store.latest_snapshot_id()? {
                let info = store.snapshot(id)?;
                let (opened, summary) =
                    OpenedSnapshot::open_with(&store, Some(id), |estate, overlay| {
                        let summary = EstateSummary::of(estate, overlay);
                        preview(Preview {
                            info,
                            summary: summary.clone(),
                        });
                        summary
                    })?;
                return Ok(Workspace::assemble(opened, summary, false));
            }
        }
        Workspace::load(db)
    }

    /// Loads snapshot `snapshot` (the latest when `None`) from `store` and derives the views'
    /// data, the overview summary on a second thread while the topology builds.
    pub fn open(
        store: &Store,
        snapshot: Option<SnapshotId>,
        first_start: bool,
    ) -> Result<Workspace, StoreError> {
        let (opened, summary) = OpenedSnapshot::open_with(store, snapshot, EstateSummary::of)?;
        Ok(Workspace::assemble(opened, summary, first_start))
    }

    /// Derives the views' data from an opened snapshot.
    pub fn new(opened: OpenedSnapshot, first_start: bool) -> Workspace {
        let summary = EstateSummary::of(&opened.estate, &opened.overlay);
        Workspace::assemble(opened, summary, first_start)
    }

    fn assemble(opened: OpenedSnapshot, summary: EstateSummary, first_start: bool) -> Workspace {
        let OpenedSnapshot {
            info,
            estate,
            overlay,
            topology,
        } = opened;
        Workspace::from_parts(
            info,
            Arc::new(estate),
            overlay,
            Arc::new(topology),
            summary,
            first_start,
        )
    }

    fn from_parts(
        info: SnapshotInfo,
        estate: Arc<Estate>,
        overlay: SiteOverlay,
        topology: Arc<Topology>,
        summary: EstateSummary,
        first_start: bool,
    ) -> Workspace {
        let mut accounts = info.account_labels();
        if accounts.len() < 2 {
            accounts.clear();
        }
        Workspace {
            revision: REVISIONS.fetch_add(1, Ordering::Relaxed),
            info,
            estate,
            topology,
            summary,
            overlay,
            first_start,
            accounts,
            racks: OnceLock::new(),
            indexes: Arc::new(OnceLock::new()),
            indexing_started: AtomicBool::new(false),
            indexing_held: Arc::new((Mutex::new(false), Condvar::new())),
        }
    }

    /// A workspace for an estate that was never stored (benchmarks and tests): snapshot id 0,
    /// no time taken.
    pub fn unstored(meta: SnapshotMeta, estate: Estate, overlay: SiteOverlay) -> Workspace {
        Workspace::new(OpenedSnapshot::unstored(meta, estate, overlay), false)
    }

    /// The same snapshot seen through `overlay` (just saved): the topology and everything
    /// derived from it are rebuilt, the snapshot is not read again.
    pub fn with_overlay(&self, overlay: SiteOverlay) -> Workspace {
        let topology = Arc::new(Topology::build(&self.estate, &overlay));
        let summary = EstateSummary::of(&self.estate, &overlay);
        Workspace::from_parts(
            self.info.clone(),
            Arc::clone(&self.estate),
            overlay,
            topology,
            summary,
            self.first_start,
        )
    }

    /// Starts building the search and id indexes on a worker thread (once per workspace);
    /// `wake` is called when they are ready. Until then [`Workspace::search`] answers `None`.
    pub fn start_indexing(&self, wake: impl FnOnce() + Send + 'static) {
        if self.indexing_started.swap(true, Ordering::AcqRel) {
            return;
        }
        let (indexes, topology, estate, hold) = (
            Arc::clone(&self.indexes),
            Arc::clone(&self.topology),
            Arc::clone(&self.estate),
            Arc::clone(&self.indexing_held),
        );
        let spawned = std::thread::Builder::new()
            .name("edge-atlas-index".to_owned())
            .spawn(move || {
                let (held, changed) = &*hold;
                let mut waiting = held.lock().unwrap_or_else(PoisonError::into_inner);
                while *waiting {
                    waiting = changed
                        .wait(waiting)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                drop(waiting);
                indexes.get_or_init(|| Indexes::build(&topology, &estate));
                wake();
            });
        if spawned.is_err() {
            // No thread to be had: build here rather than never.
            self.wait_for_indexes();
        }
    }

    /// Keeps the indexing worker from starting until the returned hold is dropped, so a test can
    /// watch the window while the index is still being built, however fast the machine.
    pub fn hold_indexing(&self) -> IndexingHold {
        let (held, _) = &*self.indexing_held;
        *held.lock().unwrap_or_else(PoisonError::into_inner) = true;
        IndexingHold(Arc::clone(&self.indexing_held))
    }

    /// Whether the search and id indexes are built.
    pub fn indexes_ready(&self) -> bool {
        self.indexes.get().is_some()
    }

    /// Builds the indexes on this thread, or waits for the worker building them (benchmarks,
    /// tests, and anything that cannot do without them).
    pub fn wait_for_indexes(&self) {
        self.indexes
            .get_or_init(|| Indexes::build(&self.topology, &self.estate));
    }

    /// Graph nodes matching `query` (id, name, tag, address, VLAN, ASN), at most `limit`;
    /// `None` while the search index is still being built.
    pub fn search(&self, query: &str, limit: usize) -> Option<Vec<NodeIndex>> {
        let indexes = self.indexes.get()?;
        Some(indexes.search.search(&self.topology, query, limit))
    }

    /// Every Outpost's racks with their elevations and the site's limits (built on first use),
    /// or why the hardware catalog they are matched against could not be read.
    pub fn outpost_racks(&self) -> Result<&[OutpostRacks], &str> {
        self.racks
            .get_or_init(|| {
                let hardware = HardwareCatalog::embedded().map_err(|e| e.to_string())?;
                Ok(outpost_racks(&self.estate, &self.topology, hardware))
            })
            .as_deref()
            .map_err(String::as_str)
    }

    /// The entity with this AWS id (the graph node's id), if the node is an entity. Until the
    /// id index is built, the entities are scanned (a few milliseconds at 100k).
    pub fn entity(&self, id: &str) -> Option<EntityRef<'_>> {
        match self.indexes.get() {
            Some(indexes) => {
                let (kind, position) = indexes.entities.get(id)?;
                self.estate.entity(*kind, *position)
            }
            None => EntityKind::ALL.iter().find_map(|kind| {
                (0..self.estate.count(*kind))
                    .filter_map(|position| self.estate.entity(*kind, position))
                    .find(|entity| entity.id() == id)
            }),
        }
    }
}
