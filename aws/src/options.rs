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
    /// Which accounts to read.
    pub accounts: AccountSelection,
    /// Accounts read at once (an organisation sync; each runs its Regions under the Region
    /// and call bounds above).
    pub account_concurrency: usize,
}

/// Which accounts a sync reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AccountSelection {
    /// The credentials' own account.
    #[default]
    Caller,
    /// The organisation's `ACTIVE` accounts, listed with AWS Organizations; the caller's own
    /// account with its own credentials, every other through `role_name`.
    Organization {
        /// The role assumed in each member account.
        role_name: String,
        /// The external id the roles' trust policies ask for, if any.
        external_id: Option<String>,
        /// Only these accounts (empty: all).
        only: Vec<String>,
        /// Never these accounts.
        exclude: Vec<String>,
        /// Only the accounts of this organisational unit and the units below it.
        organizational_unit: Option<String>,
    },
    /// The caller's account and one role ARN or shared-config profile per further account,
    /// for estates outside an organisation (or without access to its management account).
    Roles {
        /// `arn:aws:iam::ACCOUNT:role/NAME`, one per account.
        role_arns: Vec<String>,
        /// Further profiles, each read with its own credentials (the caller's is
        /// [`SyncOptions::profile`]).
        profiles: Vec<String>,
        /// The external id the roles' trust policies ask for, if any.
        external_id: Option<String>,
    },
    /// Every account an AWS Config aggregator records: instances, VPCs, subnets and carrier
    /// gateways from the aggregator, and the rest directly, only in the accounts and Regions
    /// that own Outposts or use Local or Wavelength Zones ([`crate::config_fleet`]).
    ConfigAggregator {
        /// The aggregator's name.
        name: String,
        /// The aggregator's Region (`None`: the caller's home Region).
        region: Option<String>,
        /// The role assumed in each edge account.
        role_name: String,
        /// The external id the roles' trust policies ask for, if any.
        external_id: Option<String>,
    },
}

/// The role AWS Organizations creates in every account it creates; the README recommends a
/// read-only role deployed with CloudFormation StackSets instead.
pub const DEFAULT_ROLE_NAME: &str = "OrganizationAccountAccessRole";

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
            accounts: AccountSelection::Caller,
            // With 40 Regions and 8 calls each per account, 8 accounts keep a few thousand
            // requests in flight: as much as one machine's sync should push.
            account_concurrency: 8,
        }
    }
}
