//! Rack elevations: one Outpost's racks side by side as a data-centre engineer draws them, 42
//! rack units each with every asset at its reported elevation (compute hosts with their family
//! and host, the power shelf, the network devices), the catalog configuration each rack was
//! matched to above it, and its power and weight against the site's limits below it (within,
//! over, or unknown, by colour and in words). The ACE or network rack stands last, outlined by
//! how its presence is known. Assets and racks are clickable elements, as in the rack network.

use super::rack_network::{Element, RackPicture, element, provenance_stroke, text, tint};
use super::style::Palette;
use super::{Anchor, Color, Point, Scene, Shape, Stroke};
use crate::elevation::{
    AggregationRack, Fit, Limit, OutpostRacks, RACK_UNITS, RackElevation, Slot,
};
use crate::model::{AssetType, ComputeAssetState};

/// Height of one rack unit, scene units.
const UNIT: f32 = 15.0;
/// Width of a rack.
const RACK_WIDTH: f32 = 190.0;
/// Space between racks.
const RACK_GAP: f32 = 50.0;
/// Top of the racks (room for two header lines).
const TOP: f32 = 52.0;
/// Left of the first rack (room for the unit ruler).
const LEFT: f32 = 40.0;

/// The elevations of `outpost`'s racks.
pub fn rack_elevations_picture(outpost: &OutpostRacks, palette: &Palette) -> RackPicture {
    let mut picture = RackPicture {
        scene: Scene {
            background: Some(palette.canvas),
            items: Vec::new(),
        },
        elements: Vec::new(),
    };
    ruler(&mut picture.scene, palette);
    for (column, rack) in outpost.racks.iter().enumerate() {
        compute_rack(&mut picture, column_left(column), rack, outpost, palette);
    }
    if let Some(aggregation) = &outpost.aggregation {
        aggregation_rack(
            &mut picture,
            column_left(outpost.racks.len()),
            aggregation,
            outpost,
            palette,
        );
    }
    picture
}

fn column_left(column: usize) -> f32 {
    LEFT + column as f32 * (RACK_WIDTH + RACK_GAP)
}

fn bottom() -> f32 {
    TOP + RACK_UNITS as f32 * UNIT
}

/// Unit numbers left of the first rack, every sixth unit and the top one.
fn ruler(scene: &mut Scene, palette: &Palette) {
    for unit in (1..=RACK_UNITS as u32).filter(|u| *u == 1 || u % 6 == 0 || *u == 42) {
        let middle = bottom() - (unit as f32 - 0.5) * UNIT;
        text(
            scene,
            Point::new(LEFT - 8.0, middle),
            format!("U{unit}"),
            9.0,
            palette.text_muted,
            Anchor::End,
        );
    }
}

/// A rack's outline with its title and subtitle above it.
fn frame(
    scene: &mut Scene,
    left: f32,
    [title, subtitle]: [String; 2],
    stroke: Stroke,
    palette: &Palette,
) -> (Point, Point) {
    let center = left + RACK_WIDTH / 2.0;
    text(
        scene,
        Point::new(center, TOP - 30.0),
        title,
        12.0,
        palette.text,
        Anchor::Middle,
    );
    text(
        scene,
        Point::new(center, TOP - 12.0),
        subtitle,
        10.0,
        palette.text_muted,
        Anchor::Middle,
    );
    let min = Point::new(left, TOP);
    let max = Point::new(left + RACK_WIDTH, bottom());
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
    left: f32,
    rack: &RackElevation,
    outpost: &OutpostRacks,
    palette: &Palette,
) {
    let scene = &mut picture.scene;
    let center = left + RACK_WIDTH / 2.0;
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
        left,
        [format!("rack {}", rack.rack_id), configuration],
        Stroke::solid(1.5, palette.text),
        palette,
    );
    let mut unplaced = 0;
    for slot in &rack.slots {
        match slot.elevation_u {
            Some(elevation) if (1.0..=RACK_UNITS).contains(&elevation) => {
                asset(picture, left, elevation, slot, palette);
            }
            _ => unplaced += 1,
        }
    }
    let scene = &mut picture.scene;
    let mut line = bottom() + 16.0;
    if unplaced > 0 {
        text(
            scene,
            Point::new(center, line),
            format!("{unplaced} assets without an elevation"),
            10.0,
            palette.warning,
            Anchor::Middle,
        );
        line += 16.0;
    }
    let hosts: u32 = rack.hosts_by_family.values().sum();
    text(
        scene,
        Point::new(center, line),
        format!("{hosts} hosts · {} vCPU", rack.vcpus),
        10.0,
        palette.text,
        Anchor::Middle,
    );
    let power = rack.configuration.as_ref().map(|c| c.power_kva);
    let weight = rack.configuration.as_ref().map(|c| c.weight_lbs);
    limit_lines(
        scene,
        Point::new(center, line + 16.0),
        (power, rack.power_fit),
        (weight, rack.weight_fit),
        outpost,
        palette,
    );
    picture.elements.push(Element {
        id: rack.rack_id.clone(),
        min: Point::new(min.x, TOP - 40.0),
        max: Point::new(max.x, TOP),
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

fn asset(picture: &mut RackPicture, left: f32, elevation: f64, slot: &Slot, palette: &Palette) {
    let top = bottom() - ((elevation - 1.0 + slot.height_u) as f32) * UNIT;
    let min = Point::new(left + 6.0, top + 1.0);
    let max = Point::new(
        left + RACK_WIDTH - 6.0,
        top + slot.height_u as f32 * UNIT - 1.0,
    );
    let color = match (&slot.asset_type, &slot.state) {
        (AssetType::Compute, Some(ComputeAssetState::Active) | None) => palette.outposts,
        (AssetType::Compute, Some(_)) => palette.warning,
        (AssetType::PowerShelf, _) => palette.gateway,
        (AssetType::Networking | AssetType::Switch, _) => palette.network,
        (AssetType::Storage, _) => palette.vpc,
        (AssetType::Unknown(_), _) => palette.text_muted,
    };
    element(
        &mut picture.scene,
        min,
        max,
        Stroke::solid(1.0, color),
        tint(color),
        &slot.asset_id,
    );
    let label = slot_label(slot);
    text(
        &mut picture.scene,
        Point::new(min.x + 6.0, (min.y + max.y) / 2.0),
        label,
        9.5,
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
            format!("{family} · {host}{state}")
        }
        AssetType::PowerShelf => "power shelf".to_owned(),
        AssetType::Networking => "network device".to_owned(),
        AssetType::Switch => "switch".to_owned(),
        AssetType::Storage => "storage".to_owned(),
        AssetType::Unknown(ref other) => other.to_lowercase(),
    }
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
        10.0,
        fit_color(power_fit, palette),
        Anchor::Middle,
    );
    text(
        scene,
        Point::new(at.x, at.y + 16.0),
        weight,
        10.0,
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
    left: f32,
    rack: &AggregationRack,
    outpost: &OutpostRacks,
    palette: &Palette,
) {
    let scene = &mut picture.scene;
    let center = left + RACK_WIDTH / 2.0;
    let (min, max) = frame(
        scene,
        left,
        [
            format!("{} ({})", rack.name, rack.provenance.as_str()),
            "elevations not reported by AWS".to_owned(),
        ],
        provenance_stroke(rack.provenance, 1.5, palette),
        palette,
    );
    for (index, name) in rack.device_names.iter().enumerate() {
        let top = TOP + 8.0 + index as f32 * (UNIT * 2.0 + 4.0);
        let device_min = Point::new(left + 6.0, top);
        let device_max = Point::new(left + RACK_WIDTH - 6.0, top + UNIT * 2.0);
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
            name.clone(),
            9.5,
            palette.text,
            Anchor::Start,
        );
    }
    limit_lines(
        scene,
        Point::new(center, bottom() + 32.0),
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
            for (column, rack) in outpost.racks.iter().enumerate() {
                let left = column_left(column);
                for slot in &rack.slots {
                    let found = picture
                        .elements
                        .iter()
                        .find(|e| e.id == slot.asset_id)
                        .expect("asset element");
                    assert!(found.min.x >= left && found.max.x <= left + RACK_WIDTH);
                    assert!(found.min.y >= TOP && found.max.y <= bottom(), "{found:?}");
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
