//! Deriving an Outpost's rack network: from what a sync observed plus the user's overlay, or
//! from a plan. Both go through one [`assemble`], so a planned drawing and an observed one
//! follow the same rules (see [`super::rack_network`] for the rules and provenances).

use std::collections::BTreeSet;

use super::HashMap;
use super::rack_network::*;
use crate::model::{
    Asset, AssetType, AwsDevice, Estate, LocalGatewayVirtualInterface, Outpost, OutpostGeneration,
    OutpostLag, OutpostOverlay, PortChannel as OverlayPortChannel, ServiceLinkVirtualInterface,
    Site,
};

/// Everything [`assemble`] needs, from a sync or a plan.
struct Spec<'a> {
    outpost_id: String,
    generation: u8,
    racks: Vec<(String, Provenance)>,
    ond_provenance: Provenance,
    ace: (bool, Provenance, String),
    ace_rack_label: Option<String>,
    cnds: Vec<(String, Provenance)>,
    uplinks_per_device: u32,
    uplink_gbps: Option<u32>,
    overlay: Option<&'a OutpostOverlay>,
    /// Observed LGW VIFs: (id, vlan, local, peer, local ASN, peer ASN, LAG id), VLAN order.
    observed_vifs: Vec<ObservedVif>,
    /// Observed second-generation LAGs and service link VIFs.
    lags: Vec<String>,
    service_link_vifs: Vec<ObservedVif>,
}

#[derive(Clone)]
struct ObservedVif {
    id: String,
    vlan: u16,
    local_address: String,
    peer_address: String,
    local_asn: Option<u32>,
    peer_asn: u32,
    lag: Option<String>,
}

impl RackNetwork {
    /// The rack network of a synced Outpost, from the estate and the user's overlay entry.
    pub fn observed(
        estate: &Estate,
        outpost: &Outpost,
        overlay: Option<&OutpostOverlay>,
    ) -> RackNetwork {
        let observations = group_by_outpost(estate)
            .into_iter()
            .find(|o| o.outpost.outpost_id == outpost.outpost_id)
            .unwrap_or_else(|| OutpostObservations::empty(outpost));
        RackNetwork::from_observations(&observations, overlay)
    }

    /// The rack network of one Outpost from its grouped observations (see [`group_by_outpost`]).
    pub fn from_observations(
        observations: &OutpostObservations<'_>,
        overlay: Option<&OutpostOverlay>,
    ) -> RackNetwork {
        let outpost = observations.outpost;
        let mut racks: Vec<(String, Provenance)> = Vec::new();
        let mut networking_assets = 0;
        for asset in &observations.assets {
            if !racks.iter().any(|(id, _)| *id == asset.rack_id) {
                racks.push((asset.rack_id.clone(), Provenance::Observed));
            }
            if asset.asset_type == AssetType::Networking {
                networking_assets += 1;
            }
        }
        let mut observed_vifs: Vec<ObservedVif> = observations
            .gateway_vifs
            .iter()
            .map(|v| ObservedVif {
                id: v.local_gateway_virtual_interface_id.clone(),
                vlan: v.vlan,
                local_address: v.local_address.clone(),
                peer_address: v.peer_address.clone(),
                local_asn: Some(v.local_bgp_asn),
                peer_asn: v.peer_bgp_asn,
                lag: v.outpost_lag_id.clone(),
            })
            .collect();
        observed_vifs.sort_by(|a, b| (a.vlan, &a.id).cmp(&(b.vlan, &b.id)));
        let lags: Vec<String> = observations
            .lags
            .iter()
            .map(|l| l.outpost_lag_id.clone())
            .collect();
        let mut service_link_vifs: Vec<ObservedVif> = observations
            .service_link_vifs
            .iter()
            .map(|v| ObservedVif {
                id: v.service_link_virtual_interface_id.clone(),
                vlan: v.vlan,
                local_address: v.local_address.clone(),
                peer_address: v.peer_address.clone(),
                local_asn: None,
                peer_asn: v.peer_bgp_asn,
                lag: v.outpost_lag_id.clone(),
            })
            .collect();
        service_link_vifs.sort_by(|a, b| (a.vlan, &a.id).cmp(&(b.vlan, &b.id)));

        let generation = if outpost.generation == Some(OutpostGeneration::Generation2) {
            2
        } else {
            1
        };
        let rack_count = racks.len();
        let ace = match overlay {
            Some(entry) => (
                entry.ace_rack.is_some(),
                Provenance::Asserted,
                if entry.ace_rack.is_some() {
                    "the site overlay asserts an ACE rack"
                } else {
                    "the site overlay describes no ACE rack"
                }
                .to_owned(),
            ),
            None if generation == 2 => (
                false,
                Provenance::Derived,
                "second-generation Outposts have no ACE rack".to_owned(),
            ),
            None if rack_count > 3 && observed_vifs.len() == 4 => (
                true,
                Provenance::Inferred,
                format!(
                    "{rack_count} compute racks (more than three) and four LGW VIFs: behind an ACE rack"
                ),
            ),
            None if !observed_vifs.is_empty() && observed_vifs.len() == 2 * rack_count => (
                false,
                Provenance::Inferred,
                format!(
                    "{} LGW VIFs for {rack_count} racks: each OND peers with the customer network directly",
                    observed_vifs.len()
                ),
            ),
            None => (
                rack_count >= 4,
                Provenance::Derived,
                format!("{rack_count} compute racks: an ACE rack is required from four"),
            ),
        };
        let asserted_cnds: Vec<(String, Provenance)> = overlay
            .map(|entry| {
                entry
                    .customer_devices
                    .iter()
                    .map(|d| (d.name.clone(), Provenance::Asserted))
                    .collect()
            })
            .unwrap_or_default();
        let cnds = if asserted_cnds.is_empty() {
            let count = if ace.0 { 4 } else { 2 };
            (1..=count)
                .map(|n| (format!("cnd-{n}"), Provenance::Derived))
                .collect()
        } else {
            asserted_cnds
        };
        let physical = observations
            .site
            .and_then(|s| s.rack_physical_properties.as_ref());
        assemble(Spec {
            outpost_id: outpost.outpost_id.clone(),
            generation,
            racks,
            ond_provenance: if networking_assets > 0 {
                Provenance::Observed
            } else {
                Provenance::Derived
            },
            ace,
            ace_rack_label: overlay
                .and_then(|o| o.ace_rack.as_ref())
                .and_then(|a| a.rack_label.clone()),
            cnds,
            uplinks_per_device: physical
                .and_then(|p| p.uplink_count.as_ref())
                .and_then(|c| c.count())
                .unwrap_or(1),
            uplink_gbps: physical
                .and_then(|p| p.uplink_gbps.as_ref())
                .and_then(|g| g.gbps()),
            overlay,
            observed_vifs,
            lags,
            service_link_vifs,
        })
    }

    /// A planned first-generation rack network: every element derived.
    pub fn planned(plan: &LayoutPlan) -> RackNetwork {
        let racks = (1..=plan.compute_racks)
            .map(|n| (format!("rack-{n}"), Provenance::Derived))
            .collect();
        let cnds = (1..=plan.cnds.max(1))
            .map(|n| (format!("cnd-{n}"), Provenance::Derived))
            .collect();
        assemble(Spec {
            outpost_id: "planned".to_owned(),
            generation: 1,
            racks,
            ond_provenance: Provenance::Derived,
            ace: (
                plan.ace,
                Provenance::Derived,
                if plan.ace {
                    "planned with an ACE rack"
                } else {
                    "planned without an ACE rack"
                }
                .to_owned(),
            ),
            ace_rack_label: None,
            cnds,
            uplinks_per_device: plan.uplinks_per_device.max(1),
            uplink_gbps: Some(plan.uplink_gbps),
            overlay: None,
            observed_vifs: Vec::new(),
            lags: Vec::new(),
            service_link_vifs: Vec::new(),
        })
    }
}

/// What a sync observed of one Outpost, gathered in one pass over the estate.
pub struct OutpostObservations<'a> {
    /// The Outpost.
    pub outpost: &'a Outpost,
    /// Its site, when observed.
    pub site: Option<&'a Site>,
    /// Its rack assets.
    pub assets: Vec<&'a Asset>,
    /// The VIFs of its local gateways.
    pub gateway_vifs: Vec<&'a LocalGatewayVirtualInterface>,
    /// Its Outpost LAGs (second generation).
    pub lags: Vec<&'a OutpostLag>,
    /// Its service link VIFs (second generation).
    pub service_link_vifs: Vec<&'a ServiceLinkVirtualInterface>,
}

impl<'a> OutpostObservations<'a> {
    fn empty(outpost: &'a Outpost) -> OutpostObservations<'a> {
        OutpostObservations {
            outpost,
            site: None,
            assets: Vec::new(),
            gateway_vifs: Vec::new(),
            lags: Vec::new(),
            service_link_vifs: Vec::new(),
        }
    }
}

/// Groups what the estate observed by Outpost, in one pass over each kind (estate order).
pub fn group_by_outpost(estate: &Estate) -> Vec<OutpostObservations<'_>> {
    let mut groups: Vec<OutpostObservations<'_>> = estate
        .outposts
        .iter()
        .map(OutpostObservations::empty)
        .collect();
    let by_id: HashMap<&str, usize> = estate
        .outposts
        .iter()
        .enumerate()
        .map(|(i, o)| (o.outpost_id.as_str(), i))
        .collect();
    let by_arn: HashMap<&str, usize> = estate
        .outposts
        .iter()
        .enumerate()
        .map(|(i, o)| (o.outpost_arn.as_str(), i))
        .collect();
    let sites: HashMap<&str, &Site> = estate
        .sites
        .iter()
        .map(|s| (s.site_id.as_str(), s))
        .collect();
    for group in &mut groups {
        group.site = sites.get(group.outpost.site_id.as_str()).copied();
    }
    for asset in &estate.assets {
        if let Some(i) = by_id.get(asset.outpost_id.as_str()) {
            groups[*i].assets.push(asset);
        }
    }
    let gateway_owner: HashMap<&str, usize> = estate
        .local_gateways
        .iter()
        .filter_map(|g| {
            Some((
                g.local_gateway_id.as_str(),
                *by_arn.get(g.outpost_arn.as_str())?,
            ))
        })
        .collect();
    for vif in &estate.vifs {
        if let Some(i) = gateway_owner.get(vif.local_gateway_id.as_str()) {
            groups[*i].gateway_vifs.push(vif);
        }
    }
    for lag in &estate.outpost_lags {
        if let Some(i) = by_arn.get(lag.outpost_arn.as_str()) {
            groups[*i].lags.push(lag);
        }
    }
    for vif in &estate.service_link_vifs {
        if let Some(i) = by_id.get(vif.outpost_id.as_str()) {
            groups[*i].service_link_vifs.push(vif);
        }
    }
    groups
}

/// The ids of a rack network's devices, unique across Outposts.
fn ond_id(outpost: &str, rack: &str, index: u8) -> String {
    format!("{outpost}:{rack}:ond-{index}")
}

fn ace_router_id(outpost: &str, index: u8) -> String {
    format!("{outpost}:ace-router-{index}")
}

fn cnd_id(outpost: &str, name: &str) -> String {
    format!("{outpost}:cnd:{name}")
}

/// One rack network from what was observed, asserted or planned: the racks and devices, then
/// per customer-facing AWS device its port channel, link, service link VIF and LGW VIF with
/// their BGP sessions.
fn assemble(spec: Spec<'_>) -> RackNetwork {
    let (ace, ace_provenance, ace_reason) = spec.ace.clone();
    let mut network = RackNetwork {
        outpost_id: spec.outpost_id.clone(),
        generation: spec.generation,
        ace,
        ace_provenance,
        ace_reason,
        racks: spec
            .racks
            .iter()
            .map(|(id, p)| Rack {
                rack_id: id.clone(),
                kind: RackKind::Compute,
                provenance: *p,
            })
            .collect(),
        devices: Vec::new(),
        port_channels: Vec::new(),
        vifs: Vec::new(),
        bgp_sessions: Vec::new(),
        links: Vec::new(),
    };
    add_devices(&spec, &mut network);
    let mut unclaimed = unclaimed_vifs(&spec).into_iter();
    for (position, (device_id, aws_device)) in facing_devices(&spec).iter().enumerate() {
        let asserted = spec.overlay.and_then(|o| {
            o.port_channels
                .iter()
                .find(|p| Some(&p.aws_device) == aws_device.as_ref())
        });
        let lag = spec.lags.get(position).cloned();
        let (channel_id, customer) =
            add_port_channel(&spec, &mut network, position, device_id, asserted, &lag);
        let service = service_link_vif(&spec, &channel_id, asserted, &lag);
        // The LGW VIF: the observed VIF the overlay places here, else the next in VLAN order
        // (LAG-matched for second generation), else a derived placeholder.
        let asserted_vif = asserted
            .and_then(|c| c.local_gateway_virtual_interface_ids.first())
            .and_then(|id| spec.observed_vifs.iter().find(|v| &v.id == id).cloned());
        let observed_vif = asserted_vif.or_else(|| match &lag {
            Some(lag_id) => spec
                .observed_vifs
                .iter()
                .find(|v| v.lag.as_ref() == Some(lag_id))
                .cloned(),
            None => unclaimed.next(),
        });
        let local_gateway = local_gateway_vif(&channel_id, observed_vif.as_ref());
        for (vif, (local_asn, peer_asn)) in [service, local_gateway] {
            network.bgp_sessions.push(BgpSession {
                id: format!("{}:bgp", vif.id),
                vif: vif.id.clone(),
                aws_device: device_id.clone(),
                customer_device: customer.clone(),
                local_asn,
                peer_asn,
                provenance: vif.provenance,
            });
            network.vifs.push(vif);
        }
    }
    network
}

/// Every rack's two ONDs; with ACE, the ACE rack, its four routers (named as the overlay says)
/// and the AWS-managed OND-to-ACE links; the customer network devices.
fn add_devices(spec: &Spec<'_>, network: &mut RackNetwork) {
    let outpost = spec.outpost_id.as_str();
    let (ace, ace_provenance) = (spec.ace.0, spec.ace.1);
    for (rack, _) in &spec.racks {
        for index in 1..=2u8 {
            network.devices.push(Device {
                id: ond_id(outpost, rack, index),
                role: DeviceRole::Ond,
                name: format!("{rack} OND {index}"),
                rack_id: Some(rack.clone()),
                provenance: spec.ond_provenance,
            });
        }
    }
    let ace_rack_id = spec
        .ace_rack_label
        .clone()
        .unwrap_or_else(|| format!("{outpost}:ace-rack"));
    if ace {
        network.racks.push(Rack {
            rack_id: ace_rack_id.clone(),
            kind: RackKind::Ace,
            provenance: ace_provenance,
        });
        let names = spec
            .overlay
            .and_then(|o| o.ace_rack.as_ref())
            .map(|a| a.router_names.clone())
            .unwrap_or_default();
        for index in 1..=4u8 {
            network.devices.push(Device {
                id: ace_router_id(outpost, index),
                role: DeviceRole::AceRouter,
                name: names
                    .get(usize::from(index) - 1)
                    .cloned()
                    .unwrap_or_else(|| format!("ACE router {index}")),
                rack_id: Some(ace_rack_id.clone()),
                provenance: ace_provenance,
            });
        }
        // AWS owns the OND-to-ACE links: one aggregate per OND, outside the customer's BOM.
        for (rack, _) in &spec.racks {
            for index in 1..=2u8 {
                network.links.push(Link {
                    from: ond_id(outpost, rack, index),
                    to: ace_rack_id.clone(),
                    kind: LinkKind::AwsManaged,
                    ports: 1,
                    speed_gbps: None,
                    port_channel: None,
                    provenance: Provenance::Derived,
                });
            }
        }
    }
    for (name, provenance) in &spec.cnds {
        network.devices.push(Device {
            id: cnd_id(outpost, name),
            role: DeviceRole::Cnd,
            name: name.clone(),
            rack_id: None,
            provenance: *provenance,
        });
    }
}

/// The customer-facing AWS devices, in order: ACE routers, or every rack's two ONDs.
fn facing_devices(spec: &Spec<'_>) -> Vec<(String, Option<AwsDevice>)> {
    let outpost = spec.outpost_id.as_str();
    if spec.ace.0 {
        (1..=4u8)
            .map(|i| {
                (
                    ace_router_id(outpost, i),
                    Some(AwsDevice::AceRouter { index: i }),
                )
            })
            .collect()
    } else {
        spec.racks
            .iter()
            .flat_map(|(rack, _)| (1..=2u8).map(move |i| (rack.clone(), i)))
            .map(|(rack, i)| {
                (
                    ond_id(outpost, &rack, i),
                    Some(AwsDevice::Ond {
                        rack_id: rack,
                        index: i,
                    }),
                )
            })
            .collect()
    }
}

/// The observed LGW VIFs the overlay does not place on a port channel, in VLAN order.
fn unclaimed_vifs(spec: &Spec<'_>) -> Vec<ObservedVif> {
    let mut unclaimed: Vec<ObservedVif> = spec.observed_vifs.clone();
    if let Some(entry) = spec.overlay {
        let claimed: BTreeSet<&str> = entry
            .port_channels
            .iter()
            .flat_map(|p| {
                p.local_gateway_virtual_interface_ids
                    .iter()
                    .map(String::as_str)
            })
            .collect();
        unclaimed.retain(|v| !claimed.contains(v.id.as_str()));
    }
    unclaimed
}

/// The port channel and physical link of the `position`-th customer-facing device, as the
/// overlay asserts it or else derived; returns the channel's id and its customer device's id.
fn add_port_channel(
    spec: &Spec<'_>,
    network: &mut RackNetwork,
    position: usize,
    device_id: &str,
    asserted: Option<&OverlayPortChannel>,
    lag: &Option<String>,
) -> (String, String) {
    let outpost = spec.outpost_id.as_str();
    let cnd_count = spec.cnds.len().max(1);
    let (customer, number, ports, speed, customer_ports, provenance) = match asserted {
        Some(channel) => (
            cnd_id(outpost, &channel.customer_device),
            Some(channel.port_channel_number),
            if channel.customer_ports.is_empty() {
                spec.uplinks_per_device
            } else {
                channel.customer_ports.len() as u32
            },
            channel.port_speed_gbps.or(spec.uplink_gbps),
            channel.customer_ports.clone(),
            Provenance::Asserted,
        ),
        None => {
            // Without ACE, a rack's OND 1 and OND 2 go to different CNDs; ACE routers spread
            // over the CNDs in turn.
            let cnd = &spec.cnds[position % cnd_count].0;
            let provenance = if lag.is_some() {
                Provenance::Observed
            } else {
                Provenance::Derived
            };
            (
                cnd_id(outpost, cnd),
                None,
                spec.uplinks_per_device,
                spec.uplink_gbps,
                Vec::new(),
                provenance,
            )
        }
    };
    let channel_id = format!("{device_id}:po");
    network.port_channels.push(PortChannel {
        id: channel_id.clone(),
        aws_device: device_id.to_owned(),
        customer_device: customer.clone(),
        number,
        member_ports: ports,
        speed_gbps: speed,
        customer_ports,
        outpost_lag_id: lag.clone(),
        provenance,
    });
    network.links.push(Link {
        from: device_id.to_owned(),
        to: customer.clone(),
        kind: LinkKind::Physical,
        ports,
        speed_gbps: speed,
        port_channel: Some(channel_id.clone()),
        provenance,
    });
    (channel_id, customer)
}

/// A VIF with its BGP session's local and peer ASNs.
type VifWithAsns = (RackVif, (Option<u32>, Option<u32>));

/// The service link VIF: observed for second-generation racks, otherwise derived (with the
/// VLAN the overlay asserts, when it does).
fn service_link_vif(
    spec: &Spec<'_>,
    channel_id: &str,
    asserted: Option<&OverlayPortChannel>,
    lag: &Option<String>,
) -> VifWithAsns {
    let service = lag.as_ref().and_then(|lag_id| {
        spec.service_link_vifs
            .iter()
            .find(|v| v.lag.as_ref() == Some(lag_id))
    });
    match service {
        Some(observed) => (
            observed_rack_vif(observed, channel_id, VifPurpose::ServiceLink),
            (observed.local_asn, Some(observed.peer_asn)),
        ),
        None => {
            let vlan = asserted.and_then(|c| c.service_link_vlan);
            (
                RackVif {
                    id: format!("{channel_id}:service-link"),
                    port_channel: channel_id.to_owned(),
                    purpose: VifPurpose::ServiceLink,
                    vlan,
                    local_address: None,
                    peer_address: None,
                    provenance: if vlan.is_some() {
                        Provenance::Asserted
                    } else {
                        Provenance::Derived
                    },
                },
                (None, None),
            )
        }
    }
}

/// The LGW VIF on a port channel: the observed one, or a derived placeholder.
fn local_gateway_vif(channel_id: &str, observed: Option<&ObservedVif>) -> VifWithAsns {
    match observed {
        Some(observed) => (
            observed_rack_vif(observed, channel_id, VifPurpose::LocalGateway),
            (observed.local_asn, Some(observed.peer_asn)),
        ),
        None => (
            RackVif {
                id: format!("{channel_id}:local-gateway"),
                port_channel: channel_id.to_owned(),
                purpose: VifPurpose::LocalGateway,
                vlan: None,
                local_address: None,
                peer_address: None,
                provenance: Provenance::Derived,
            },
            (None, None),
        ),
    }
}

fn observed_rack_vif(observed: &ObservedVif, channel_id: &str, purpose: VifPurpose) -> RackVif {
    RackVif {
        id: observed.id.clone(),
        port_channel: channel_id.to_owned(),
        purpose,
        vlan: Some(observed.vlan),
        local_address: Some(observed.local_address.clone()),
        peer_address: Some(observed.peer_address.clone()),
        provenance: Provenance::Observed,
    }
}
