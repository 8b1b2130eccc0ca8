//! Rack elevations: one Outpost's racks side by side as a data-centre engineer draws them, 42
//! rack units each with every asset at its reported elevation (compute hosts coloured by
//! instance family with their host, the power shelf, the network devices), the rack id large
//! above each rack and the catalog configuration it was matched to, and its power and weight
//! against the site's limits below it (within, over, or unknown, by colour and in words). The
//! ACE or network rack stands last, outlined by how its presence is known. Many racks wrap into
//! rows near a window's aspect, like the rows of a data hall; a legend names the colours. The
//! rack ids are drawn large enough to read at the default fit of the largest Outpost; unit
//! numbers, configurations and host names appear as they become legible
//! ([`Scene::legible_px`]). Assets and racks are clickable elements, as in the rack network.

use std::collections::BTreeSet;

use super::rack_network::{Element, RackPicture, element, provenance_stroke, text, tint};
use super::style::Palette;
use super::{Anchor, Color, Point, Scene, Shape, Stroke, shortened};
use crate::elevation::{
    AggregationRack, Fit, Limit, OutpostRacks, RACK_UNITS, RackElevation, Slot,
};
use crate::layout::rack::TARGET_ASPECT;
use crate::model::{AssetType, ComputeAssetState};

/// Height of one rack unit, scene units.
const UNIT: f32 = 15.0;
/// Width of a rack.
const RACK_WIDTH: f32 = 200.0;
/// Space between racks.
const RACK_GAP: f32 = 60.0;
/// From a row's top to its racks' tops: the rack id and the configuration.
const HEADER: f32 = 66.0;
/// Below a row's racks: the hosts, power and weight lines and a gap to the next row.
const FOOTER: f32 = 110.0;
/// Left of the first rack (room for the unit ruler).
const LEFT: f32 = 44.0;
/// Where the first row starts: the legend is above it.
const LEGEND_HEIGHT: f32 = 56.0;
/// Text size of the rack ids.
const ID_SIZE: f32 = 24.0;
/// Text size of what is read at an ordinary fit: configurations, legend, the lines below.
const TEXT_SIZE: f32 = 14.0;
/// Text size of host labels and the unit numbers every sixth unit.
const SLOT_SIZE: f32 = 12.0;
/// Text size of the other unit numbers (they appear zoomed in).
const UNIT_NUMBER_SIZE: f32 = 9.0;

/// Where one rack stands: its left edge and its row's top.
#[derive(Clone, Copy)]
struct Column {
    left: f32,
    row_top: f32,
}

impl Column {
    /// The top of the rack's 42 units.
    fn top(self) -> f32 {
        self.row_top + HEADER
    }

    /// The bottom of unit 1.
    fn bottom(self) -> f32 {
        self.top() + RACK_UNITS as f32 * UNIT
    }

    fn center(self) -> f32 {
        self.left + RACK_WIDTH / 2.0
    }
}

/// The place of each of `count` racks: rows of equal length (the last shorter) whose count
/// brings the picture nearest the window's aspect.
fn columns(count: usize) -> Vec<Column> {
    let row_height = HEADER + RACK_UNITS as f32 * UNIT + FOOTER;
    let pitch = RACK_WIDTH + RACK_GAP;
    let per_row = (1..=count.max(1))
        .min_by(|a, b| {
            let aspect = |n: usize| {
                let rows = count.div_ceil(n).max(1) as f32;
                (LEFT + n as f32 * pitch) / (LEGEND_HEIGHT + rows * row_height)
            };
            let off = |n: usize| (aspect(n) / TARGET_ASPECT).ln().abs();
            off(*a).total_cmp(&off(*b))
        })
        .unwrap_or(1);
    // As many racks in each row as the row count allows, so the last row is not a stub.
    let rows = count.max(1).div_ceil(per_row);
    let per_row = count.max(1).div_ceil(rows);
    (0..count)
        .map(|index| Column {
            left: LEFT + (index % per_row) as f32 * pitch,
            row_top: LEGEND_HEIGHT + (index / per_row) as f32 * row_height,
        })
        .collect()
}

/// The elevations of `outpost`'s racks.
pub fn rack_elevations_picture(outpost: &OutpostRacks, palette: &Palette) -> RackPicture {
    let mut picture = RackPicture::new(palette);
    let families = Families::of(outpost, palette);
    let places = columns(outpost.racks.len() + usize::from(outpost.aggregation.is_some()));
    for (index, place) in places.iter().enumerate() {
        // A ruler left of the first rack of each row.
        if place.left == LEFT {
            ruler(&mut picture.scene, *place, palette);
        }
        match outpost.racks.get(index) {
            Some(rack) => compute_rack(&mut picture, *place, rack, outpost, &families, palette),
            None => {
                if let Some(aggregation) = &outpost.aggregation {
                    aggregation_rack(&mut picture, *place, aggregation, outpost, palette);
                }
            }
        }
    }
    let size = [
        places
            .iter()
            .map(|place| place.left + RACK_WIDTH)
            .fold(0.0, f32::max),
        places
            .iter()
            .map(|place| place.bottom() + FOOTER)
            .fold(0.0, f32::max),
    ];
    legend(&mut picture.scene, outpost, &families, palette, size);
    picture
}

/// The colour of each instance family in the Outpost, in name order.
struct Families {
    colors: Vec<(String, Color)>,
}

impl Families {
    fn of(outpost: &OutpostRacks, palette: &Palette) -> Families {
        let names: BTreeSet<String> = outpost
            .racks
            .iter()
            .flat_map(|rack| &rack.slots)
            .filter(|slot| slot.asset_type == AssetType::Compute)
            .map(family_name)
            .collect();
        Families {
            colors: names
                .into_iter()
                .enumerate()
                .map(|(index, name)| (name, palette.series[index % palette.series.len()]))
                .collect(),
        }
    }

    fn color(&self, slot: &Slot) -> Option<Color> {
        let name = family_name(slot);
        self.colors
            .iter()
            .find(|(family, _)| *family == name)
            .map(|(_, color)| *color)
    }
}

/// A compute asset's families as one name ("m5", "m5/r5", or "no family").
fn family_name(slot: &Slot) -> String {
    if slot.instance_families.is_empty() {
        "no family".to_owned()
    } else {
        slot.instance_families.join("/")
    }
}

/// The colour of a slot: an active host its family's, a host not active the warning colour,
/// other assets their role's.
fn slot_color(slot: &Slot, families: &Families, palette: &Palette) -> Color {
    match (&slot.asset_type, &slot.state) {
        (AssetType::Compute, Some(ComputeAssetState::Active) | None) => {
            families.color(slot).unwrap_or(palette.outposts)
        }
        (AssetType::Compute, Some(_)) => palette.warning,
        (AssetType::PowerShelf, _) => palette.gateway,
        (AssetType::Networking | AssetType::Switch, _) => palette.network,
        (AssetType::Storage, _) => palette.vpc,
        (AssetType::Unknown(_), _) => palette.text_muted,
    }
}

/// What the colours mean, in one line above the racks: each family, then the other assets
/// present; its text grows with the picture's `[width, height]` so it reads at the default fit,
/// as the rack ids do.
fn legend(
    scene: &mut Scene,
    outpost: &OutpostRacks,
    families: &Families,
    palette: &Palette,
    [width, height]: [f32; 2],
) {
    let size = (width / 110.0).max(height / 70.0).clamp(TEXT_SIZE, ID_SIZE);
    let slots: Vec<&Slot> = outpost.racks.iter().flat_map(|rack| &rack.slots).collect();
    let present = |wanted: fn(&Slot) -> bool| slots.iter().any(|slot| wanted(slot));
    let mut entries: Vec<(Color, String)> = families
        .colors
        .iter()
        .map(|(name, color)| (*color, format!("{name} hosts")))
        .collect();
    for (wanted, color, meaning) in [
        (
            (|slot: &Slot| {
                slot.asset_type == AssetType::Compute
                    && !matches!(slot.state, Some(ComputeAssetState::Active) | None)
            }) as fn(&Slot) -> bool,
            palette.warning,
            "host not active",
        ),
        (
            |slot: &Slot| slot.asset_type == AssetType::PowerShelf,
            palette.gateway,
            "power shelf",
        ),
        (
            |slot: &Slot| matches!(slot.asset_type, AssetType::Networking | AssetType::Switch),
            palette.network,
            "network device",
        ),
        (
            |slot: &Slot| slot.asset_type == AssetType::Storage,
            palette.vpc,
            "storage",
        ),
    ] {
        if present(wanted) {
            entries.push((color, meaning.to_owned()));
        }
    }
    let y = LEGEND_HEIGHT / 2.0 - 4.0;
    let mut x = LEFT;
    for (color, meaning) in entries {
        scene.push(Shape::Rect {
            min: Point::new(x, y - size / 2.0),
            max: Point::new(x + 1.6 * size, y + size / 2.0),
            corner_radius: 3.0,
            stroke: Some(Stroke::solid(1.0, color)),
            fill: Some(tint(color)),
        });
        let text_x = x + 2.0 * size;
        let text_width = super::label_box(Point::new(0.0, 0.0), &meaning, size, Anchor::Start)
            .1
            .x;
        text(
            scene,
            Point::new(text_x, y),
            meaning,
            size,
            palette.text,
            Anchor::Start,
        );
        x = text_x + text_width + 1.5 * size;
    }
}

/// Unit numbers left of a row's first rack: every sixth (and the first and last) at a size
/// read at the default fit, every other one smaller, appearing zoomed in.
fn ruler(scene: &mut Scene, place: Column, palette: &Palette) {
    for unit in 1..=RACK_UNITS as u32 {
        let middle = place.bottom() - (unit as f32 - 0.5) * UNIT;
        let major = unit == 1 || unit % 6 == 0 || unit == RACK_UNITS as u32;
        text(
            scene,
            Point::new(place.left - 8.0, middle),
            format!("U{unit}"),
            if major { SLOT_SIZE } else { UNIT_NUMBER_SIZE },
            palette.text_muted,
            Anchor::End,
        );
    }
}

/// A rack's outline with its id (large) and configuration above it.
fn frame(
    scene: &mut Scene,
    place: Column,
    [title, subtitle]: [String; 2],
    stroke: Stroke,
    palette: &Palette,
) -> (Point, Point) {
    let room = RACK_WIDTH + RACK_GAP - 12.0;
    text(
        scene,
        Point::new(place.center(), place.top() - 40.0),
        shortened(&title, room, ID_SIZE),
        ID_SIZE,
        palette.text,
        Anchor::Middle,
    );
    text(
        scene,
        Point::new(place.center(), place.top() - 14.0),
        shortened(&subtitle, room, TEXT_SIZE),
        TEXT_SIZE,
        palette.text_muted,
        Anchor::Middle,
    );
    let min = Point::new(place.left, place.top());
    let max = Point::new(place.left + RACK_WIDTH, place.bottom());
    scene.push(Shape::Rect {
        min,
        max,
        corner_radius: 3.0,
        stroke: Some(stroke),
        fill: Some(palette.surface),
    });
    (min, max)
}

fn compute_rack(
    picture: &mut RackPicture,
    place: Column,
    rack: &RackElevation,
    outpost: &OutpostRacks,
    families: &Families,
    palette: &Palette,
) {
    let scene = &mut picture.scene;
    let configuration = rack.configuration.as_ref().map_or_else(
        || "no catalog configuration matches".to_owned(),
        |c| {
            if c.hosts_differing == 0 {
                c.catalog_item_id.clone()
            } else {
                format!(
                    "~{} ({} hosts differ)",
                    c.catalog_item_id, c.hosts_differing
                )
            }
        },
    );
    let (min, max) = frame(
        scene,
        place,
        [rack.rack_id.clone(), configuration],
        Stroke::solid(1.5, palette.text),
        palette,
    );
    let mut unplaced = 0;
    for slot in &rack.slots {
        match slot.elevation_u {
            Some(elevation) if (1.0..=RACK_UNITS).contains(&elevation) => {
                asset(picture, place, elevation, slot, families, palette);
            }
            _ => unplaced += 1,
        }
    }
    let scene = &mut picture.scene;
    let mut line = place.bottom() + 18.0;
    if unplaced > 0 {
        text(
            scene,
            Point::new(place.center(), line),
            format!("{unplaced} assets without an elevation"),
            TEXT_SIZE,
            palette.warning,
            Anchor::Middle,
        );
        line += 18.0;
    }
    let hosts: u32 = rack.hosts_by_family.values().sum();
    text(
        scene,
        Point::new(place.center(), line),
        format!("{hosts} hosts · {} vCPU", rack.vcpus),
        TEXT_SIZE,
        palette.text,
        Anchor::Middle,
    );
    let power = rack.configuration.as_ref().map(|c| c.power_kva);
    let weight = rack.configuration.as_ref().map(|c| c.weight_lbs);
    limit_lines(
        scene,
        Point::new(place.center(), line + 18.0),
        (power, rack.power_fit),
        (weight, rack.weight_fit),
        outpost,
        palette,
    );
    picture.elements.push(Element {
        id: rack.rack_id.clone(),
        min: Point::new(min.x, place.row_top),
        max: Point::new(max.x, place.top()),
        title: format!(
            "Compute rack {}\n{}",
            rack.rack_id,
            rack.configuration.as_ref().map_or(
                "no catalog configuration is close to its hosts".to_owned(),
                |c| c.explanation()
            )
        ),
    });
}

fn asset(
    picture: &mut RackPicture,
    place: Column,
    elevation: f64,
    slot: &Slot,
    families: &Families,
    palette: &Palette,
) {
    let top = place.bottom() - ((elevation - 1.0 + slot.height_u) as f32) * UNIT;
    let min = Point::new(place.left + 6.0, top + 1.0);
    let max = Point::new(
        place.left + RACK_WIDTH - 6.0,
        top + slot.height_u as f32 * UNIT - 1.0,
    );
    let color = slot_color(slot, families, palette);
    element(
        &mut picture.scene,
        min,
        max,
        Stroke::solid(1.0, color),
        tint(color),
        &slot.asset_id,
    );
    text(
        &mut picture.scene,
        Point::new(min.x + 6.0, (min.y + max.y) / 2.0),
        shortened(&slot_label(slot), max.x - min.x - 12.0, SLOT_SIZE),
        SLOT_SIZE,
        palette.text,
        Anchor::Start,
    );
    picture.elements.push(Element {
        id: slot.asset_id.clone(),
        min,
        max,
        title: slot_title(slot, elevation),
    });
}

/// The short label drawn in the slot.
fn slot_label(slot: &Slot) -> String {
    match slot.asset_type {
        AssetType::Compute => {
            let family = slot.instance_families.join("/");
            let host = slot.host_id.as_deref().unwrap_or("no host");
            let state = match &slot.state {
                Some(ComputeAssetState::Active) | None => String::new(),
                Some(other) => format!(" · {}", other.as_str().to_lowercase()),
            };
            let used = match (slot.instances_running, slot_count(slot)) {
                (Some(running), configured) if configured > 0 => {
                    format!(" · {running}/{configured} slots used")
                }
                (Some(running), _) => format!(" · {running} instances"),
                (None, _) => String::new(),
            };
            format!("{family} · {host}{state}{used}")
        }
        AssetType::PowerShelf => "power shelf".to_owned(),
        AssetType::Networking => "network device".to_owned(),
        AssetType::Switch => "switch".to_owned(),
        AssetType::Storage => "storage".to_owned(),
        AssetType::Unknown(ref other) => other.to_lowercase(),
    }
}

/// Slots configured on a host, all types together.
fn slot_count(slot: &Slot) -> u32 {
    slot.instance_type_capacities.iter().map(|c| c.count).sum()
}

/// The hover card: everything AWS said about the asset.
fn slot_title(slot: &Slot, elevation: f64) -> String {
    let mut lines = vec![format!(
        "{} asset {} · U{}{}",
        slot.asset_type.as_str(),
        slot.asset_id,
        elevation,
        if slot.height_u > 1.0 {
            format!("-{}", elevation + slot.height_u - 1.0)
        } else {
            String::new()
        }
    )];
    if let Some(host) = &slot.host_id {
        lines.push(format!("host {host}"));
    }
    if let Some(state) = &slot.state {
        lines.push(format!("state {}", state.as_str()));
    }
    if !slot.instance_families.is_empty() {
        lines.push(format!(
            "families {}{}",
            slot.instance_families.join(", "),
            slot.max_vcpus
                .map_or(String::new(), |v| format!(" · {v} vCPU"))
        ));
    }
    if !slot.instance_type_capacities.is_empty() {
        let capacities: Vec<String> = slot
            .instance_type_capacities
            .iter()
            .map(|c| format!("{} x{}", c.instance_type, c.count))
            .collect();
        lines.push(format!("slots {}", capacities.join(", ")));
    }
    match slot.instances_running {
        Some(running) => lines.push(format!(
            "{running} of {} slots used (ListAssetInstances); the Racks view lists them",
            slot_count(slot)
        )),
        None if slot.asset_type == AssetType::Compute
            && !slot.instance_type_capacities.is_empty() =>
        {
            lines.push("slots used: not in this snapshot".to_owned())
        }
        None => {}
    }
    lines.join("\n")
}

/// The power and weight lines under a rack, coloured by fit.
fn limit_lines(
    scene: &mut Scene,
    at: Point,
    (power_kva, power_fit): (Option<f64>, Fit),
    (weight_lbs, weight_fit): (Option<u32>, Fit),
    outpost: &OutpostRacks,
    palette: &Palette,
) {
    let power = match (power_kva, outpost.site_power_kva) {
        (None, _) => "power unknown".to_owned(),
        (Some(kva), Limit::Value(limit)) => format!("{kva} kVA of {limit} kVA"),
        (Some(kva), _) => format!("{kva} kVA (site limit unknown)"),
    };
    let weight = match (weight_lbs, outpost.site_weight_lbs) {
        (None, _) => "weight unknown".to_owned(),
        (Some(lbs), Limit::Value(limit)) => format!("{lbs} lb of {limit} lb"),
        (Some(lbs), Limit::NoLimit) => format!("{lbs} lb (no floor limit)"),
        (Some(lbs), Limit::Unknown) => format!("{lbs} lb (site limit unknown)"),
    };
    text(
        scene,
        at,
        power,
        TEXT_SIZE,
        fit_color(power_fit, palette),
        Anchor::Middle,
    );
    text(
        scene,
        Point::new(at.x, at.y + 18.0),
        weight,
        TEXT_SIZE,
        fit_color(weight_fit, palette),
        Anchor::Middle,
    );
}

/// The colour of a fit: the "still redundant" green, the error red, or muted.
pub fn fit_color(fit: Fit, palette: &Palette) -> Color {
    match fit {
        Fit::Fits => palette.local_zone,
        Fit::Exceeds => palette.error,
        Fit::Unknown => palette.text_muted,
    }
}

fn aggregation_rack(
    picture: &mut RackPicture,
    place: Column,
    rack: &AggregationRack,
    outpost: &OutpostRacks,
    palette: &Palette,
) {
    let scene = &mut picture.scene;
    let (min, max) = frame(
        scene,
        place,
        [
            rack.rack_id.clone(),
            format!("{} · {}", rack.name, rack.provenance.as_str()),
        ],
        provenance_stroke(rack.provenance, 1.5, palette),
        palette,
    );
    for (index, name) in rack.device_names.iter().enumerate() {
        let top = place.top() + 8.0 + index as f32 * (UNIT * 2.0 + 4.0);
        let device_min = Point::new(place.left + 6.0, top);
        let device_max = Point::new(place.left + RACK_WIDTH - 6.0, top + UNIT * 2.0);
        scene.push(Shape::Rect {
            min: device_min,
            max: device_max,
            corner_radius: 6.0,
            stroke: Some(provenance_stroke(rack.provenance, 1.0, palette)),
            fill: Some(tint(palette.network)),
        });
        text(
            scene,
            Point::new(device_min.x + 6.0, top + UNIT),
            shortened(name, RACK_WIDTH - 24.0, SLOT_SIZE),
            SLOT_SIZE,
            palette.text,
            Anchor::Start,
        );
    }
    text(
        scene,
        Point::new(place.center(), place.bottom() + 18.0),
        "elevations not reported by AWS".to_owned(),
        TEXT_SIZE,
        palette.text_muted,
        Anchor::Middle,
    );
    limit_lines(
        scene,
        Point::new(place.center(), place.bottom() + 36.0),
        (Some(rack.power_kva), rack.power_fit),
        (Some(rack.weight_lbs), rack.weight_fit),
        outpost,
        palette,
    );
    picture.elements.push(Element {
        id: rack.rack_id.clone(),
        min,
        max,
        title: format!(
            "{} {} ({})\n{}\nup to {} kVA and {} lb (hardware catalog)",
            rack.name,
            rack.rack_id,
            rack.provenance.as_str(),
            rack.reason,
            rack.power_kva,
            rack.weight_lbs
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::hardware::HardwareCatalog;
    use crate::elevation::outpost_racks;
    use crate::scene::style::LIGHT;
    use crate::topology::Topology;

    #[test]
    fn every_placed_asset_is_an_element_inside_its_rack() {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &demo.overlay);
        let hardware = HardwareCatalog::embedded().expect("catalog");
        for outpost in outpost_racks(&demo.estate, &topology, hardware) {
            let picture = rack_elevations_picture(&outpost, &LIGHT);
            let places = columns(outpost.racks.len() + 1);
            for (rack, place) in outpost.racks.iter().zip(&places) {
                let left = place.left;
                for slot in &rack.slots {
                    let found = picture
                        .elements
                        .iter()
                        .find(|e| e.id == slot.asset_id)
                        .expect("asset element");
                    assert!(found.min.x >= left && found.max.x <= left + RACK_WIDTH);
                    assert!(
                        found.min.y >= place.top() && found.max.y <= place.bottom(),
                        "{found:?}"
                    );
                }
            }
            // No two assets of a rack overlap.
            for rack in &outpost.racks {
                let mut boxes: Vec<&Element> = picture
                    .elements
                    .iter()
                    .filter(|e| rack.slots.iter().any(|s| s.asset_id == e.id))
                    .collect();
                boxes.sort_by(|a, b| a.min.y.total_cmp(&b.min.y));
                for pair in boxes.windows(2) {
                    assert!(pair[0].max.y <= pair[1].min.y, "{pair:?}");
                }
            }
            assert_eq!(
                picture
                    .elements
                    .iter()
                    .any(|e| e.title.starts_with("ACE rack")),
                outpost.aggregation.is_some()
            );
        }
    }
}
