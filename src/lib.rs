//! Edge Atlas: explore, plan and report on AWS hybrid-edge estates.
//!
//! The library holds everything the desktop app and the command line show, so that every
//! feature can be tested without a window. Data flows one way:
//!
//! ```text
//! demo / import / sync     ->  model::Estate  ->  store (SQLite snapshots, history, overlay)
//!                                    \-> catalog (where locations are; Outposts hardware)
//!                                    \-> diff, validate            ->  cli / app
//! ```
//!
//! - [`model`]: plain serde data, one type per AWS concept, and the site overlay.
//! - [`store`]: the SQLite cache of snapshots; migrations, history, crash-safe writes.
//! - [`catalog`]: the embedded location and hardware catalogs, merged with what was observed.
//! - [`demo`]: the embedded demo estate and the synthetic generator for scale tests.
//! - [`snapshot_file`], [`validate`], [`diff`]: export / import and comparison of snapshots.
//! - [`fleet`]: one estate from many accounts' reads (an organisation sync), a resource shared
//!   through AWS RAM kept once, as its owner's, with the accounts that see it.
//! - [`summary`]: the at-a-glance overview the app shows.
//! - [`elevation`]: each Outpost's racks as installed, matched to the catalog, against the
//!   site's power and weight limits.
//! - [`host_usage`]: per Outposts host, the slots configured, used and free, the instances
//!   sharing it and the capacity tasks changing it.
//! - [`topology`], [`layout`], [`planner`]: the estate graph and rack networks, positions,
//!   placement and rack planning.
//! - [`scene`]: the one drawing model views build and every renderer (egui, SVG) draws.
//! - [`inventory`]: a snapshot's entities as records and table columns, with the catalogs.
//! - [`workspace`]: one snapshot opened with its overlay and topology, and the demo stored,
//!   the one way the CLI and the app do both.
//! - [`report`], [`export`]: placement reports (HTML, PDF, Markdown, CSV, JSON) and exports of
//!   pictures and inventories (SVG, PNG, CSV); [`fonts`]: the fonts they draw with.
//! - [`connect`]: the plan of an EC2 Instance Connect connection (address by vantage point,
//!   OS user, the AZ parameter, the ssh argument vector), made before anything is sent.
//! - [`xml`]: XML escaping for every XML document written (GraphML, SVG, the emulator).
//!
//! The command line and the desktop app live in the `edge-atlas-app` crate, the AWS calls in
//! `edge-atlas-aws`: this library has no argument parser, no window and no AWS SDK.

pub mod catalog;
pub mod connect;
pub mod demo;
pub mod diff;
pub mod elevation;
pub mod export;
pub mod fleet;
pub mod fonts;
pub mod host_usage;
pub mod inventory;
pub mod layout;
pub mod model;
pub mod planner;
pub mod report;
pub mod scene;
pub mod snapshot_file;
pub mod store;
pub mod summary;
pub mod topology;
pub mod validate;
pub mod workspace;
pub mod xml;
