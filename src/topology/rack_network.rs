//! The rack network of one Outpost: ONDs, ACE routers and customer devices (CNDs), the LACP
//! port channels between them, the two VLAN VIFs per port channel and their eBGP sessions.
//!
//! No AWS API shows all of this, so every element carries its [`Provenance`]:
//! - *observed*: what a sync found (LGW VIFs with VLAN, addresses, ASNs; Outpost LAGs and service
//!   link VIFs of second-generation racks; rack assets);
//! - *asserted*: the user's site overlay (ACE rack, CND names, ports, port-channel numbers);
//! - *inferred*: what follows from observations by a stated rule (the rule is in `ace_reason`);
//! - *derived*: what AWS's published rules imply (two ONDs per rack, one port channel per
//!   customer-facing device carrying a service link VIF and an LGW VIF, one eBGP session per
//!   VIF; OND-to-ACE links are AWS-managed, one aggregate link per OND, outside the bill of
//!   materials).
//!
//! The types live here; [`super::derive`] builds them from a sync or a plan, through one
//! assembly, so a planner's drawing and the numbers counted from it come from one place.

use serde::Serialize;

/// Where an element of the rack network comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Found by a sync.
    Observed,
    /// Follows from observations by a stated rule.
    Inferred,
    /// Implied by AWS's published rules (or a plan).
    Derived,
    /// Stated by the user in the site overlay.
    Asserted,
}

impl Provenance {
    /// The provenance's name: `observed`, `inferred`, `derived` or `asserted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Observed => "observed",
            Provenance::Inferred => "inferred",
            Provenance::Derived => "derived",
            Provenance::Asserted => "asserted",
        }
    }
}

/// The role of a network device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRole {
    /// Outpost network device (two per compute rack).
    Ond,
    /// ACE router (four per ACE rack).
    AceRouter,
    /// Customer network device.
    Cnd,
}

/// What a VIF carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VifPurpose {
    /// The service link to the home Region.
    ServiceLink,
    /// The local gateway to the customer network.
    LocalGateway,
}

/// What kind of rack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RackKind {
    /// A compute rack.
    Compute,
    /// The ACE rack (first-generation aggregation).
    Ace,
}

/// A rack of the Outpost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rack {
    /// The rack id (`RackId` of its assets; a label for planned or asserted racks).
    pub rack_id: String,
    /// Compute or ACE.
    pub kind: RackKind,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// A network device.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    /// Unique id, e.g. `op-0...:FN0123456789:ond-1`.
    pub id: String,
    /// OND, ACE router or CND.
    pub role: DeviceRole,
    /// Display name.
    pub name: String,
    /// The rack the device is in (ONDs).
    pub rack_id: Option<String>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// An LACP port channel (802.1Q trunk) between an AWS device and a customer device.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortChannel {
    /// Unique id.
    pub id: String,
    /// The AWS-side device's id.
    pub aws_device: String,
    /// The customer device's id.
    pub customer_device: String,
    /// The port-channel number on the customer device, when asserted.
    pub number: Option<u32>,
    /// Physical member links (one customer-side port and one fibre each).
    pub member_ports: u32,
    /// Speed of each member, Gbit/s, when known.
    pub speed_gbps: Option<u32>,
    /// The customer device's member ports, when asserted.
    pub customer_ports: Vec<String>,
    /// The observed Outpost LAG, for second-generation racks.
    pub outpost_lag_id: Option<String>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// A VLAN point-to-point virtual interface on a port channel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackVif {
    /// Unique id: the AWS VIF id when observed.
    pub id: String,
    /// The port channel carrying it.
    pub port_channel: String,
    /// Service link or local gateway.
    pub purpose: VifPurpose,
    /// The VLAN id, when known.
    pub vlan: Option<u16>,
    /// The Outpost side's address with prefix length, when known.
    pub local_address: Option<String>,
    /// The customer side's address with prefix length, when known.
    pub peer_address: Option<String>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// An eBGP session over one VIF.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BgpSession {
    /// Unique id.
    pub id: String,
    /// The VIF it runs over.
    pub vif: String,
    /// The AWS-side device's id.
    pub aws_device: String,
    /// The customer device's id.
    pub customer_device: String,
    /// The Outpost side's ASN, when known.
    pub local_asn: Option<u32>,
    /// The customer's ASN, when known.
    pub peer_asn: Option<u32>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// What a link is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Customer-side physical links of one port channel (customer's bill of materials).
    Physical,
    /// The AWS-managed aggregate between an OND and the ACE rack (outside the customer's BOM).
    AwsManaged,
}

/// A link between two devices (or a device and the ACE rack).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// One end (device id).
    pub from: String,
    /// The other end (device id, or the ACE rack's rack id).
    pub to: String,
    /// Physical customer-side or AWS-managed.
    pub kind: LinkKind,
    /// Number of physical links it stands for.
    pub ports: u32,
    /// Speed of each, Gbit/s, when known.
    pub speed_gbps: Option<u32>,
    /// The port channel it carries, for physical links.
    pub port_channel: Option<String>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// The whole rack network of one Outpost (observed or planned).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackNetwork {
    /// The Outpost id (`planned` for a plan).
    pub outpost_id: String,
    /// 1 or 2.
    pub generation: u8,
    /// Whether the compute racks sit behind an ACE rack.
    pub ace: bool,
    /// How `ace` is known.
    pub ace_provenance: Provenance,
    /// Why: the overlay, or the rule that inferred or derived it.
    pub ace_reason: String,
    /// Compute racks, then the ACE rack when there is one.
    pub racks: Vec<Rack>,
    /// ONDs, ACE routers, CNDs.
    pub devices: Vec<Device>,
    /// Customer-side port channels.
    pub port_channels: Vec<PortChannel>,
    /// Two per port channel: service link and local gateway.
    pub vifs: Vec<RackVif>,
    /// One per VIF.
    pub bgp_sessions: Vec<BgpSession>,
    /// Physical customer-side links and AWS-managed aggregates.
    pub links: Vec<Link>,
}

/// A rack network to plan: no synced data, everything derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutPlan {
    /// Compute racks (not counting the ACE rack).
    pub compute_racks: u32,
    /// Behind an ACE rack.
    pub ace: bool,
    /// Physical uplinks per customer-facing device (OND without ACE, ACE router with).
    pub uplinks_per_device: u32,
    /// Customer network devices: 2 or 4.
    pub cnds: u32,
    /// Uplink speed, Gbit/s.
    pub uplink_gbps: u32,
}

impl RackNetwork {
    /// The device with this id.
    pub fn device(&self, id: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.id == id)
    }

    /// Devices of one role.
    pub fn devices_with_role(&self, role: DeviceRole) -> impl Iterator<Item = &Device> {
        self.devices.iter().filter(move |d| d.role == role)
    }
}
