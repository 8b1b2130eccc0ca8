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
    /// An organisation sync: the accounts it will read, with their names.
    Accounts(Vec<(String, String)>),
    /// An organisation sync finished reading one account.
    AccountFinished(AccountProgress),
}

/// One account of an organisation sync, once read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountProgress {
    /// The account.
    pub account_id: String,
    /// Whether anything was read (false: the role could not be assumed, or every Region
    /// failed; a warning says why).
    pub read: bool,
    /// Entities found in it.
    pub entities: u32,
    /// Warnings met in it.
    pub warnings: u32,
}

/// One Region's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionProgress {
    /// The account the Region is read in.
    pub account_id: String,
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

impl RegionProgress {
    /// What tells one Region's progress from another's: the account and the Region.
    pub fn key(&self) -> (String, String) {
        (self.account_id.clone(), self.region.clone())
    }
}
