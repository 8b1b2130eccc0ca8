//! The cabling schedule: one row per customer-side physical link of the rack network (a port
//! channel of K members is K rows), with the optic each end takes at the link's speed; and the
//! AWS-managed OND-to-ACE links, listed apart because AWS cables them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::planner::racks::optic_for;
use crate::topology::rack_network::LinkKind;
use crate::topology::{Provenance, RackNetwork};

/// One customer-side physical link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CableRow {
    /// The AWS device (OND or ACE router).
    pub aws_device: String,
    /// The AWS device's uplink, numbered within the port channel (AWS assigns the physical
    /// port at installation).
    pub aws_port: String,
    /// The customer device.
    pub customer_device: String,
    /// The customer device's port: as the site overlay names it, else a placeholder.
    pub customer_port: String,
    /// The optic at each end.
    pub optic: String,
    /// The port channel it is a member of.
    pub port_channel: String,
    /// Gbit/s.
    pub speed_gbps: Option<u32>,
    /// Where the link comes from.
    pub provenance: Provenance,
}

/// An OND's link to the ACE rack: AWS's to cable and address.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AwsManagedLink {
    /// The OND.
    pub ond: String,
    /// The ACE rack.
    pub ace_rack: String,
}

/// The port channels' names: the number the overlay asserts, else `Po1`, `Po2`, ... in the
/// network's order, skipping asserted numbers.
pub struct PortChannelNames(BTreeMap<String, String>);

impl PortChannelNames {
    /// The name of the port channel with this id.
    pub fn name(&self, channel_id: &str) -> String {
        self.0
            .get(channel_id)
            .cloned()
            .unwrap_or_else(|| channel_id.to_owned())
    }
}

/// Names every port channel of `network`.
pub fn port_channel_names(network: &RackNetwork) -> PortChannelNames {
    let asserted: Vec<u32> = network
        .port_channels
        .iter()
        .filter_map(|c| c.number)
        .collect();
    let mut next = 1u32;
    let mut names = BTreeMap::new();
    for channel in &network.port_channels {
        let number = match channel.number {
            Some(number) => number,
            None => {
                while asserted.contains(&next) {
                    next += 1;
                }
                next += 1;
                next - 1
            }
        };
        names.insert(channel.id.clone(), format!("Po{number}"));
    }
    PortChannelNames(names)
}

/// The cabling schedule and the AWS-managed links of `network`.
pub fn cabling_schedule(
    network: &RackNetwork,
    names: &PortChannelNames,
) -> (Vec<CableRow>, Vec<AwsManagedLink>) {
    let name_of = |id: &str| {
        network
            .device(id)
            .map_or_else(|| id.to_owned(), |d| d.name.clone())
    };
    let mut rows = Vec::new();
    for channel in &network.port_channels {
        let port_channel = names.name(&channel.id);
        let customer_device = name_of(&channel.customer_device);
        for member in 1..=channel.member_ports {
            let customer_port = channel
                .customer_ports
                .get(member as usize - 1)
                .cloned()
                .unwrap_or_else(|| format!("(to assign: {port_channel} member {member})"));
            rows.push(CableRow {
                aws_device: name_of(&channel.aws_device),
                aws_port: format!("uplink {member}"),
                customer_device: customer_device.clone(),
                customer_port,
                optic: channel
                    .speed_gbps
                    .map_or_else(|| "(speed unknown)".to_owned(), |g| optic_for(g).to_owned()),
                port_channel: port_channel.clone(),
                speed_gbps: channel.speed_gbps,
                provenance: channel.provenance,
            });
        }
    }
    let managed = network
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::AwsManaged)
        .map(|l| AwsManagedLink {
            ond: name_of(&l.from),
            ace_rack: l.to.clone(),
        })
        .collect();
    (rows, managed)
}
