//! The site overlay: what the user asserts about an Outpost's network that no AWS API shows.
//!
//! AWS's APIs never say whether an ACE rack is installed, what the customer's network devices
//! (CNDs) are called, or which ports and port-channel numbers connect them to the Outpost
//! network devices (ONDs) or ACE routers. Engineers know; the overlay is where they say so. It is
//! kept beside the snapshots (one entry per Outpost, surviving every sync), never written into a
//! snapshot, and everything drawn from it is marked *asserted*.

use serde::{Deserialize, Serialize};

use super::{Entity, Estate};

/// All asserted facts, one entry per Outpost.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteOverlay {
    /// One entry per Outpost the user has described.
    #[serde(default)]
    pub outposts: Vec<OutpostOverlay>,
}

/// What the user asserts about one Outpost's rack network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutpostOverlay {
    /// The Outpost described.
    pub outpost_id: String,
    /// Present when an ACE rack aggregates the Outpost's compute racks.
    #[serde(default)]
    pub ace_rack: Option<AceRack>,
    /// The customer network devices the Outpost connects to.
    #[serde(default)]
    pub customer_devices: Vec<CustomerDevice>,
    /// The LACP port channels between AWS devices and customer devices.
    #[serde(default)]
    pub port_channels: Vec<PortChannel>,
    /// Free-text notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// An asserted ACE (Aggregation, Core, Edge) rack: four ACE routers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AceRack {
    /// The ACE rack's id or label, when known.
    #[serde(default)]
    pub rack_label: Option<String>,
    /// Host names of the four ACE routers, in router order (index 1 to 4).
    #[serde(default)]
    pub router_names: Vec<String>,
}

/// A customer network device (CND): a switch or router of the customer's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerDevice {
    /// Host name, unique within the Outpost's overlay.
    pub name: String,
    /// Make and model, free text.
    #[serde(default)]
    pub model: Option<String>,
    /// Management address, free text.
    #[serde(default)]
    pub management_address: Option<String>,
}

/// The AWS side of a port channel: an Outpost network device of a rack, or an ACE router.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case", deny_unknown_fields)]
pub enum AwsDevice {
    /// OND 1 or 2 of a compute rack.
    Ond {
        /// The rack (`RackId` of the rack's assets).
        rack_id: String,
        /// 1 or 2.
        index: u8,
    },
    /// ACE router 1 to 4.
    AceRouter {
        /// 1 to 4.
        index: u8,
    },
}

/// An LACP port channel (802.1Q trunk) between one AWS device and one customer device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortChannel {
    /// The AWS device.
    pub aws_device: AwsDevice,
    /// The customer device's name (one of the overlay's `customer_devices`).
    pub customer_device: String,
    /// The port-channel number on the customer device.
    pub port_channel_number: u32,
    /// Member ports on the customer device, e.g. `Ethernet1/49`.
    #[serde(default)]
    pub customer_ports: Vec<String>,
    /// Speed of each member port in Gbit/s.
    #[serde(default)]
    pub port_speed_gbps: Option<u32>,
    /// The observed LGW VIFs that run over this port channel.
    #[serde(default)]
    pub local_gateway_virtual_interface_ids: Vec<String>,
    /// The service link VLAN on this port channel (first-generation racks do not report it).
    #[serde(default)]
    pub service_link_vlan: Option<u16>,
}

impl OutpostOverlay {
    /// Checks that everything the overlay refers to exists in `estate`: the Outpost, its racks,
    /// the VIFs (on this Outpost's local gateway), the declared customer devices (named, once
    /// each), and that device indexes and port-channel numbers are valid. Returns one sentence
    /// per problem.
    pub fn problems(&self, estate: &Estate) -> Vec<String> {
        let mut problems = Vec::new();
        let Some(outpost) = estate
            .outposts
            .iter()
            .find(|o| o.outpost_id == self.outpost_id)
        else {
            return vec![format!(
                "Outpost {} is not in the snapshot",
                self.outpost_id
            )];
        };
        let racks: std::collections::BTreeSet<&str> = estate
            .assets
            .iter()
            .filter(|asset| asset.outpost_id == outpost.outpost_id)
            .map(|asset| asset.rack_id.as_str())
            .collect();
        let gateways: std::collections::BTreeSet<&str> = estate
            .local_gateways
            .iter()
            .filter(|lgw| lgw.outpost_arn == outpost.outpost_arn)
            .map(|lgw| lgw.id())
            .collect();
        let mut names = std::collections::BTreeSet::new();
        for (position, device) in self.customer_devices.iter().enumerate() {
            if device.name.trim().is_empty() {
                problems.push(format!("customer device #{} has no name", position + 1));
            } else if !names.insert(device.name.as_str()) {
                problems.push(format!(
                    "customer device `{}` is declared twice",
                    device.name
                ));
            }
        }
        if let Some(ace) = &self.ace_rack
            && ace.router_names.len() > 4
        {
            problems.push(format!(
                "the ACE rack has four routers, not {}",
                ace.router_names.len()
            ));
        }
        let mut numbers = std::collections::BTreeSet::new();
        for (position, channel) in self.port_channels.iter().enumerate() {
            let at = format!(
                "port channel {} (#{})",
                channel.port_channel_number,
                position + 1
            );
            if !self
                .customer_devices
                .iter()
                .any(|d| d.name == channel.customer_device)
            {
                problems.push(format!(
                    "{at}: customer device `{}` is not declared",
                    channel.customer_device
                ));
            }
            if !numbers.insert((&channel.customer_device, channel.port_channel_number)) {
                problems.push(format!(
                    "{at}: number used twice on `{}`",
                    channel.customer_device
                ));
            }
            match &channel.aws_device {
                AwsDevice::Ond { rack_id, index } => {
                    if !racks.contains(rack_id.as_str()) {
                        problems.push(format!(
                            "{at}: rack {rack_id} has no assets on this Outpost"
                        ));
                    }
                    if !(1..=2).contains(index) {
                        problems.push(format!("{at}: OND index {index} is not 1 or 2"));
                    }
                }
                AwsDevice::AceRouter { index } => {
                    if self.ace_rack.is_none() {
                        problems.push(format!(
                            "{at}: names an ACE router but no ACE rack is asserted"
                        ));
                    }
                    if !(1..=4).contains(index) {
                        problems.push(format!("{at}: ACE router index {index} is not 1 to 4"));
                    }
                }
            }
            for vif_id in &channel.local_gateway_virtual_interface_ids {
                let on_this_outpost = estate.vifs.iter().any(|vif| {
                    vif.id() == vif_id && gateways.contains(vif.local_gateway_id.as_str())
                });
                if !on_this_outpost {
                    problems.push(format!("{at}: VIF {vif_id} is not a VIF of this Outpost"));
                }
            }
        }
        problems
    }
}

impl SiteOverlay {
    /// The entry for one Outpost, if the user described it.
    pub fn for_outpost(&self, outpost_id: &str) -> Option<&OutpostOverlay> {
        self.outposts
            .iter()
            .find(|entry| entry.outpost_id == outpost_id)
    }
}
