//! Everything Edge Atlas asks of AWS, through `aws-config` and the AWS SDK: syncing an estate
//! into the model, and the Instance Connect calls of `edge-atlas connect` ([`connect`]).
//!
//! This is the only crate that calls AWS (and so the only one that compiles the SDK). A sync
//! checks the credentials with STS first ([`run`]), lists the Regions, then syncs the Regions
//! concurrently, each Region's calls as concurrently as their dependencies allow ([`region`]),
//! under two bounds: Regions at once and calls in flight per Region. Calls retry with the SDK's
//! standard retry mode (`AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`); a call that still fails becomes a
//! [`edge_atlas::model::Warning`] naming the Region, the call and, for permission errors, the
//! IAM action to grant ([`failure`]), and the sync goes on. Progress is a stream of
//! [`events::SyncEvent`]s; a sync can be cancelled at any point and then returns nothing.
//!
//! An organisation sync ([`fleet`]) reads many accounts the same way: the accounts from AWS
//! Organizations ([`organization`]) or role ARNs, each entered through STS `AssumeRole`
//! ([`assume_role`]), merged into one estate in which a resource shared through AWS RAM
//! appears once ([`edge_atlas::fleet`]). A fleet sync through AWS Config ([`config_fleet`])
//! takes instances, VPCs, subnets and carrier gateways from one aggregator query
//! ([`config_aggregator`]) and reads the rest directly only where the edge is.
//!
//! [`ec2`] and [`outposts`] turn SDK output into model entities; [`job`] runs a sync in the
//! background for the app and stores its snapshot ([`job::store`], also what `edge-atlas sync`
//! calls); [`profiles`] lists the profiles of the user's AWS config; [`connect`] makes the
//! AWS calls of `edge-atlas connect` (the live state, the Instance Connect key push). The `edge-atlas sync`
//! command itself (flags, progress bar, exit codes) is the app crate's `cli::sync`, which maps
//! its flags onto [`SyncOptions`].

pub mod assume_role;
pub mod config_aggregator;
pub mod config_fleet;
pub mod connect;
pub mod ec2;
pub mod events;
pub mod failure;
pub mod fleet;
pub mod job;
pub mod options;
pub mod organization;
pub mod outposts;
pub mod profiles;
pub mod rate_limit;
pub mod region;
pub mod retry;
pub mod run;

pub use events::{AccountProgress, RegionProgress, SyncEvent};
pub use options::{AccountSelection, SyncOptions};
pub use run::{Cancel, SyncError, SyncOutcome, sync_estate};
