//! Rack network layout: one Outpost's devices in tiers, customer devices on top, then ACE
//! routers and the ACE rack (when present), ONDs, and the compute racks at the bottom. Each
//! tier is centred under the widest; ONDs sit over their rack.

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

/// The laid-out rack network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackLayout {
    /// Every device and rack.
    pub placed: Vec<Placed>,
    /// Width and height.
    pub size: [f32; 2],
}

impl RackLayout {
    /// Where an element is.
    pub fn position(&self, id: &str) -> Option<[f32; 2]> {
        self.placed.iter().find(|p| p.id == id).map(|p| p.position)
    }
}

/// Lays out a rack network; `spacing` is the distance between neighbouring ONDs.
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
    let ace_racks: Vec<String> = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Ace)
        .map(|r| r.rack_id.clone())
        .collect();
    let mut tiers: Vec<Vec<String>> = vec![ids(DeviceRole::Cnd)];
    if network.ace {
        tiers.push(ids(DeviceRole::AceRouter));
        tiers.push(ace_racks);
    }
    let onds = ids(DeviceRole::Ond);
    tiers.push(onds.clone());
    let rack_tier = tiers.len() as u32;
    let widest = tiers
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(compute.len() * 2)
        .max(1);
    let width = widest as f32 * spacing;
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
    // Each rack under the middle of its two ONDs.
    for rack in &compute {
        let xs: Vec<f32> = network
            .devices_with_role(DeviceRole::Ond)
            .filter(|d| d.rack_id.as_deref() == Some(rack.as_str()))
            .filter_map(|d| placed.iter().find(|p| p.id == d.id).map(|p| p.position[0]))
            .collect();
        let x = if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f32>() / xs.len() as f32
        };
        placed.push(Placed {
            id: rack.clone(),
            tier: rack_tier,
            position: [x, rack_tier as f32 * tier_height],
        });
    }
    RackLayout {
        placed,
        size: [width, (rack_tier + 1) as f32 * tier_height],
    }
}
