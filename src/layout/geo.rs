//! Geographic layout: where Regions, zones, sites and Outposts are, from the location catalog
//! merged with the snapshot; sites by their city, else at their Outposts' home Region.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::catalog::{LocationCatalog, merge};
use crate::model::Estate;
use crate::topology::{NodeKind, Topology};

/// A node at a place on the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GeoPoint {
    /// The node (serialised as its index).
    #[serde(skip)]
    pub node: NodeIndex,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Equirectangular projection: x = longitude, y = -latitude (y down).
    pub position: [f32; 2],
    /// Where the coordinates come from: `catalog`, `catalog-group`, `region`, `site-city`,
    /// `home-region`.
    pub source: &'static str,
}

/// Projects longitude / latitude to layout units (x = lon, y = -lat).
pub fn project(lon: f64, lat: f64) -> [f32; 2] {
    [lon as f32, -lat as f32]
}

/// Places every Region, zone, site and Outpost whose location is known.
pub fn geographic(
    topology: &Topology,
    estate: &Estate,
    catalog: &LocationCatalog,
) -> Vec<GeoPoint> {
    let locations = merge(catalog, estate);
    let mut points = Vec::new();
    let place =
        |points: &mut Vec<GeoPoint>, node: NodeIndex, lon: f64, lat: f64, source: &'static str| {
            points.push(GeoPoint {
                node,
                lon,
                lat,
                position: project(lon, lat),
                source,
            });
        };
    for location in &locations {
        if let (Some(node), Some(lat), Some(lon)) =
            (topology.find(&location.name), location.lat, location.lon)
        {
            place(
                &mut points,
                node,
                lon,
                lat,
                location.coordinates_from.unwrap_or("catalog"),
            );
        }
    }
    let city_of = |city: &str| {
        let city = city.to_lowercase();
        catalog
            .zones
            .iter()
            .filter_map(|z| Some((z.metro.as_str(), z.lat?, z.lon?)))
            .chain(
                catalog
                    .regions
                    .iter()
                    .map(|r| (r.metro.as_str(), r.lat, r.lon)),
            )
            .find(|(metro, _, _)| {
                metro
                    .split(',')
                    .next()
                    .is_some_and(|c| c.trim().to_lowercase() == city)
            })
            .map(|(_, lat, lon)| (lat, lon))
    };
    let region_at = |region: &str| {
        locations
            .iter()
            .find(|l| l.name == region)
            .and_then(|l| Some((l.lat?, l.lon?)))
    };
    for site in &estate.sites {
        let Some(node) = topology.find(&site.site_id) else {
            continue;
        };
        let home = estate
            .outposts
            .iter()
            .find(|o| o.site_id == site.site_id)
            .map_or(site.region.as_str(), |o| o.region.as_str());
        let found = site
            .operating_address_city
            .as_deref()
            .and_then(city_of)
            .map(|c| (c, "site-city"));
        if let Some(((lat, lon), source)) =
            found.or_else(|| region_at(home).map(|c| (c, "home-region")))
        {
            place(&mut points, node, lon, lat, source);
        }
    }
    let placed_sites: Vec<(String, f64, f64, &'static str)> = points
        .iter()
        .filter(|p| topology.node(p.node).kind == NodeKind::Site)
        .map(|p| (topology.node(p.node).id.clone(), p.lat, p.lon, p.source))
        .collect();
    for outpost in &estate.outposts {
        let Some(node) = topology.find(&outpost.outpost_id) else {
            continue;
        };
        if let Some((_, lat, lon, source)) =
            placed_sites.iter().find(|(id, ..)| *id == outpost.site_id)
        {
            place(&mut points, node, *lon, *lat, source);
        }
    }
    points
}
