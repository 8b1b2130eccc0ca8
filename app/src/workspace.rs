//! The snapshot the app shows, with everything the views derive from it once: the estate, its
//! topology (built with the site overlay), the overview summary, and (built on first use) the
//! search index, an id-to-entity index for the details panel and the rack elevations. Loaded
//! from the store; views only read it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;
use edge_atlas::catalog::hardware::HardwareCatalog;
use edge_atlas::elevation::{OutpostRacks, outpost_racks};
use edge_atlas::model::{EntityKind, EntityRef, Estate, SiteOverlay, SnapshotMeta};
use edge_atlas::store::{SnapshotInfo, Store};
use edge_atlas::summary::EstateSummary;
use edge_atlas::topology::Topology;
use edge_atlas::topology::query::SearchIndex;
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
    /// The entities.
    pub estate: Estate,
    /// The estate graph with each Outpost's rack network.
    pub topology: Topology,
    /// The overview's numbers.
    pub summary: EstateSummary,
    /// The site overlay (what the user asserts about Outposts) the topology was built with.
    pub overlay: SiteOverlay,
    /// Whether this start stored the demo estate into an empty database.
    pub first_start: bool,
    racks: OnceLock<Result<Vec<OutpostRacks>, String>>,
    search: OnceLock<SearchIndex>,
    entities: OnceLock<HashMap<String, (EntityKind, usize)>>,
}

impl Workspace {
    /// Opens the database at `db`, storing the demo estate if it has no snapshot yet, and loads
    /// the latest snapshot.
    pub fn load(db: &Path) -> anyhow::Result<Workspace> {
        let mut store = Store::open(db)?;
        let first_start = store.latest_snapshot_id()?.is_none();
        if first_start {
            let demo = edge_atlas::demo::demo().map_err(|e| anyhow::anyhow!("{e}"))?;
            store
                .insert_snapshot(&demo.meta, &demo.estate)
                .context("storing the demo estate")?;
            for entry in &demo.overlay.outposts {
                store.save_outpost_overlay(entry)?;
            }
        }
        let id = store.resolve_snapshot(None)?;
        let info = store.snapshot(id)?;
        let estate = store.load_estate(id)?;
        let overlay = store.load_overlay()?;
        Ok(Workspace::new(info, estate, overlay, first_start))
    }

    /// Derives the views' data from a loaded snapshot.
    pub fn new(
        info: SnapshotInfo,
        estate: Estate,
        overlay: SiteOverlay,
        first_start: bool,
    ) -> Workspace {
        let topology = Topology::build(&estate, &overlay);
        let summary = EstateSummary::of(&estate, &overlay);
        Workspace {
            revision: REVISIONS.fetch_add(1, Ordering::Relaxed),
            info,
            estate,
            topology,
            summary,
            overlay,
            first_start,
            racks: OnceLock::new(),
            search: OnceLock::new(),
            entities: OnceLock::new(),
        }
    }

    /// A workspace for an estate that was never stored (benchmarks and tests): snapshot id 0,
    /// no time taken.
    pub fn unstored(meta: SnapshotMeta, estate: Estate, overlay: SiteOverlay) -> Workspace {
        let info = SnapshotInfo {
            id: 0,
            created_at: String::new(),
            source: meta.source,
            account_id: meta.account_id,
            profile: meta.profile,
            regions: meta.regions,
            warnings: meta.warnings,
            entity_count: estate.entity_count() as u64,
        };
        Workspace::new(info, estate, overlay, false)
    }

    /// The same snapshot with `overlay` (just saved): the topology and everything derived from
    /// it are rebuilt, the snapshot is not read again.
    pub fn with_overlay(self, overlay: SiteOverlay) -> Workspace {
        Workspace::new(self.info, self.estate, overlay, self.first_start)
    }

    /// Graph nodes matching `query` (id, name, tag, address, VLAN, ASN), at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<NodeIndex> {
        self.search
            .get_or_init(|| SearchIndex::build(&self.topology, &self.estate))
            .search(&self.topology, query, limit)
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

    /// The entity with this AWS id (the graph node's id), if the node is an entity.
    pub fn entity(&self, id: &str) -> Option<EntityRef<'_>> {
        let index = self.entities.get_or_init(|| {
            let mut index = HashMap::with_capacity(self.estate.entity_count());
            for kind in EntityKind::ALL {
                for position in 0..self.estate.count(*kind) {
                    if let Some(entity) = self.estate.entity(*kind, position) {
                        // The first of a kind wins (offerings reuse zone names as ids).
                        index
                            .entry(entity.id().to_owned())
                            .or_insert((*kind, position));
                    }
                }
            }
            index
        });
        let (kind, position) = index.get(id)?;
        self.estate.entity(*kind, *position)
    }
}
