//! Rack network layout: one Outpost's devices in tiers, customer devices on top, then the ACE
//! routers (inside their ACE rack's frame) when there is one, then the compute racks with their
//! ONDs above them. The compute racks wrap into rows so the picture keeps about the window's
//! aspect ([`TARGET_ASPECT`]) instead of stretching into one long line: a 15-rack Outpost is
//! three rows of five, not thirty ONDs side by side. The racks stand on a grid (a short last
//! row starts at the first column) with a gutter between columns, so lines from a lower row can
//! run up between the racks above ([`RackLayout::gutter_x`]). The tiers above are centred.

use serde::Serialize;

use crate::topology::rack_network::{DeviceRole, RackKind, RackNetwork};

/// A placed element.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Placed {
    /// Device id or rack id.
    pub id: String,
    /// Tier from the top (0: CNDs).
    pub tier: u32,
    /// Centre of the element, layout units.
    pub position: [f32; 2],
}

/// Where a compute rack stands on the grid of rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackCell {
    /// The rack.
    pub rack_id: String,
    /// Row from the top, 0 first.
    pub row: u32,
    /// Column from the left, 0 first.
    pub column: u32,
}

/// The laid-out rack network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackLayout {
    /// Every device and rack.
    pub placed: Vec<Placed>,
    /// Width and height.
    pub size: [f32; 2],
    /// The compute racks' grid cells, in the network's rack order.
    pub cells: Vec<RackCell>,
    /// Columns of the grid.
    pub columns: u32,
    /// Distance between neighbouring columns' centres (two ONDs and a gutter).
    pub rack_pitch: f32,
    /// The x of the first column's centre.
    pub first_column_x: f32,
}

impl RackLayout {
    /// Where an element is.
    pub fn position(&self, id: &str) -> Option<[f32; 2]> {
        self.placed.iter().find(|p| p.id == id).map(|p| p.position)
    }

    /// The grid cell of a compute rack.
    pub fn cell(&self, rack_id: &str) -> Option<&RackCell> {
        self.cells.iter().find(|c| c.rack_id == rack_id)
    }

    /// The x of the middle of the gutter right of `column` (nothing stands there).
    pub fn gutter_x(&self, column: u32) -> f32 {
        self.first_column_x + (column as f32 + 0.5) * self.rack_pitch
    }
}

/// The gutter between neighbouring columns, as a share of the OND spacing.
pub const GUTTER_SHARE: f32 = 0.25;

/// The width-to-height ratio the rack rows aim for: a desktop window's.
pub const TARGET_ASPECT: f32 = 1.6;
/// Up to this many compute racks stay in one row.
pub const ONE_ROW_RACKS: usize = 6;

/// Lays out a rack network; `spacing` is the distance between neighbouring ONDs and
/// `tier_height` between tiers (an OND sits 0.65 tier above its rack).
pub fn rack_layout(network: &RackNetwork, spacing: f32, tier_height: f32) -> RackLayout {
    let ids = |role: DeviceRole| {
        network
            .devices_with_role(role)
            .map(|d| d.id.clone())
            .collect::<Vec<_>>()
    };
    let compute: Vec<String> = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
        .map(|r| r.rack_id.clone())
        .collect();
    let mut tiers: Vec<Vec<String>> = vec![ids(DeviceRole::Cnd)];
    if network.ace {
        tiers.push(ids(DeviceRole::AceRouter));
    }
    let top_width = tiers.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * spacing;
    let ond_drop = tier_height * 0.65;
    let row_height = ond_drop + tier_height;
    let rack_width = (2.0 + GUTTER_SHARE) * spacing;
    // How many racks per row: all of them up to ONE_ROW_RACKS; beyond, the count whose
    // picture's aspect is nearest the target.
    let per_row = if compute.len() <= ONE_ROW_RACKS {
        compute.len().max(1)
    } else {
        (1..=compute.len())
            .min_by(|a, b| {
                let aspect = |n: usize| {
                    let rows = compute.len().div_ceil(n).max(1);
                    let width = (n as f32 * rack_width).max(top_width);
                    let height = tiers.len() as f32 * tier_height + rows as f32 * row_height;
                    (width / height / TARGET_ASPECT).ln().abs()
                };
                aspect(*a).total_cmp(&aspect(*b))
            })
            .unwrap_or(1)
    };
    let width = (per_row as f32 * rack_width).max(top_width);
    let mut placed = Vec::new();
    for (tier, members) in tiers.iter().enumerate() {
        let gap = width / members.len().max(1) as f32;
        for (i, id) in members.iter().enumerate() {
            placed.push(Placed {
                id: id.clone(),
                tier: tier as u32,
                position: [gap * (i as f32 + 0.5), tier as f32 * tier_height],
            });
        }
    }
    // The ACE rack's frame is centred on its routers.
    if network.ace {
        for rack in network.racks.iter().filter(|r| r.kind == RackKind::Ace) {
            placed.push(Placed {
                id: rack.rack_id.clone(),
                tier: 1,
                position: [width / 2.0, tier_height],
            });
        }
    }
    // Compute racks on a grid, centred as a whole, each rack's ONDs side by side above it.
    let first_row_y = tiers.len() as f32 * tier_height;
    let ond_tier = tiers.len() as u32;
    let first_column_x = (width - per_row as f32 * rack_width) / 2.0 + rack_width / 2.0;
    let mut cells = Vec::new();
    for (row, racks) in compute.chunks(per_row.max(1)).enumerate() {
        let ond_y = first_row_y + row as f32 * row_height;
        for (i, rack) in racks.iter().enumerate() {
            let x = first_column_x + i as f32 * rack_width;
            cells.push(RackCell {
                rack_id: rack.clone(),
                row: row as u32,
                column: i as u32,
            });
            let onds: Vec<&str> = network
                .devices_with_role(DeviceRole::Ond)
                .filter(|d| d.rack_id.as_deref() == Some(rack.as_str()))
                .map(|d| d.id.as_str())
                .collect();
            let count = onds.len().max(1) as f32;
            for (k, ond) in onds.iter().enumerate() {
                placed.push(Placed {
                    id: (*ond).to_owned(),
                    tier: ond_tier + 2 * row as u32,
                    position: [x + (k as f32 - (count - 1.0) / 2.0) * spacing, ond_y],
                });
            }
            placed.push(Placed {
                id: rack.clone(),
                tier: ond_tier + 2 * row as u32 + 1,
                position: [x, ond_y + ond_drop],
            });
        }
    }
    // ONDs whose rack is not among the compute racks: a row of their own at the bottom.
    let rows = compute.len().div_ceil(per_row.max(1)) as f32;
    let strays: Vec<String> = network
        .devices_with_role(DeviceRole::Ond)
        .filter(|d| !placed.iter().any(|p| p.id == d.id))
        .map(|d| d.id.clone())
        .collect();
    for (i, id) in strays.iter().enumerate() {
        placed.push(Placed {
            id: id.clone(),
            tier: ond_tier + 2 * rows as u32,
            position: [(i as f32 + 0.5) * spacing, first_row_y + rows * row_height],
        });
    }
    let height = first_row_y + rows * row_height - tier_height * 0.35
        + if strays.is_empty() { 0.0 } else { tier_height };
    RackLayout {
        placed,
        size: [width, height.max(tier_height)],
        cells,
        columns: per_row as u32,
        rack_pitch: rack_width,
        first_column_x,
    }
}
