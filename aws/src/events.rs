//! The progress of a sync as a stream of events, for the CLI's progress bar and the app's
//! Sync view alike.

use edge_atlas::model::Warning;

/// Something that happened during a sync, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// The credentials work: STS answered with this account and principal.
    Identity {
        /// The 12-digit account id.
        account_id: String,
        /// The caller's ARN.
        arn: String,
    },
    /// The Regions that will be synced.
    Regions(Vec<String>),
    /// A Region's counts changed.
    Region(RegionProgress),
    /// A call failed for good (after retries); the sync goes on without it.
    Warning(Warning),
}

/// One Region's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionProgress {
    /// The Region.
    pub region: String,
    /// Calls (pages included) finished, successfully or not.
    pub calls_done: u32,
    /// Calls known so far; grows as dependent calls are planned.
    pub calls_total: u32,
    /// Entities found so far.
    pub entities: u32,
    /// Calls that failed for good.
    pub errors: u32,
    /// Whether the Region is done.
    pub finished: bool,
}
