//! The embedded catalogs: where every Region, Local Zone and Wavelength Zone is, and what
//! Outposts hardware can be ordered.
//!
//! AWS's APIs say which zones exist but not where they are, and nothing about rack hardware
//! before an order. The catalogs in `assets/catalog/` fill that gap, each with its sources and
//! date. They are a starting point, not the truth: [`merge`] combines them with what a snapshot
//! observed, and a zone the catalog lacks still appears (flagged, without coordinates), never
//! as an error.

pub mod countries;
pub mod hardware;
pub mod locations;
pub mod merge;
pub mod sources;

pub use hardware::{AggregationRack, HardwareCatalog, HostType, InstanceSize, RackConfiguration};
pub use locations::{LocationCatalog, RegionInfo, ZoneInfo, ZoneStatus};
pub use merge::{Location, LocationKind, merge};

/// Why an embedded catalog could not be read (a packaging defect, reported, never panicked on).
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A CSV catalog file is malformed.
    #[error("embedded catalog {file}: {source}")]
    Csv {
        /// The asset's file name.
        file: &'static str,
        /// The parser's error.
        source: csv::Error,
    },
    /// The TOML hardware catalog is malformed.
    #[error("embedded catalog {file}: {source}")]
    Toml {
        /// The asset's file name.
        file: &'static str,
        /// The parser's error.
        source: toml::de::Error,
    },
}
