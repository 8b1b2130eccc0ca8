//! The world map as a [`Scene`]: land outlines, then Regions, Local Zones, Wavelength Zones and
//! Outposts sites at their coordinates, with lines from zones to their parent Region and from
//! sites to their Outposts' home Region.
//!
//! Scene units are degrees (x = longitude, y = -latitude, [`crate::layout::geo::project`]).
//! Markers distinguish kinds by shape and colour, "in use by this estate" (filled) from merely
//! known (hollow), and locations the account has not opted in to or AWS has retired (grey;
//! a retired zone is always hollow and says "retired" on hover). [`WorldMap::markers`]
//! carries what a hover card shows and where, for hit-testing.

use std::collections::BTreeSet;

use super::style::Palette;
use super::{Anchor, Color, Point, Scene, Shape, Stroke, boxes_apart, label_box};
use crate::catalog::countries::land_outlines;
use crate::catalog::{LocationCatalog, LocationKind, ZoneStatus, merge};
use crate::layout::geo::{geographic, project};
use crate::model::{Estate, OptInStatus, ZoneType};
use crate::topology::{NodeKind, Topology};

/// What a marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// A Region.
    Region,
    /// A Local Zone.
    LocalZone,
    /// A Wavelength Zone.
    WavelengthZone,
    /// An Outposts site.
    Site,
}

impl MarkerKind {
    /// A readable name.
    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::Region => "Region",
            MarkerKind::LocalZone => "Local Zone",
            MarkerKind::WavelengthZone => "Wavelength Zone",
            MarkerKind::Site => "Outposts site",
        }
    }
}

/// One marker: where it is and what its hover card says.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// The entity (Region or zone name, site id).
    pub entity: String,
    /// What it is.
    pub kind: MarkerKind,
    /// Where, in scene units.
    pub at: Point,
    /// The card's title (name, metro).
    pub title: String,
    /// The card's lines (parent, country, opt-in, coordinates source).
    pub details: Vec<String>,
    /// Whether this estate uses it (entities observed in it).
    pub in_use: bool,
    /// A zone AWS no longer lists: drawn hollow and grey, "retired" on hover.
    pub retired: bool,
}

/// The map's scene and its markers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorldMap {
    /// What is drawn.
    pub scene: Scene,
    /// The markers, for hover cards and clicks.
    pub markers: Vec<Marker>,
}

/// Map colours, taken from a theme's [`Palette`](super::style::Palette).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapColors {
    /// The sea.
    pub background: Color,
    /// Land outlines.
    pub land: Color,
    /// Regions.
    pub region: Color,
    /// Local Zones.
    pub local_zone: Color,
    /// Wavelength Zones.
    pub wavelength_zone: Color,
    /// Outposts sites.
    pub site: Color,
    /// Locations not opted in to.
    pub disabled: Color,
    /// Lines to parent and home Regions.
    pub link: Color,
    /// Labels of what the estate uses.
    pub text: Color,
    /// Labels of the rest.
    pub text_muted: Color,
}

impl MapColors {
    /// The map's colours in a theme's palette.
    pub fn of(palette: &Palette) -> MapColors {
        let link = palette.text_muted;
        MapColors {
            background: palette.canvas,
            land: palette.land,
            region: palette.region,
            local_zone: palette.local_zone,
            wavelength_zone: palette.wavelength_zone,
            site: palette.outposts,
            disabled: palette.disabled,
            link: Color::rgba(link.r, link.g, link.b, 0x90),
            text: palette.text,
            text_muted: palette.text_muted,
        }
    }
}

impl Default for MapColors {
    fn default() -> Self {
        MapColors::of(&super::style::LIGHT)
    }
}

/// Builds the world map of an estate.
pub fn world_map(
    estate: &Estate,
    topology: &Topology,
    catalog: &LocationCatalog,
    colors: &MapColors,
) -> WorldMap {
    let mut scene = Scene {
        background: Some(colors.background),
        items: Vec::new(),
        legible_px: Some(MAP_LEGIBLE_PX),
    };
    for ring in land_outlines() {
        let runs = split_at_antimeridian(ring);
        let closed = runs.len() == 1
            && ring
                .first()
                .zip(ring.last())
                .is_some_and(|(first, last)| (first[0] - last[0]).abs() <= 180.0);
        for points in runs {
            scene.push(Shape::Path {
                points,
                closed,
                stroke: Some(Stroke::solid(0.25, colors.land)),
                fill: None,
            });
        }
    }
    let used_zones: BTreeSet<&str> = estate
        .subnets
        .iter()
        .map(|s| s.availability_zone.as_str())
        .chain(
            estate
                .instances
                .iter()
                .map(|i| i.availability_zone.as_str()),
        )
        .collect();
    let mut used_regions: BTreeSet<&str> = BTreeSet::new();
    let _ = estate.visit_entities(|entity| {
        if !matches!(
            entity.kind(),
            crate::model::EntityKind::Region
                | crate::model::EntityKind::Zone
                | crate::model::EntityKind::CatalogItem
        ) {
            used_regions.insert(entity.region());
        }
        Ok::<(), ()>(())
    });
    let locations = merge(catalog, estate);
    let position_of = |name: &str| {
        locations
            .iter()
            .find(|l| l.name == name)
            .and_then(|l| Some(Point::from(project(l.lon?, l.lat?))))
    };
    let mut markers = Vec::new();
    let mut links = Vec::new();
    for location in &locations {
        let (Some(lat), Some(lon)) = (location.lat, location.lon) else {
            continue;
        };
        let kind = match location.kind {
            LocationKind::Region => MarkerKind::Region,
            LocationKind::Zone(ZoneType::LocalZone) => MarkerKind::LocalZone,
            LocationKind::Zone(ZoneType::WavelengthZone) => MarkerKind::WavelengthZone,
            LocationKind::Zone(_) => continue,
        };
        let in_use = match kind {
            MarkerKind::Region => used_regions.contains(location.name.as_str()),
            _ => used_zones.contains(location.name.as_str()),
        };
        let at = Point::from(project(lon, lat));
        if kind != MarkerKind::Region
            && let Some(parent) = position_of(&location.region)
        {
            links.push((at, parent));
        }
        let mut details = vec![format!(
            "{} · {}",
            kind.label(),
            location.metro.as_deref().unwrap_or("metro unknown")
        )];
        if kind != MarkerKind::Region {
            details.push(format!("parent Region {}", location.region));
        }
        if let Some(carrier) = &location.carrier {
            details.push(format!("carrier {carrier}"));
        }
        if let Some(country) = &location.country {
            details.push(format!("country {country}"));
        }
        if let Some(status) = &location.opt_in_status {
            details.push(format!("opt-in: {status}"));
        }
        let retired = location.status == Some(ZoneStatus::Retired);
        if retired {
            details.push("retired: AWS no longer lists this zone (never recommended)".to_owned());
        }
        details.push(if in_use {
            "in use by this estate".to_owned()
        } else {
            "not used by this estate".to_owned()
        });
        let opted_out = location.opt_in_status == Some(OptInStatus::NotOptedIn) || retired;
        markers.push((
            Marker {
                entity: location.name.clone(),
                kind,
                at,
                title: location.name.clone(),
                details,
                in_use,
                retired,
            },
            opted_out,
        ));
    }
    for point in geographic(topology, estate, catalog) {
        let node = topology.node(point.node);
        if node.kind != NodeKind::Site {
            continue;
        }
        let at = Point::from(point.position);
        let site = estate.sites.iter().find(|s| s.site_id == node.id);
        let home = estate
            .outposts
            .iter()
            .filter(|o| o.site_id == node.id)
            .map(|o| o.region.as_str())
            .next()
            .or(site.map(|s| s.region.as_str()))
            .unwrap_or_default();
        if let Some(region) = position_of(home) {
            links.push((at, region));
        }
        let outposts: Vec<&str> = estate
            .outposts
            .iter()
            .filter(|o| o.site_id == node.id)
            .map(|o| o.name.as_str())
            .collect();
        let mut details = vec![format!(
            "Outposts site · {}",
            site.and_then(|s| s.operating_address_city.as_deref())
                .unwrap_or("city unknown")
        )];
        details.push(format!("home Region {home}"));
        if !outposts.is_empty() {
            details.push(format!("Outposts: {}", outposts.join(", ")));
        }
        details.push(format!("placed by {}", point.source));
        markers.push((
            Marker {
                entity: node.id.clone(),
                kind: MarkerKind::Site,
                at,
                title: site.map_or_else(|| node.label.clone(), |s| s.name.clone()),
                details,
                in_use: true,
                retired: false,
            },
            false,
        ));
    }
    for (from, to) in links {
        scene.push(Shape::Line {
            from,
            to,
            stroke: Stroke::dashed(0.15, colors.link, 0.8, 0.5),
        });
    }
    // Regions first, then zones, then sites on top; labels for what the estate uses.
    markers.sort_by_key(|(marker, _)| marker.kind as u8);
    for (marker, opted_out) in &markers {
        let color = if *opted_out {
            colors.disabled
        } else {
            match marker.kind {
                MarkerKind::Region => colors.region,
                MarkerKind::LocalZone => colors.local_zone,
                MarkerKind::WavelengthZone => colors.wavelength_zone,
                MarkerKind::Site => colors.site,
            }
        };
        let fill = (marker.in_use && !marker.retired).then_some(color);
        let stroke = Some(Stroke::solid(0.25, color));
        let shape = match marker.kind {
            MarkerKind::Region => Shape::Circle {
                center: marker.at,
                radius: 1.1,
                stroke,
                fill,
            },
            MarkerKind::Site => Shape::Rect {
                min: Point::new(marker.at.x - 1.0, marker.at.y - 1.0),
                max: Point::new(marker.at.x + 1.0, marker.at.y + 1.0),
                corner_radius: 0.0,
                stroke,
                fill,
            },
            MarkerKind::LocalZone | MarkerKind::WavelengthZone => Shape::Rect {
                min: Point::new(marker.at.x - 0.6, marker.at.y - 0.6),
                max: Point::new(marker.at.x + 0.6, marker.at.y + 0.6),
                corner_radius: if marker.kind == MarkerKind::WavelengthZone {
                    0.6
                } else {
                    0.1
                },
                stroke,
                fill,
            },
        };
        scene.push_entity(shape, marker.entity.clone());
    }
    let markers: Vec<Marker> = markers.into_iter().map(|(marker, _)| marker).collect();
    place_labels(&mut scene, &markers, colors);
    WorldMap { scene, markers }
}

/// Label text size, scene units (degrees): about 10 px when the whole world fits 1200 px.
pub const LABEL_SIZE: f32 = 3.2;

/// Text size of the names that wait for the user to zoom in, scene units (degrees).
pub const SMALL_LABEL_SIZE: f32 = 1.3;

/// The smallest place name the map draws, screen pixels: the small names appear from about
/// twice the world view's zoom.
pub const MAP_LEGIBLE_PX: f32 = 7.0;

/// Place names, like a map's: the Regions the estate uses, then Outposts sites, the zones it
/// uses, and the other Regions, each right of its marker, else left, above or below (inside
/// the world's edges), else left for the second pass, never over another label. The second pass names what is left
/// (and the zones the estate does not use) smaller, where there is room: those names appear
/// as the user zooms in ([`MAP_LEGIBLE_PX`]). Text scales with the zoom as the distances do,
/// so labels clear of each other at one zoom stay clear at every other.
fn place_labels(scene: &mut Scene, markers: &[Marker], colors: &MapColors) {
    let priority = |marker: &Marker| match (marker.kind, marker.in_use) {
        (MarkerKind::Region, true) => 0,
        (MarkerKind::Site, _) => 1,
        (MarkerKind::LocalZone | MarkerKind::WavelengthZone, true) => 2,
        (MarkerKind::Region, false) => 3,
        _ => 4,
    };
    let mut ordered: Vec<&Marker> = markers.iter().collect();
    ordered.sort_by_key(|marker| priority(marker));
    let mut placed: Vec<(Point, Point)> = Vec::new();
    let mut named = vec![false; ordered.len()];
    for (size, last_priority) in [(LABEL_SIZE, 3), (SMALL_LABEL_SIZE, 4)] {
        for (index, marker) in ordered.iter().enumerate() {
            if named[index] || priority(marker) > last_priority {
                continue;
            }
            let text = place_name(marker);
            let gap = size * 0.56;
            let candidates = [
                (Point::new(marker.at.x + gap, marker.at.y), Anchor::Start),
                (Point::new(marker.at.x - gap, marker.at.y), Anchor::End),
                (Point::new(marker.at.x, marker.at.y - size), Anchor::Middle),
                (Point::new(marker.at.x, marker.at.y + size), Anchor::Middle),
            ];
            let Some((at, anchor, boxed)) = candidates.into_iter().find_map(|(at, anchor)| {
                let boxed = label_box(at, &text, size, anchor);
                let on_the_map = boxed.0.x >= -180.0
                    && boxed.1.x <= 180.0
                    && boxed.0.y >= -90.0
                    && boxed.1.y <= 90.0;
                (on_the_map && placed.iter().all(|other| boxes_apart(boxed, *other)))
                    .then_some((at, anchor, boxed))
            }) else {
                continue;
            };
            placed.push(boxed);
            named[index] = true;
            scene.push(Shape::Text {
                at,
                text,
                size,
                color: if marker.in_use {
                    colors.text
                } else {
                    colors.text_muted
                },
                anchor,
            });
        }
    }
}

/// A marker's place name: a Region or site by its name, a zone by its metro's city ("Los
/// Angeles"), the zone name on hover.
fn place_name(marker: &Marker) -> String {
    match marker.kind {
        MarkerKind::Region | MarkerKind::Site => marker.title.clone(),
        _ => marker
            .details
            .first()
            .and_then(|line| line.split(" · ").nth(1))
            .filter(|metro| *metro != "metro unknown")
            .and_then(|metro| metro.split(',').next())
            .map_or_else(|| marker.title.clone(), |city| city.trim().to_owned()),
    }
}

/// A ring as projected runs, broken wherever it jumps across the antimeridian (a step of more
/// than half the world), so no outline is drawn across the whole map.
fn split_at_antimeridian(ring: &[[f64; 2]]) -> Vec<Vec<Point>> {
    let mut runs: Vec<Vec<Point>> = vec![Vec::new()];
    let mut previous: Option<f64> = None;
    for [lon, lat] in ring {
        if previous.is_some_and(|before| (lon - before).abs() > 180.0) {
            runs.push(Vec::new());
        }
        previous = Some(*lon);
        if let Some(run) = runs.last_mut() {
            run.push(Point::from(project(*lon, *lat)));
        }
    }
    runs.retain(|run| run.len() >= 2);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SiteOverlay;

    #[test]
    fn the_demo_map_has_land_regions_zones_and_sites() {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &SiteOverlay::default());
        let catalog = LocationCatalog::embedded().expect("catalog");
        let map = world_map(&demo.estate, &topology, catalog, &MapColors::default());
        let count = |kind| map.markers.iter().filter(|m| m.kind == kind).count();
        assert!(count(MarkerKind::Region) >= 30);
        assert!(count(MarkerKind::LocalZone) >= 30);
        assert!(count(MarkerKind::WavelengthZone) >= 10);
        assert_eq!(count(MarkerKind::Site), 3);
        let lax = map
            .markers
            .iter()
            .find(|m| m.entity == "us-west-2-lax-1a")
            .expect("LAX");
        assert!(lax.in_use && lax.details.iter().any(|d| d == "parent Region us-west-2"));
        // Los Angeles is at about 118 W, 34 N.
        assert!(
            (lax.at.x + 118.2).abs() < 1.0 && (lax.at.y + 34.0).abs() < 1.0,
            "{:?}",
            lax.at
        );
        let paths = map
            .scene
            .items
            .iter()
            .filter(|i| matches!(i.shape, Shape::Path { .. }))
            .count();
        assert!(paths > 150, "land outlines: {paths}");
        // No outline jumps across the map: rings that cross the antimeridian are split.
        for item in &map.scene.items {
            if let Shape::Path { points, .. } = &item.shape {
                for pair in points.windows(2) {
                    assert!((pair[0].x - pair[1].x).abs() < 180.0);
                }
            }
        }
    }

    #[test]
    fn retired_zones_are_drawn_hollow_and_grey_and_say_so_on_hover() {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &demo.overlay);
        let catalog = LocationCatalog::embedded().expect("catalog");
        let map = world_map(&demo.estate, &topology, catalog, &MapColors::default());
        let munich = map
            .markers
            .iter()
            .find(|m| m.entity == "eu-central-1-wl1-muc-wlz-1")
            .expect("the demo's Munich zone is drawn");
        assert!(munich.retired);
        assert!(
            munich
                .details
                .iter()
                .any(|line| line.starts_with("retired"))
        );
        let boston = map
            .markers
            .iter()
            .find(|m| m.entity == "us-east-1-wl1-bos-wlz-1")
            .expect("Boston");
        assert!(!boston.retired);
    }

    #[test]
    fn place_names_are_drawn_and_never_overlap() {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &demo.overlay);
        let catalog = LocationCatalog::embedded().expect("catalog");
        let map = world_map(&demo.estate, &topology, catalog, &MapColors::default());
        let labels = map.scene.text_boxes();
        for name in ["us-east-2", "eu-central-1", "ap-northeast-1"] {
            assert!(
                labels.iter().any(|(text, _)| *text == name),
                "{name} is named"
            );
        }
        let overlaps = map.scene.overlapping_texts();
        assert!(overlaps.is_empty(), "{overlaps:?}");
    }

    // The large names are about 10 px or more when the world (360 degrees) fits 1200 px.
    const _: () = assert!(LABEL_SIZE * 1200.0 / 360.0 >= 10.0);
}
