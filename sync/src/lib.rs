//! Syncs an AWS estate into Edge Atlas's model through `aws-config` and the AWS SDK.
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
//! [`ec2`] and [`outposts`] turn SDK output into model entities; [`cli`] is the `edge-atlas
//! sync` command (progress bar, storing the snapshot, exit codes); [`job`] runs a sync in the
//! background for the app; [`profiles`] lists the profiles of the user's AWS config.

pub mod cli;
pub mod ec2;
pub mod events;
pub mod failure;
pub mod job;
pub mod options;
pub mod outposts;
pub mod profiles;
pub mod region;
pub mod run;

pub use events::{RegionProgress, SyncEvent};
pub use options::SyncOptions;
pub use run::{Cancel, SyncError, SyncOutcome, sync_estate};
