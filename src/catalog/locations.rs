//! The location catalog: Regions, Local Zones and Wavelength Zones with metro, country and
//! approximate coordinates, parsed once from `assets/catalog/*.csv`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::CatalogError;
use crate::model::ZoneType;

pub(crate) const REGIONS_CSV: &str = include_str!("../../assets/catalog/regions.csv");
pub(crate) const EDGE_ZONES_CSV: &str = include_str!("../../assets/catalog/edge-zones.csv");

/// A Region of the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionInfo {
    /// Region code, e.g. `us-west-2`.
    pub region: String,
    /// AWS's display name.
    pub name: String,
    /// The metro the Region is near, e.g. `Boardman, OR`.
    pub metro: String,
    /// ISO 3166 alpha-2 country.
    pub country: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Whether the Region has an Outposts API endpoint.
    #[serde(deserialize_with = "yes_no")]
    pub outposts_endpoint: bool,
}

/// A Local Zone or Wavelength Zone of the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZoneInfo {
    /// Zone name, e.g. `us-west-2-lax-1a`.
    pub zone_name: String,
    /// Network border group.
    pub network_border_group: String,
    /// Local Zone or Wavelength Zone.
    pub zone_type: ZoneType,
    /// The parent Region.
    pub parent_region: String,
    /// The metro served, e.g. `Los Angeles, CA`.
    pub metro: String,
    /// ISO 3166 alpha-2 country.
    pub country: String,
    /// Latitude in degrees, when known.
    pub lat: Option<f64>,
    /// Longitude in degrees, when known.
    pub lon: Option<f64>,
    /// The carrier of a Wavelength Zone.
    pub carrier: Option<String>,
    /// How good the coordinates are, e.g. `city-centre`.
    pub coord_quality: Option<String>,
    /// Whether AWS still lists the zone.
    pub status: ZoneStatus,
    /// Whether the row was checked against AWS's own lists (`no`: see `note`).
    #[serde(deserialize_with = "yes_no")]
    pub confirmed: bool,
    /// A caveat, when the row is uncertain.
    pub note: Option<String>,
}

/// Whether AWS still lists a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneStatus {
    /// In AWS's current list: a candidate like any other.
    Active,
    /// No longer in AWS's list: kept for the coordinates of estates that still have it, drawn
    /// apart, never recommended.
    Retired,
}

impl ZoneStatus {
    /// `active` or `retired`.
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneStatus::Active => "active",
            ZoneStatus::Retired => "retired",
        }
    }
}

impl ZoneInfo {
    /// Whether AWS no longer lists the zone.
    pub fn is_retired(&self) -> bool {
        self.status == ZoneStatus::Retired
    }
}

fn yes_no<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let text = String::deserialize(deserializer)?;
    match text.as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(serde::de::Error::custom(format!(
            "expected yes or no, found `{other}`"
        ))),
    }
}

/// Every Region, Local Zone and Wavelength Zone the embedded catalog knows.
#[derive(Clone, Debug, PartialEq)]
pub struct LocationCatalog {
    /// Regions, in file order.
    pub regions: Vec<RegionInfo>,
    /// Local and Wavelength Zones, in file order.
    pub zones: Vec<ZoneInfo>,
}

impl LocationCatalog {
    /// The embedded catalog, parsed on first use.
    pub fn embedded() -> Result<&'static LocationCatalog, &'static CatalogError> {
        static CATALOG: OnceLock<Result<LocationCatalog, CatalogError>> = OnceLock::new();
        CATALOG
            .get_or_init(LocationCatalog::parse_embedded)
            .as_ref()
    }

    fn parse_embedded() -> Result<LocationCatalog, CatalogError> {
        Ok(LocationCatalog {
            regions: parse_csv("regions.csv", REGIONS_CSV)?,
            zones: parse_csv("edge-zones.csv", EDGE_ZONES_CSV)?,
        })
    }

    /// The Region with this code.
    pub fn region(&self, code: &str) -> Option<&RegionInfo> {
        self.regions.iter().find(|region| region.region == code)
    }

    /// The Local or Wavelength Zone with this name.
    pub fn zone(&self, zone_name: &str) -> Option<&ZoneInfo> {
        self.zones.iter().find(|zone| zone.zone_name == zone_name)
    }
}

fn parse_csv<T: for<'de> Deserialize<'de>>(
    file: &'static str,
    text: &str,
) -> Result<Vec<T>, CatalogError> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|source| CatalogError::Csv { file, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalog_has_every_region_and_edge_zone() {
        let catalog = LocationCatalog::embedded().expect("embedded catalog parses");
        assert!(
            catalog.regions.len() >= 34,
            "{} regions",
            catalog.regions.len()
        );
        assert!(catalog.zones.len() >= 77, "{} zones", catalog.zones.len());
        let lax = catalog.zone("us-west-2-lax-1a").expect("LAX local zone");
        assert_eq!(lax.zone_type, ZoneType::LocalZone);
        assert_eq!(lax.parent_region, "us-west-2");
        let bos = catalog
            .zone("us-east-1-wl1-bos-wlz-1")
            .expect("Boston wavelength zone");
        assert_eq!(bos.zone_type, ZoneType::WavelengthZone);
        assert!(bos.carrier.is_some());
        assert!(
            !catalog
                .region("ca-west-1")
                .expect("Calgary")
                .outposts_endpoint
        );
        for zone in &catalog.zones {
            assert!(
                catalog.region(&zone.parent_region).is_some(),
                "{} has a known parent",
                zone.zone_name
            );
        }
    }
}
