//! Merges the location catalog with what a snapshot observed.
//!
//! The result has one [`Location`] per Region and zone known to either side: observed ones carry
//! the catalog's metro, country and coordinates when it has them (Availability Zones take their
//! Region's), and are flagged `in_catalog: false` when it does not; catalog ones the snapshot
//! did not see are flagged `in_snapshot: false`. Nothing the catalog lacks is ever an error.

use std::collections::BTreeMap;

use serde::Serialize;

use super::LocationCatalog;
use super::locations::ZoneStatus;
use crate::model::{Estate, OptInStatus, ZoneType};

/// What kind of location.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocationKind {
    /// A Region.
    Region,
    /// A zone, by its AWS zone type (unknown types kept).
    Zone(ZoneType),
}

/// A Region or zone, merged from the catalog and a snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Location {
    /// Region code or zone name.
    pub name: String,
    /// Region or which kind of zone.
    pub kind: LocationKind,
    /// The Region (itself, for a Region).
    pub region: String,
    /// The parent zone of a Local or Wavelength Zone, when observed.
    pub parent_zone_name: Option<String>,
    /// The metro, when known.
    pub metro: Option<String>,
    /// ISO 3166 alpha-2 country, when known.
    pub country: Option<String>,
    /// Latitude in degrees, when known.
    pub lat: Option<f64>,
    /// Longitude in degrees, when known.
    pub lon: Option<f64>,
    /// Where the coordinates come from: `catalog`, `catalog-group` (another zone of the same
    /// network border group) or `region` (an Availability Zone placed at its Region).
    pub coordinates_from: Option<&'static str>,
    /// The carrier of a Wavelength Zone, when known.
    pub carrier: Option<String>,
    /// Opt-in status, when observed.
    pub opt_in_status: Option<OptInStatus>,
    /// Whether the catalog knows the location.
    pub in_catalog: bool,
    /// Whether the snapshot observed the location.
    pub in_snapshot: bool,
    /// The catalog's caveat, if any.
    pub note: Option<String>,
    /// For a zone the catalog knows: whether AWS still lists it.
    pub status: Option<ZoneStatus>,
    /// For a zone the catalog knows: whether its row was checked against AWS's lists.
    pub confirmed: Option<bool>,
}

/// Merges `catalog` with `estate`; Regions first, then zones, each sorted by name.
pub fn merge(catalog: &LocationCatalog, estate: &Estate) -> Vec<Location> {
    let mut regions: BTreeMap<String, Location> = BTreeMap::new();
    for info in &catalog.regions {
        regions.insert(
            info.region.clone(),
            Location {
                name: info.region.clone(),
                kind: LocationKind::Region,
                region: info.region.clone(),
                parent_zone_name: None,
                metro: Some(info.metro.clone()),
                country: Some(info.country.clone()),
                lat: Some(info.lat),
                lon: Some(info.lon),
                coordinates_from: Some("catalog"),
                carrier: None,
                opt_in_status: None,
                in_catalog: true,
                in_snapshot: false,
                note: None,
                status: None,
                confirmed: None,
            },
        );
    }
    for region in &estate.regions {
        let entry = regions
            .entry(region.region_name.clone())
            .or_insert_with(|| Location {
                name: region.region_name.clone(),
                kind: LocationKind::Region,
                region: region.region_name.clone(),
                parent_zone_name: None,
                metro: None,
                country: None,
                lat: None,
                lon: None,
                coordinates_from: None,
                carrier: None,
                opt_in_status: None,
                in_catalog: false,
                in_snapshot: true,
                note: None,
                status: None,
                confirmed: None,
            });
        entry.in_snapshot = true;
        entry.opt_in_status = Some(region.opt_in_status.clone());
    }

    let mut zones: BTreeMap<String, Location> = BTreeMap::new();
    for zone in &estate.zones {
        let by_name = catalog.zone(&zone.zone_name);
        let by_group = || {
            catalog
                .zones
                .iter()
                .find(|z| z.network_border_group == zone.network_border_group)
        };
        let (info, coordinates_from) = match (by_name, zone.zone_type == ZoneType::AvailabilityZone)
        {
            (Some(info), _) => (Some(info), Some("catalog")),
            (None, false) => match by_group() {
                Some(info) => (Some(info), Some("catalog-group")),
                None => (None, None),
            },
            (None, true) => (None, Some("region")),
        };
        let home = regions.get(&zone.region_name);
        let (metro, country, lat, lon) = match (info, coordinates_from) {
            (Some(info), _) => (
                Some(info.metro.clone()),
                Some(info.country.clone()),
                info.lat,
                info.lon,
            ),
            (None, Some("region")) => (
                home.and_then(|r| r.metro.clone()),
                home.and_then(|r| r.country.clone()),
                home.and_then(|r| r.lat),
                home.and_then(|r| r.lon),
            ),
            _ => (None, None, None, None),
        };
        zones.insert(
            zone.zone_name.clone(),
            Location {
                name: zone.zone_name.clone(),
                kind: LocationKind::Zone(zone.zone_type.clone()),
                region: zone.region_name.clone(),
                parent_zone_name: zone.parent_zone_name.clone(),
                metro,
                country,
                lat,
                lon,
                coordinates_from: if lat.is_some() {
                    coordinates_from
                } else {
                    None
                },
                carrier: info.and_then(|i| i.carrier.clone()),
                opt_in_status: Some(zone.opt_in_status.clone()),
                in_catalog: by_name.is_some()
                    || zone.zone_type == ZoneType::AvailabilityZone
                        && home.is_some_and(|r| r.in_catalog),
                in_snapshot: true,
                note: info.and_then(|i| i.note.clone()),
                status: info.map(|i| i.status),
                confirmed: info.map(|i| i.confirmed),
            },
        );
    }
    for info in &catalog.zones {
        zones
            .entry(info.zone_name.clone())
            .or_insert_with(|| Location {
                name: info.zone_name.clone(),
                kind: LocationKind::Zone(info.zone_type.clone()),
                region: info.parent_region.clone(),
                parent_zone_name: None,
                metro: Some(info.metro.clone()),
                country: Some(info.country.clone()),
                lat: info.lat,
                lon: info.lon,
                coordinates_from: info.lat.map(|_| "catalog"),
                carrier: info.carrier.clone(),
                opt_in_status: None,
                in_catalog: true,
                in_snapshot: false,
                note: info.note.clone(),
                status: Some(info.status),
                confirmed: Some(info.confirmed),
            });
    }
    regions.into_values().chain(zones.into_values()).collect()
}
