//! What a sync reads and how hard it may push.

use std::time::Duration;

/// Options of one sync; [`SyncOptions::default`] is what `edge-atlas sync` does without flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOptions {
    /// The shared-config profile; `None` uses the standard chain (environment, default profile,
    /// SSO, `credential_process`, web identity, instance metadata).
    pub profile: Option<String>,
    /// Regions to sync; empty means every Region enabled for the account.
    pub regions: Vec<String>,
    /// One endpoint for every service (emulators, private endpoints); `AWS_ENDPOINT_URL` is
    /// also honoured by the SDK when this is `None`.
    pub endpoint_url: Option<String>,
    /// Regions synced at once.
    pub region_concurrency: usize,
    /// Requests in flight per Region (pages count one by one).
    pub calls_per_region: usize,
    /// `MaxResults` asked of paginated EC2 calls (5-1000).
    pub page_size: u32,
    /// Attempts per request that meets throttling or a server error ([`crate::retry`]; the
    /// SDK's own retries are off, so `AWS_MAX_ATTEMPTS` does not apply).
    pub max_attempts: u32,
    /// The time all retries of the sync together may wait for; past it, a request that still
    /// fails becomes a warning.
    pub retry_budget: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            profile: None,
            regions: Vec::new(),
            endpoint_url: None,
            // AWS has 34 commercial Regions: a normal account's enabled Regions all run at once.
            region_concurrency: 40,
            calls_per_region: 8,
            page_size: 1000,
            max_attempts: 10,
            retry_budget: Duration::from_secs(600),
        }
    }
}
