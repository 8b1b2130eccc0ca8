//! Which country a point is in, and which ISO 3166 alpha-2 codes Edge Atlas knows.
//!
//! A point's country comes from a reverse country geocoder made for borders: the
//! `country-boundaries` crate's OpenStreetMap boundaries (data (c) OpenStreetMap contributors,
//! ODbL; see the README), which put Windsor in Canada, Johor Bahru in Malaysia and Singapore in
//! Singapore. It answers with ids from the most specific (`US-TX`) to the country (`US`); the
//! ISO 3166-1 alpha-2 one is taken. A point in no country (the open sea) is unknown, never
//! guessed, and nearness to a catalog metro never decides. The Natural Earth 1:110m outlines in
//! `assets/world/` (notice beside them) are only drawn, on the map.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use country_boundaries::{BOUNDARIES_ODBL_360X180, CountryBoundaries, LatLon};
use serde::Deserialize;

use super::LocationCatalog;

const COUNTRIES_GEOJSON: &str = include_str!("../../assets/world/countries-110m.geojson");

/// One country's outline, as rings of (lon, lat).
struct CountryShape {
    iso_a2: String,
    /// Polygons, each a list of rings (outer first, then holes).
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    #[serde(default)]
    iso_a2: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

fn shapes() -> &'static [CountryShape] {
    static SHAPES: OnceLock<Vec<CountryShape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        // A malformed embedded asset is a packaging defect caught by the tests; at run time it
        // degrades to "country unknown", never a panic.
        let Ok(collection) = serde_json::from_str::<FeatureCollection>(COUNTRIES_GEOJSON) else {
            return Vec::new();
        };
        collection
            .features
            .into_iter()
            .filter_map(|feature| {
                let iso_a2 = feature.properties.iso_a2.filter(|c| c.len() == 2)?;
                let polygons = match feature.geometry {
                    Geometry::Polygon(rings) => vec![rings],
                    Geometry::MultiPolygon(polygons) => polygons,
                };
                Some(CountryShape { iso_a2, polygons })
            })
            .collect()
    })
}

/// The outer ring of every country polygon, as (lon, lat) points: the land outlines the map
/// draws. A few rings (Fiji, Chukotka) step across the antimeridian; drawers split them.
pub fn land_outlines() -> impl Iterator<Item = &'static [[f64; 2]]> {
    shapes()
        .iter()
        .flat_map(|shape| shape.polygons.iter())
        .filter_map(|polygon| polygon.first().map(Vec::as_slice))
}

/// The OpenStreetMap boundaries, read once (a few milliseconds).
fn boundaries() -> Option<&'static CountryBoundaries> {
    static BOUNDARIES: OnceLock<Option<CountryBoundaries>> = OnceLock::new();
    BOUNDARIES
        .get_or_init(|| CountryBoundaries::from_reader(BOUNDARIES_ODBL_360X180).ok())
        .as_ref()
}

/// The ISO 3166-1 alpha-2 country at (lat, lon), or `None` at sea or for invalid coordinates.
pub fn country_at(lat: f64, lon: f64) -> Option<String> {
    let point = LatLon::new(lat, lon).ok()?;
    boundaries()?
        .ids(point)
        .into_iter()
        .find(|id| id.len() == 2 && id.bytes().all(|b| b.is_ascii_uppercase()))
        .map(str::to_owned)
}

/// Every ISO 3166 alpha-2 code Edge Atlas can place: the outlines' and the catalog's.
pub fn known_country_codes(catalog: &LocationCatalog) -> BTreeSet<String> {
    shapes()
        .iter()
        .map(|s| s.iso_a2.clone())
        .chain(catalog.regions.iter().map(|r| r.country.clone()))
        .chain(catalog.zones.iter().map(|z| z.country.clone()))
        .collect()
}

/// Great-circle distance in km (haversine, mean Earth radius 6371 km).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_borders_fall_in_their_own_countries() {
        for (lat, lon, country, what) in [
            (41.88, -87.63, "US", "Chicago"),
            (50.11, 8.68, "DE", "Frankfurt"),
            (-12.05, -77.04, "PE", "Lima"),
            (1.29, 103.85, "SG", "Singapore's centre"),
            (
                1.4927,
                103.7414,
                "MY",
                "Johor Bahru, across the strait from Singapore",
            ),
            (
                42.3149,
                -83.0364,
                "CA",
                "Windsor, Ontario, across the river from Detroit",
            ),
            (42.3314, -83.0458, "US", "Detroit"),
            (48.5767, 7.8156, "DE", "Kehl"),
            (48.5734, 7.7521, "FR", "Strasbourg"),
            (22.5431, 114.0579, "CN", "Shenzhen"),
            (22.3193, 114.1694, "HK", "Hong Kong"),
            (3.139, 101.69, "MY", "Kuala Lumpur"),
            (26.23, 50.59, "BH", "Manama"),
        ] {
            assert_eq!(country_at(lat, lon).as_deref(), Some(country), "{what}");
        }
        assert_eq!(country_at(0.0, -140.0), None, "mid-Pacific");
        assert_eq!(country_at(91.0, 0.0), None, "not a coordinate");
        let catalog = LocationCatalog::embedded().expect("catalog");
        assert!(known_country_codes(catalog).contains("BH"));
    }

    #[test]
    fn distances_are_great_circle_km() {
        let chicago_to_ohio = great_circle_km(41.88, -87.63, 39.96, -83.0);
        assert!((chicago_to_ohio - 443.0).abs() < 15.0, "{chicago_to_ohio}");
    }
}
