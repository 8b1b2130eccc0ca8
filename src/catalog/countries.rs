//! Which country a point is in, from the Natural Earth 1:110m country outlines shipped in
//! `assets/world/` (notice beside them), and which ISO 3166 alpha-2 codes Edge Atlas knows.
//!
//! At 1:110m small countries have no outline of their own or sit inside a neighbour's
//! (Singapore falls in Malaysia's outline; Bahrain and Hong Kong have none). So a point within
//! 25 km of a catalog metro takes that metro's country; otherwise the outlines decide; a point
//! outside every outline takes the nearest catalog metro's country within 60 km, and is
//! otherwise unknown, never guessed.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::LocationCatalog;

const COUNTRIES_GEOJSON: &str = include_str!("../../assets/world/countries-110m.geojson");

/// One country's outline, as rings of (lon, lat) with a bounding box.
struct CountryShape {
    iso_a2: String,
    /// Polygons, each a list of rings (outer first, then holes).
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
    bbox: [f64; 4],
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
                let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                for point in polygons.iter().flatten().flatten() {
                    bbox = [
                        bbox[0].min(point[0]),
                        bbox[1].min(point[1]),
                        bbox[2].max(point[0]),
                        bbox[3].max(point[1]),
                    ];
                }
                Some(CountryShape {
                    iso_a2,
                    polygons,
                    bbox,
                })
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

/// Even-odd ray casting: is (lon, lat) inside the ring?
fn in_ring(ring: &[[f64; 2]], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    let mut previous = match ring.last() {
        Some(p) => *p,
        None => return false,
    };
    for point in ring {
        if (point[1] > lat) != (previous[1] > lat) {
            let x = previous[0]
                + (lat - previous[1]) * (point[0] - previous[0]) / (point[1] - previous[1]);
            if lon < x {
                inside = !inside;
            }
        }
        previous = *point;
    }
    inside
}

/// The ISO 3166 alpha-2 country at (lat, lon): a catalog metro's within 25 km, else the
/// outlines', else the nearest catalog metro's within 60 km, else `None`.
pub fn country_at(lat: f64, lon: f64, catalog: &LocationCatalog) -> Option<String> {
    let nearest_metro = catalog
        .regions
        .iter()
        .map(|r| (r.lat, r.lon, r.country.as_str()))
        .chain(
            catalog
                .zones
                .iter()
                .filter_map(|z| Some((z.lat?, z.lon?, z.country.as_str()))),
        )
        .map(|(la, lo, country)| (great_circle_km(lat, lon, la, lo), country))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((km, country)) = nearest_metro
        && km <= 25.0
    {
        return Some(country.to_owned());
    }
    for shape in shapes() {
        let [min_lon, min_lat, max_lon, max_lat] = shape.bbox;
        if lon < min_lon || lon > max_lon || lat < min_lat || lat > max_lat {
            continue;
        }
        let hit = shape.polygons.iter().any(|rings| {
            rings.first().is_some_and(|outer| in_ring(outer, lon, lat))
                && !rings.iter().skip(1).any(|hole| in_ring(hole, lon, lat))
        });
        if hit {
            return Some(shape.iso_a2.clone());
        }
    }
    nearest_metro
        .filter(|(km, _)| *km <= 60.0)
        .map(|(_, country)| country.to_owned())
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
    fn points_fall_in_their_countries() {
        let catalog = LocationCatalog::embedded().expect("catalog");
        assert!(shapes().len() > 170, "outlines parse");
        assert_eq!(
            country_at(41.88, -87.63, catalog).as_deref(),
            Some("US"),
            "Chicago"
        );
        assert_eq!(
            country_at(50.11, 8.68, catalog).as_deref(),
            Some("DE"),
            "Frankfurt"
        );
        assert_eq!(
            country_at(-12.05, -77.04, catalog).as_deref(),
            Some("PE"),
            "Lima"
        );
        assert_eq!(
            country_at(1.35, 103.82, catalog).as_deref(),
            Some("SG"),
            "Singapore, by its metro"
        );
        assert_eq!(
            country_at(3.139, 101.69, catalog).as_deref(),
            Some("MY"),
            "Kuala Lumpur"
        );
        assert_eq!(
            country_at(47.0, 2.0, catalog).as_deref(),
            Some("FR"),
            "rural France, by outline"
        );
        assert_eq!(country_at(0.0, -140.0, catalog), None, "mid-Pacific");
        assert!(known_country_codes(catalog).contains("BH"));
    }

    #[test]
    fn distances_are_great_circle_km() {
        let chicago_to_ohio = great_circle_km(41.88, -87.63, 39.96, -83.0);
        assert!((chicago_to_ohio - 443.0).abs() < 15.0, "{chicago_to_ohio}");
    }
}
