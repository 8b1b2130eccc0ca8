//! The network build plan of a planned or an existing first-generation Outpost: what the
//! network team cables, configures and peers. A cabling schedule (one row per customer-side
//! physical link; the AWS-managed OND-to-ACE links apart), the port channels with their two
//! VLANs, a point-to-point subnet and both BGP ASNs per VIF, a /26 service link subnet per
//! compute rack, and the local gateway's routing choice (a CoIP pool or direct VPC routing).
//!
//! The plan is read off the same [`RackNetwork`] the Rack network view draws and the bill of
//! materials counts ([`crate::topology::bom::counts_of`]), so its rows are the BOM's counts by
//! construction. For an existing Outpost, the VIFs a sync observed keep their VLANs, addresses
//! and ASNs, and the rest is allocated around them. Defaults (pools, first VLAN, ASNs) are this
//! product's, printed with the plan; every address comes from a pool the user can replace.

mod addresses;
mod cabling;
mod conflicts;

use std::collections::BTreeSet;

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::model::Estate;
use crate::topology::bom::{NetworkCounts, counts_of};
use crate::topology::rack_network::{RackKind, RackVif};
use crate::topology::{DeviceRole, Provenance, RackNetwork, VifPurpose};

pub use addresses::{overlaps, prefix_of};
pub use cabling::{AwsManagedLink, CableRow};
pub use conflicts::Conflict;

use addresses::{SubnetAllocator, VlanAllocator};

/// The product's default point-to-point pool (replace it with `--p2p-pool`).
pub const DEFAULT_P2P_POOL: &str = "10.255.0.0/24";
/// The product's default service link pool: room for 64 compute racks' /26 subnets.
pub const DEFAULT_SERVICE_LINK_POOL: &str = "10.254.0.0/20";
/// The product's default first VLAN id.
pub const DEFAULT_VLAN_START: u16 = 100;
/// The product's default Outpost-side ASN (a private ASN, as AWS requires).
pub const DEFAULT_ASN_AWS: u32 = 65_501;
/// The product's default customer-side ASN.
pub const DEFAULT_ASN_CUSTOMER: u32 = 65_001;

/// The point-to-point addressing of the VIFs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum P2pForm {
    /// A /31 per VIF: the Outpost side the first address, the customer the second.
    Slash31,
    /// A /30 per VIF: the Outpost side the first host, the customer the second.
    Slash30,
    /// With an ACE rack, one /29 per VLAN shared by the four ACE routers (first four hosts)
    /// and two customer devices (the next two).
    AceShared29,
}

impl P2pForm {
    /// Parses `31`, `30` or `29` (`/` allowed in front).
    pub fn parse(text: &str) -> Result<P2pForm, BuildPlanError> {
        match text.trim_start_matches('/') {
            "31" => Ok(P2pForm::Slash31),
            "30" => Ok(P2pForm::Slash30),
            "29" => Ok(P2pForm::AceShared29),
            other => Err(BuildPlanError::Input(format!(
                "the point-to-point prefix must be 31, 30 or 29 (ACE shared), not `{other}`"
            ))),
        }
    }

    fn prefix_len(self) -> u8 {
        match self {
            P2pForm::Slash31 => 31,
            P2pForm::Slash30 => 30,
            P2pForm::AceShared29 => 29,
        }
    }
}

/// How the local gateway routes to the customer network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Routing {
    /// Customer-owned IP: the pool is advertised over the LGW VIFs' BGP sessions.
    Coip {
        /// The CoIP pool (/26 or larger).
        pool: String,
    },
    /// Direct VPC routing: the LGW advertises the VPC subnets routed to it.
    DirectVpc,
}

/// What to plan the network with, beyond the layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressingInput {
    /// Point-to-point subnets come from here.
    pub p2p_pool: Ipv4Net,
    /// /31, /30 or the ACE shared /29.
    pub p2p_form: P2pForm,
    /// Each compute rack's /26 service link subnet comes from here.
    pub service_link_pool: Ipv4Net,
    /// The first VLAN id to hand out.
    pub vlan_start: u16,
    /// The Outpost side's ASN for new sessions.
    pub asn_aws: u32,
    /// The customer side's ASN for new sessions.
    pub asn_customer: u32,
    /// CoIP or direct VPC routing.
    pub routing: Routing,
}

impl Default for AddressingInput {
    fn default() -> Self {
        AddressingInput {
            p2p_pool: DEFAULT_P2P_POOL.parse().unwrap_or_default(),
            p2p_form: P2pForm::Slash31,
            service_link_pool: DEFAULT_SERVICE_LINK_POOL.parse().unwrap_or_default(),
            vlan_start: DEFAULT_VLAN_START,
            asn_aws: DEFAULT_ASN_AWS,
            asn_customer: DEFAULT_ASN_CUSTOMER,
            routing: Routing::DirectVpc,
        }
    }
}

/// Why no plan could be made: the input, never the estate.
#[derive(Debug, thiserror::Error)]
pub enum BuildPlanError {
    /// A pool has too little room.
    #[error(
        "{flag} {pool} has room for {room} /{prefix_len} subnet(s) beside what is in use; the plan needs {needed}: give a larger pool with {flag}"
    )]
    PoolTooSmall {
        /// `--p2p-pool` or `--service-link-pool`.
        flag: &'static str,
        /// The pool's CIDR.
        pool: String,
        /// The subnets' length.
        prefix_len: u8,
        /// How many the plan needs.
        needed: usize,
        /// How many fit.
        room: usize,
    },
    /// Anything else wrong with the input, in words.
    #[error("{0}")]
    Input(String),
}

/// One port channel: the AWS device, the customer device and the two VLANs it carries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PortChannelPlan {
    /// Its name, as on the customer device: `Po1`, ... (or the number the overlay asserts).
    pub name: String,
    /// The AWS device (OND or ACE router).
    pub aws_device: String,
    /// The customer device.
    pub customer_device: String,
    /// Physical member links.
    pub member_ports: u32,
    /// Speed of each member, Gbit/s.
    pub speed_gbps: Option<u32>,
    /// The service link VLAN.
    pub service_link_vlan: u16,
    /// The local gateway VLAN.
    pub local_gateway_vlan: u16,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// One VLAN VIF with its point-to-point subnet and eBGP session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VifPlan {
    /// The port channel's name.
    pub port_channel: String,
    /// Service link or local gateway.
    pub purpose: VifPurpose,
    /// The VLAN id.
    pub vlan: u16,
    /// The point-to-point subnet.
    pub prefix: String,
    /// The Outpost side's address, with the prefix length.
    pub aws_address: String,
    /// The customer side's address, with the prefix length.
    pub customer_address: String,
    /// The Outpost side's ASN.
    pub aws_asn: u32,
    /// The customer side's ASN.
    pub customer_asn: u32,
    /// `observed` (kept as the sync found it) or `derived` (allocated by this plan).
    pub provenance: Provenance,
    /// The AWS VIF id, when observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vif_id: Option<String>,
}

/// A compute rack's service link subnet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceLinkSubnet {
    /// The rack.
    pub rack: String,
    /// The /26.
    pub cidr: String,
    /// The two /27s the rack's ONDs advertise.
    pub advertised: Vec<String>,
}

/// The whole build plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BuildPlan {
    /// The Outpost id, or `planned`.
    pub outpost: String,
    /// Compute racks (not the ACE rack).
    pub racks: u32,
    /// Behind an ACE rack.
    pub ace: bool,
    /// Customer network devices.
    pub cnds: u32,
    /// The pools and choices the plan was made with.
    pub p2p_pool: String,
    /// `slash31`, `slash30` or `ace_shared29`.
    pub p2p_form: P2pForm,
    /// The service link pool.
    pub service_link_pool: String,
    /// CoIP pool or direct VPC routing.
    pub routing: Routing,
    /// Every customer-side physical link.
    pub links: Vec<CableRow>,
    /// Every port channel.
    pub port_channels: Vec<PortChannelPlan>,
    /// Every VIF, two per port channel.
    pub vifs: Vec<VifPlan>,
    /// One /26 per compute rack.
    pub service_link_subnets: Vec<ServiceLinkSubnet>,
    /// AWS's OND-to-ACE links: not the customer's to cable.
    pub aws_managed_links: Vec<AwsManagedLink>,
    /// What the plan collides with in the synced estate.
    pub conflicts: Vec<Conflict>,
    /// The bill of materials' counts of the same rack network.
    pub counts: NetworkCounts,
    /// What the reader must know: defaults used, what AWS assigns, shared-form counts.
    pub notes: Vec<String>,
}

/// Parses a pool given as `--flag CIDR`.
pub fn parse_pool(flag: &str, text: &str) -> Result<Ipv4Net, BuildPlanError> {
    text.parse().map_err(|_| {
        BuildPlanError::Input(format!(
            "{flag} `{text}` is not an IPv4 CIDR such as 10.255.0.0/24"
        ))
    })
}

/// Whether `asn` is a private ASN AWS accepts for the Outpost side.
fn is_private_asn(asn: u32) -> bool {
    (64_512..=65_534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn)
}

/// Checks the addressing input on its own (before any rack network is looked at).
fn check_input(network: &RackNetwork, input: &AddressingInput) -> Result<(), BuildPlanError> {
    let fail = |message: String| Err(BuildPlanError::Input(message));
    if network.generation != 1 {
        return fail(
            "build plans cover first-generation Outposts; a second-generation Outpost's LAGs and service link VIFs are AWS's to configure (see `edge-atlas topology`)".to_owned(),
        );
    }
    if !is_private_asn(input.asn_aws) {
        return fail(format!(
            "--asn-aws {} is not a private ASN: the Outpost side takes 64512-65534 or 4200000000-4294967294",
            input.asn_aws
        ));
    }
    if input.asn_customer == 0 || input.asn_customer == u32::MAX {
        return fail(format!(
            "--asn-customer {} is not a usable ASN (1-4294967294)",
            input.asn_customer
        ));
    }
    if input.asn_aws == input.asn_customer {
        return fail(format!(
            "--asn-aws and --asn-customer are both {}: the sessions are eBGP, so the two sides need different ASNs",
            input.asn_aws
        ));
    }
    if !(1..=4094).contains(&input.vlan_start) {
        return fail(format!(
            "--vlan-start {} is not a VLAN id (1-4094)",
            input.vlan_start
        ));
    }
    if input.p2p_form == P2pForm::AceShared29 {
        if !network.ace {
            return fail(
                "the shared /29 form is for ACE routers; without an ACE rack use /31 or /30"
                    .to_owned(),
            );
        }
        let cnds = network.devices_with_role(DeviceRole::Cnd).count();
        if cnds > 2 {
            return fail(format!(
                "the shared /29 has six host addresses: four ACE routers and two customer devices, not {cnds}; with four customer devices use /31 or /30"
            ));
        }
    }
    let mut pools = vec![
        ("--p2p-pool", input.p2p_pool),
        ("--service-link-pool", input.service_link_pool),
    ];
    if let Routing::Coip { pool } = &input.routing {
        let coip: Ipv4Net = pool.parse().map_err(|_| {
            BuildPlanError::Input(format!("--coip-pool `{pool}` is not an IPv4 CIDR"))
        })?;
        if coip.prefix_len() > 26 {
            return fail(format!(
                "--coip-pool {pool} is smaller than AWS's minimum CoIP pool, a /26"
            ));
        }
        pools.push(("--coip-pool", coip));
    }
    for (i, (flag_a, a)) in pools.iter().enumerate() {
        for (flag_b, b) in &pools[i + 1..] {
            if overlaps(a, b) {
                return fail(format!(
                    "{flag_a} {a} overlaps {flag_b} {b}: the pools must not share addresses"
                ));
            }
        }
    }
    Ok(())
}

/// The build plan of `network` (planned, or observed with the user's overlay): observed VIFs
/// kept, the rest allocated from `input`'s pools; checked against `estate` when given.
pub fn build_plan(
    network: &RackNetwork,
    input: &AddressingInput,
    estate: Option<&Estate>,
) -> Result<BuildPlan, BuildPlanError> {
    check_input(network, input)?;
    let counts = counts_of(network);
    let port_channel_names = cabling::port_channel_names(network);
    let (links, aws_managed_links) = cabling::cabling_schedule(network, &port_channel_names);

    // What the sync observed stays; its VLANs and prefixes are not handed out again.
    let kept: Vec<&RackVif> = network
        .vifs
        .iter()
        .filter(|v| {
            v.provenance == Provenance::Observed
                && v.vlan.is_some()
                && v.local_address.as_deref().and_then(prefix_of).is_some()
        })
        .collect();
    let used_vlans: BTreeSet<u16> = kept.iter().filter_map(|v| v.vlan).collect();
    let used_prefixes: Vec<Ipv4Net> = kept
        .iter()
        .filter_map(|v| v.local_address.as_deref().and_then(prefix_of))
        .collect();
    let mut vlans = VlanAllocator::new(input.vlan_start, used_vlans);
    let mut p2p = SubnetAllocator::new(input.p2p_pool, "--p2p-pool", used_prefixes);

    let vifs = match input.p2p_form {
        P2pForm::AceShared29 => {
            shared_vifs(network, input, &port_channel_names, &mut vlans, &mut p2p)?
        }
        form => per_vif_subnets(
            network,
            input,
            form,
            &port_channel_names,
            &kept,
            &mut vlans,
            &mut p2p,
        )?,
    };
    let port_channels = network
        .port_channels
        .iter()
        .map(|channel| {
            let name = port_channel_names.name(&channel.id);
            let vlan_of = |purpose: VifPurpose| {
                vifs.iter()
                    .find(|v| v.port_channel == name && v.purpose == purpose)
                    .map_or(0, |v| v.vlan)
            };
            PortChannelPlan {
                name: name.clone(),
                aws_device: device_name(network, &channel.aws_device),
                customer_device: device_name(network, &channel.customer_device),
                member_ports: channel.member_ports,
                speed_gbps: channel.speed_gbps,
                service_link_vlan: vlan_of(VifPurpose::ServiceLink),
                local_gateway_vlan: vlan_of(VifPurpose::LocalGateway),
                provenance: channel.provenance,
            }
        })
        .collect();

    let compute_racks: Vec<&str> = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
        .map(|r| r.rack_id.as_str())
        .collect();
    let mut service_link =
        SubnetAllocator::new(input.service_link_pool, "--service-link-pool", Vec::new());
    let mut service_link_subnets = Vec::with_capacity(compute_racks.len());
    for rack in &compute_racks {
        let cidr = service_link.take(26, compute_racks.len())?;
        let advertised = cidr
            .subnets(27)
            .map(|halves| halves.map(|h| h.to_string()).collect())
            .unwrap_or_default();
        service_link_subnets.push(ServiceLinkSubnet {
            rack: (*rack).to_owned(),
            cidr: cidr.to_string(),
            advertised,
        });
    }

    let mut notes = vec![
        "AWS assigns the Outpost-side physical ports at installation; the AWS port column numbers the member links of each port channel.".to_owned(),
        "Customer ports are placeholders unless the site overlay names them.".to_owned(),
    ];
    if input.p2p_form == P2pForm::AceShared29 {
        notes.push(format!(
            "Shared /29 form: {} VIFs on 2 VLANs in 2 point-to-point subnets (the per-VIF form would take {}).",
            counts.vlan_vifs, counts.p2p_subnets
        ));
    }
    if !kept.is_empty() {
        let (aws_asn, customer_asn) = session_asns(network, input);
        notes.push(format!(
            "{} VIF(s) observed by the sync are kept with their VLANs, addresses and ASNs; the rest is allocated around them, its sessions on the ASNs the observed ones use ({aws_asn} on the Outpost side, {customer_asn} on the customer's).",
            kept.len()
        ));
    }
    let mut plan = BuildPlan {
        outpost: network.outpost_id.clone(),
        racks: compute_racks.len() as u32,
        ace: network.ace,
        cnds: network.devices_with_role(DeviceRole::Cnd).count() as u32,
        p2p_pool: input.p2p_pool.trunc().to_string(),
        p2p_form: input.p2p_form,
        service_link_pool: input.service_link_pool.trunc().to_string(),
        routing: input.routing.clone(),
        links,
        port_channels,
        vifs,
        service_link_subnets,
        aws_managed_links,
        conflicts: Vec::new(),
        counts,
        notes,
    };
    if let Some(estate) = estate {
        plan.conflicts = conflicts::find(&plan, estate);
    }
    Ok(plan)
}

/// A device's display name (its id when the network does not have it).
fn device_name(network: &RackNetwork, id: &str) -> String {
    network
        .device(id)
        .map_or_else(|| id.to_owned(), |d| d.name.clone())
}

/// The AWS side's and the customer side's addresses in a point-to-point subnet.
fn p2p_addresses(subnet: Ipv4Net) -> (String, String) {
    let base = u32::from(subnet.network());
    let (aws, customer) = if subnet.prefix_len() == 31 {
        (base, base + 1)
    } else {
        (base + 1, base + 2)
    };
    let len = subnet.prefix_len();
    (
        format!("{}/{len}", std::net::Ipv4Addr::from(aws)),
        format!("{}/{len}", std::net::Ipv4Addr::from(customer)),
    )
}

/// A /31 or /30 per VIF, in the network's VIF order; observed VIFs as they are.
fn per_vif_subnets(
    network: &RackNetwork,
    input: &AddressingInput,
    form: P2pForm,
    names: &cabling::PortChannelNames,
    kept: &[&RackVif],
    vlans: &mut VlanAllocator,
    p2p: &mut SubnetAllocator,
) -> Result<Vec<VifPlan>, BuildPlanError> {
    let needed = network.vifs.len() - kept.len();
    let (default_aws_asn, default_customer_asn) = session_asns(network, input);
    let mut plans = Vec::with_capacity(network.vifs.len());
    for vif in &network.vifs {
        let session = network.bgp_sessions.iter().find(|s| s.vif == vif.id);
        let aws_asn = session.and_then(|s| s.local_asn).unwrap_or(default_aws_asn);
        let customer_asn = session
            .and_then(|s| s.peer_asn)
            .unwrap_or(default_customer_asn);
        let port_channel = names.name(&vif.port_channel);
        if kept.iter().any(|k| k.id == vif.id) {
            let local = vif.local_address.clone().unwrap_or_default();
            plans.push(VifPlan {
                port_channel,
                purpose: vif.purpose,
                vlan: vif.vlan.unwrap_or_default(),
                prefix: prefix_of(&local).map(|p| p.to_string()).unwrap_or_default(),
                aws_address: local,
                customer_address: vif.peer_address.clone().unwrap_or_default(),
                aws_asn,
                customer_asn,
                provenance: Provenance::Observed,
                vif_id: Some(vif.id.clone()),
            });
            continue;
        }
        let vlan = match vif.vlan {
            Some(asserted) => asserted,
            None => vlans.take()?,
        };
        let subnet = p2p.take(form.prefix_len(), needed)?;
        let (aws_address, customer_address) = p2p_addresses(subnet);
        plans.push(VifPlan {
            port_channel,
            purpose: vif.purpose,
            vlan,
            prefix: subnet.to_string(),
            aws_address,
            customer_address,
            aws_asn,
            customer_asn,
            provenance: Provenance::Derived,
            vif_id: None,
        });
    }
    Ok(plans)
}

/// The ASNs new sessions take: those the Outpost's observed sessions already use (an Outpost
/// has one AWS-side ASN, and its customer peers with one), else the input's.
fn session_asns(network: &RackNetwork, input: &AddressingInput) -> (u32, u32) {
    let observed = network
        .bgp_sessions
        .iter()
        .filter(|s| s.provenance == Provenance::Observed);
    let aws = observed.clone().find_map(|s| s.local_asn);
    let customer = observed.clone().find_map(|s| s.peer_asn);
    (
        aws.unwrap_or(input.asn_aws),
        customer.unwrap_or(input.asn_customer),
    )
}

/// The ACE shared form: one VLAN and one /29 per purpose; ACE router `i` takes host `i`, the
/// customer devices hosts 5 and 6.
fn shared_vifs(
    network: &RackNetwork,
    input: &AddressingInput,
    names: &cabling::PortChannelNames,
    vlans: &mut VlanAllocator,
    p2p: &mut SubnetAllocator,
) -> Result<Vec<VifPlan>, BuildPlanError> {
    let cnds: Vec<&str> = network
        .devices_with_role(DeviceRole::Cnd)
        .map(|d| d.id.as_str())
        .collect();
    let routers: Vec<&str> = network
        .devices_with_role(DeviceRole::AceRouter)
        .map(|d| d.id.as_str())
        .collect();
    let mut shared = Vec::new();
    for purpose in [VifPurpose::ServiceLink, VifPurpose::LocalGateway] {
        shared.push((purpose, vlans.take()?, p2p.take(29, 2)?));
    }
    let host = |subnet: Ipv4Net, n: usize| {
        format!(
            "{}/29",
            std::net::Ipv4Addr::from(u32::from(subnet.network()) + n as u32)
        )
    };
    let mut plans = Vec::with_capacity(network.vifs.len());
    for vif in &network.vifs {
        let Some(channel) = network
            .port_channels
            .iter()
            .find(|c| c.id == vif.port_channel)
        else {
            continue;
        };
        let Some(&(_, vlan, subnet)) = shared.iter().find(|(p, _, _)| *p == vif.purpose) else {
            continue;
        };
        let router = routers
            .iter()
            .position(|r| *r == channel.aws_device)
            .unwrap_or(0);
        let cnd = cnds
            .iter()
            .position(|c| *c == channel.customer_device)
            .unwrap_or(0);
        plans.push(VifPlan {
            port_channel: names.name(&vif.port_channel),
            purpose: vif.purpose,
            vlan,
            prefix: subnet.to_string(),
            aws_address: host(subnet, 1 + router),
            customer_address: host(subnet, 5 + cnd),
            aws_asn: input.asn_aws,
            customer_asn: input.asn_customer,
            provenance: Provenance::Derived,
            vif_id: None,
        });
    }
    Ok(plans)
}
