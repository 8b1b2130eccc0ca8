//! A sync as a background job, for the desktop app: it runs on a tokio runtime of its own
//! thread, keeps its progress (identity, per-Region counts, warnings) in a shared state the UI
//! reads, calls back whenever that state changes (the app asks for a repaint), stores the
//! snapshot when it completes, and can be cancelled at any point (then nothing is stored).
//! [`store`] is the storing step the command line uses too.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use anyhow::Context as _;
use edge_atlas::model::Warning;
use edge_atlas::store::{SnapshotId, Store, StoreError};
use tokio::sync::mpsc;

use crate::events::{RegionProgress, SyncEvent};
use crate::options::SyncOptions;
use crate::run::{Cancel, SyncOutcome, sync_estate};

/// Stores a completed sync as a new snapshot; `Ok(None)` when `cancel` fired while storing
/// (the transaction is rolled back, nothing is stored).
pub fn store(
    db: &Path,
    outcome: &SyncOutcome,
    cancel: &Cancel,
) -> anyhow::Result<Option<SnapshotId>> {
    let mut store = Store::open(db)?;
    let stored = store.insert_snapshot_with_progress(&outcome.meta, &outcome.estate, |_| {
        if cancel.is_cancelled() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    match stored {
        Ok(id) => Ok(Some(id)),
        Err(StoreError::Cancelled) => Ok(None),
        Err(error) => Err(error).context("storing the synced snapshot"),
    }
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq)]
pub enum JobEnd {
    /// Stored as this snapshot, with this many entities and warnings, after this long.
    Stored {
        /// The new snapshot.
        snapshot_id: SnapshotId,
        /// Entities stored.
        entity_count: usize,
        /// Warnings (also in [`JobState::warnings`]).
        warning_count: usize,
        /// Wall time of the sync.
        elapsed: Duration,
    },
    /// Cancelled; nothing stored.
    Cancelled,
    /// Nothing stored, for this reason (credentials, Regions, database...).
    Failed(String),
}

/// What the job has seen so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobState {
    /// The account and caller, once STS answered.
    pub identity: Option<(String, String)>,
    /// The Regions being synced, in order.
    pub regions: Vec<String>,
    /// Each Region's latest counts, by account and Region.
    pub progress: BTreeMap<(String, String), RegionProgress>,
    /// Calls that failed for good.
    pub warnings: Vec<Warning>,
    /// An organisation sync's accounts (id, name), once listed.
    pub accounts: Vec<(String, String)>,
    /// The accounts read so far, in the order they finished.
    pub accounts_finished: Vec<crate::events::AccountProgress>,
    /// Set when the job is over.
    pub end: Option<JobEnd>,
}

impl JobState {
    /// One Region's counts, summed over every account that reads it.
    pub fn region_progress(&self, region: &str) -> RegionProgress {
        let mut total = RegionProgress {
            region: region.to_owned(),
            ..RegionProgress::default()
        };
        let mut any = false;
        let mut all_finished = true;
        for progress in self.progress.values().filter(|p| p.region == region) {
            any = true;
            total.calls_done += progress.calls_done;
            total.calls_total += progress.calls_total;
            total.entities += progress.entities;
            total.errors += progress.errors;
            all_finished &= progress.finished;
        }
        total.finished = any && all_finished;
        total
    }
}

/// A running (or finished) sync.
pub struct SyncJob {
    state: Arc<Mutex<JobState>>,
    cancel: Cancel,
}

impl SyncJob {
    /// Starts syncing with `options` into the database at `db`; `changed` is called (from the
    /// job's threads) whenever the state changes.
    pub fn start(
        db: PathBuf,
        options: SyncOptions,
        changed: impl Fn() + Send + Sync + 'static,
    ) -> SyncJob {
        let state = Arc::new(Mutex::new(JobState::default()));
        let cancel = Cancel::new();
        let job = SyncJob {
            state: Arc::clone(&state),
            cancel: cancel.clone(),
        };
        let changed = Arc::new(changed);
        std::thread::spawn(move || {
            let end = run(&db, &options, &state, &cancel, Arc::clone(&changed));
            lock(&state).end = Some(end);
            changed();
        });
        job
    }

    /// Asks the job to stop; it ends as [`JobEnd::Cancelled`] and stores nothing.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// The state so far (hold it briefly: the job waits for it).
    pub fn state(&self) -> MutexGuard<'_, JobState> {
        lock(&self.state)
    }
}

fn lock(state: &Mutex<JobState>) -> MutexGuard<'_, JobState> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn run(
    db: &Path,
    options: &SyncOptions,
    state: &Arc<Mutex<JobState>>,
    cancel: &Cancel,
    changed: Arc<impl Fn() + Send + Sync + 'static>,
) -> JobEnd {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return JobEnd::Failed(format!("starting the async runtime: {error}")),
    };
    let (events, mut received) = mpsc::unbounded_channel();
    let result = runtime.block_on(async {
        let listener_state = Arc::clone(state);
        let listener = tokio::spawn(async move {
            while let Some(event) = received.recv().await {
                {
                    let mut state = lock(&listener_state);
                    match event {
                        SyncEvent::Identity { account_id, arn } => {
                            state.identity = Some((account_id, arn));
                        }
                        SyncEvent::Regions(regions) => state.regions = regions,
                        SyncEvent::Region(progress) => {
                            state.progress.insert(progress.key(), progress);
                        }
                        SyncEvent::Warning(warning) => state.warnings.push(warning),
                        SyncEvent::Accounts(accounts) => state.accounts = accounts,
                        SyncEvent::AccountFinished(account) => {
                            state.accounts_finished.push(account);
                        }
                    }
                }
                changed();
            }
        });
        let result = sync_estate(options, events, cancel.clone()).await;
        let _ = listener.await;
        result
    });
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(crate::run::SyncError::Cancelled) => return JobEnd::Cancelled,
        Err(error) => return JobEnd::Failed(error.to_string()),
    };
    match store(db, &outcome, cancel) {
        Ok(Some(snapshot_id)) => JobEnd::Stored {
            snapshot_id,
            entity_count: outcome.estate.entity_count(),
            warning_count: outcome.meta.warnings.len(),
            elapsed: outcome.elapsed,
        },
        Ok(None) => JobEnd::Cancelled,
        Err(error) => JobEnd::Failed(format!("{error:#}")),
    }
}
