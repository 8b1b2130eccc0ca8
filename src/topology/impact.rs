//! Failure impact: take devices, port channels or racks out of an Outpost's rack network and
//! see which compute racks lose their link to the customer network and to the home Region,
//! which are down to a single path, and which keep a redundant one.
//!
//! A compute rack reaches the customer network through its ONDs: directly over their port
//! channels to CNDs (no ACE), or through the AWS-managed ACE fabric and the ACE routers' port
//! channels (ACE). The service link to the home Region rides the same port channels (a VLAN
//! of its own on each), so a rack's home-Region reach is its customer-network reach. A rack
//! keeps a *redundant* path when at least two of its ONDs still get out, over at least two
//! surviving customer-facing devices, to at least two different CNDs.

use std::collections::BTreeSet;

use serde::Serialize;

use super::rack_network::{DeviceRole, RackKind, RackNetwork};

/// How a rack reaches somewhere after the failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// Still reachable with no single point of failure in the customer-facing tier.
    Redundant,
    /// Still reachable, but through one path only.
    SinglePath,
    /// Cut off.
    Lost,
}

/// One compute rack after the failure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackImpact {
    /// The rack.
    pub rack_id: String,
    /// Its link to the customer network.
    pub customer_network: Reach,
    /// Its service link to the home Region.
    pub home_region: Reach,
    /// ONDs of the rack that still get out.
    pub surviving_onds: u32,
    /// Distinct CNDs still reached.
    pub reachable_cnds: u32,
}

/// The impact of removing some elements of one Outpost's rack network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Impact {
    /// The Outpost.
    pub outpost_id: String,
    /// What was removed (element ids).
    pub removed: Vec<String>,
    /// Racks cut off from the customer network and the home Region.
    pub isolated_racks: Vec<String>,
    /// Racks still connected through a single path.
    pub single_path_racks: Vec<String>,
    /// Racks that keep a redundant path.
    pub redundant_racks: Vec<String>,
    /// Every compute rack in detail.
    pub racks: Vec<RackImpact>,
    /// How to read it.
    pub note: String,
}

/// Why an impact could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ImpactError {
    /// An id is not an element of this rack network.
    #[error(
        "`{0}` is not a device, port channel, LAG or rack of Outpost {1}; `edge-atlas topology {1}` lists them"
    )]
    UnknownElement(String, String),
}

impl RackNetwork {
    /// True when `id` names a device, port channel (or its Outpost LAG) or rack of this network.
    pub fn has_element(&self, id: &str) -> bool {
        self.devices.iter().any(|d| d.id == id)
            || self
                .port_channels
                .iter()
                .any(|p| p.id == id || p.outpost_lag_id.as_deref() == Some(id))
            || self.racks.iter().any(|r| r.rack_id == id)
    }
}

/// Removes `removed` (device, port channel, Outpost LAG or rack ids) and reports the impact.
pub fn impact(network: &RackNetwork, removed: &[String]) -> Result<Impact, ImpactError> {
    for id in removed {
        if !network.has_element(id) {
            return Err(ImpactError::UnknownElement(
                id.clone(),
                network.outpost_id.clone(),
            ));
        }
    }
    let gone: BTreeSet<&str> = removed.iter().map(String::as_str).collect();
    let channel_alive = |channel: &super::rack_network::PortChannel| {
        !gone.contains(channel.id.as_str())
            && !channel
                .outpost_lag_id
                .as_deref()
                .is_some_and(|l| gone.contains(l))
            && !gone.contains(channel.aws_device.as_str())
            && !gone.contains(channel.customer_device.as_str())
    };
    // CNDs each customer-facing device still reaches.
    let reached_from = |device: &str| -> BTreeSet<&str> {
        network
            .port_channels
            .iter()
            .filter(|c| c.aws_device == device && channel_alive(c))
            .map(|c| c.customer_device.as_str())
            .collect()
    };
    let ace_fabric_alive = network.ace
        && network
            .racks
            .iter()
            .filter(|r| r.kind == RackKind::Ace)
            .all(|r| !gone.contains(r.rack_id.as_str()));
    let live_routers: Vec<BTreeSet<&str>> = network
        .devices_with_role(DeviceRole::AceRouter)
        .filter(|d| ace_fabric_alive && !gone.contains(d.id.as_str()))
        .map(|d| reached_from(&d.id))
        .filter(|cnds| !cnds.is_empty())
        .collect();

    let mut result = Impact {
        outpost_id: network.outpost_id.clone(),
        removed: removed.to_vec(),
        isolated_racks: Vec::new(),
        single_path_racks: Vec::new(),
        redundant_racks: Vec::new(),
        racks: Vec::new(),
        note: "A rack's service link to the home Region rides the same port channels as its link to the \
               customer network, so both are reached or lost together. Redundant: two or more ONDs get out, \
               over two or more customer-facing devices, to two or more CNDs."
            .to_owned(),
    };
    for rack in network.racks.iter().filter(|r| r.kind == RackKind::Compute) {
        let rack_gone = gone.contains(rack.rack_id.as_str());
        let onds: Vec<&str> = network
            .devices_with_role(DeviceRole::Ond)
            .filter(|d| {
                d.rack_id.as_deref() == Some(rack.rack_id.as_str())
                    && !rack_gone
                    && !gone.contains(d.id.as_str())
            })
            .map(|d| d.id.as_str())
            .collect();
        let (surviving_onds, facing_devices, cnds): (u32, u32, BTreeSet<&str>) = if network.ace {
            let cnds: BTreeSet<&str> = live_routers.iter().flatten().copied().collect();
            let onds_out = if live_routers.is_empty() {
                0
            } else {
                onds.len() as u32
            };
            (
                onds_out,
                live_routers.len() as u32,
                if onds_out > 0 { cnds } else { BTreeSet::new() },
            )
        } else {
            let per_ond: Vec<BTreeSet<&str>> = onds
                .iter()
                .map(|d| reached_from(d))
                .filter(|c| !c.is_empty())
                .collect();
            let count = per_ond.len() as u32;
            (count, count, per_ond.into_iter().flatten().collect())
        };
        let reach = if surviving_onds == 0 || cnds.is_empty() {
            Reach::Lost
        } else if surviving_onds >= 2 && facing_devices >= 2 && cnds.len() >= 2 {
            Reach::Redundant
        } else {
            Reach::SinglePath
        };
        let list = match reach {
            Reach::Lost => &mut result.isolated_racks,
            Reach::SinglePath => &mut result.single_path_racks,
            Reach::Redundant => &mut result.redundant_racks,
        };
        list.push(rack.rack_id.clone());
        result.racks.push(RackImpact {
            rack_id: rack.rack_id.clone(),
            customer_network: reach,
            home_region: reach,
            surviving_onds,
            reachable_cnds: cnds.len() as u32,
        });
    }
    Ok(result)
}
