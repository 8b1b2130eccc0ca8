//! Building the graph from a snapshot: a node per entity, typed edges between them, the
//! containment tree, and each Outpost's rack network added on top.

use std::sync::Arc;

use petgraph::graph::NodeIndex;

use super::derive;
use super::rack_network::{self, DeviceRole, Provenance, RackNetwork, VifPurpose};
use super::{Edge, EdgeKind, HashMap, NodeKind, SharedStrings, Topology, entity_node, shared_node};
use crate::model::references::{Drawn, Relation, Target, visit_references};
use crate::model::{Estate, SiteOverlay, ZoneType};

impl Topology {
    /// Builds the graph of a snapshot's estate with the user's overlay.
    ///
    /// The rack networks are derived on a second thread while the estate's nodes and edges are
    /// added on this one (a large estate's topology is part of the app's launch).
    pub fn build(estate: &Estate, overlay: &SiteOverlay) -> Topology {
        std::thread::scope(|scope| {
            let networks = scope.spawn(|| Topology::derive_rack_networks(estate, overlay));
            let mut t = Topology::empty(estate.entity_count() + 64 * estate.outposts.len());
            let mut shared = SharedStrings::default();
            Topology::add_locations(&mut t, estate);
            let outpost_by_arn = Topology::add_outposts(&mut t, estate, &mut shared);
            let outpost_of_gateway = Topology::add_local_gateways(&mut t, estate, &outpost_by_arn);
            Topology::add_vpcs(&mut t, estate);
            Topology::add_gateway_routing(&mut t, estate, &outpost_by_arn, &outpost_of_gateway);
            Topology::add_vpc_contents(&mut t, estate, &outpost_by_arn, &mut shared);
            t.add_reference_edges(estate);
            let networks = match networks.join() {
                Ok(networks) => networks,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            Topology::add_rack_networks(&mut t, networks);
            t
        })
    }

    /// Regions, zones (each under its Region), Outposts sites and catalog items.
    fn add_locations(t: &mut Topology, estate: &Estate) {
        for region in &estate.regions {
            t.add(
                entity_node(
                    &region.region_name,
                    NodeKind::Region,
                    region.region_name.clone(),
                    Some(&region.region_name),
                    None,
                ),
                None,
            );
        }
        for zone in &estate.zones {
            let region = ensure_region(t, &zone.region_name);
            let kind = match zone.zone_type {
                ZoneType::AvailabilityZone => NodeKind::AvailabilityZone,
                ZoneType::LocalZone => NodeKind::LocalZone,
                ZoneType::WavelengthZone => NodeKind::WavelengthZone,
                ZoneType::Unknown(_) => NodeKind::OtherZone,
            };
            t.add(
                entity_node(
                    &zone.zone_name,
                    kind,
                    zone.zone_name.clone(),
                    Some(&zone.region_name),
                    None,
                ),
                Some(region),
            );
        }
        for site in &estate.sites {
            let region = ensure_region(t, &site.region);
            t.add(
                entity_node(
                    &site.site_id,
                    NodeKind::Site,
                    site.name.clone(),
                    Some(&site.region),
                    None,
                ),
                Some(region),
            );
        }
        for item in &estate.catalog_items {
            let region = ensure_region(t, &item.region);
            t.add(
                entity_node(
                    &item.catalog_item_id,
                    NodeKind::CatalogItem,
                    item.catalog_item_id.clone(),
                    Some(&item.region),
                    None,
                ),
                Some(region),
            );
        }
    }

    /// Outposts (under their anchor zone) and their racks and assets; returns the Outposts by
    /// ARN, which later kinds refer to them by.
    fn add_outposts<'a>(
        t: &mut Topology,
        estate: &'a Estate,
        shared: &mut SharedStrings<'a>,
    ) -> HashMap<&'a str, NodeIndex> {
        let observed = Provenance::Observed;
        let mut outpost_by_arn: HashMap<&str, NodeIndex> = HashMap::default();
        for outpost in &estate.outposts {
            let region = ensure_region(t, &outpost.region);
            let anchor = t.find(&outpost.availability_zone);
            let id = &outpost.outpost_id;
            let index = t.add(
                entity_node(
                    id,
                    NodeKind::Outpost,
                    outpost.name.clone(),
                    Some(&outpost.region),
                    Some(id),
                ),
                Some(anchor.unwrap_or(region)),
            );
            outpost_by_arn.insert(outpost.outpost_arn.as_str(), index);
        }
        let mut rack_of: HashMap<(&str, &str), NodeIndex> = HashMap::default();
        for asset in &estate.assets {
            let outpost = t.find(&asset.outpost_id);
            let region = shared.get(&asset.region);
            let outpost_id = shared.get(&asset.outpost_id);
            let rack = *rack_of
                .entry((asset.outpost_id.as_str(), asset.rack_id.as_str()))
                .or_insert_with(|| {
                    let node = shared_node(
                        &asset.rack_id,
                        NodeKind::ComputeRack,
                        format!("Rack {}", asset.rack_id),
                        Some(region.clone()),
                        Some(outpost_id.clone()),
                    );
                    let rack = t.add(node, outpost);
                    if let Some(outpost) = outpost {
                        t.graph
                            .add_edge(outpost, rack, Edge::new(EdgeKind::Contains, observed));
                    }
                    rack
                });
            let label = match &asset.rack_elevation {
                Some(u) => format!("{} U{u}", asset.asset_type),
                None => asset.asset_type.to_string(),
            };
            let index = t.add(
                shared_node(
                    &asset.asset_id,
                    NodeKind::Asset,
                    label,
                    Some(region),
                    Some(outpost_id),
                ),
                Some(rack),
            );
            t.graph
                .add_edge(rack, index, Edge::new(EdgeKind::Contains, observed));
        }
        outpost_by_arn
    }

    /// Local gateways (under their Outpost), VIF groups and VIFs; returns each gateway's
    /// Outpost id.
    fn add_local_gateways<'a>(
        t: &mut Topology,
        estate: &'a Estate,
        outpost_by_arn: &HashMap<&str, NodeIndex>,
    ) -> HashMap<&'a str, String> {
        let observed = Provenance::Observed;
        let mut outpost_of_gateway: HashMap<&str, String> = HashMap::default();
        for gateway in &estate.local_gateways {
            let outpost = outpost_by_arn.get(gateway.outpost_arn.as_str()).copied();
            let outpost_id = outpost.map(|o| t.graph[o].id.clone());
            let index = t.add(
                entity_node(
                    &gateway.local_gateway_id,
                    NodeKind::LocalGateway,
                    gateway.local_gateway_id.clone(),
                    Some(&gateway.region),
                    outpost_id.as_deref(),
                ),
                outpost,
            );
            if let Some(outpost) = outpost {
                t.graph
                    .add_edge(outpost, index, Edge::new(EdgeKind::Contains, observed));
            }
            if let Some(id) = outpost_id {
                outpost_of_gateway.insert(gateway.local_gateway_id.as_str(), id);
            }
        }
        for group in &estate.vif_groups {
            let gateway = t.find(&group.local_gateway_id);
            let outpost = outpost_of_gateway
                .get(group.local_gateway_id.as_str())
                .map(String::as_str);
            t.add(
                entity_node(
                    &group.local_gateway_virtual_interface_group_id,
                    NodeKind::VifGroup,
                    "VIF group".to_owned(),
                    Some(&group.region),
                    outpost,
                ),
                gateway,
            );
        }
        for vif in &estate.vifs {
            let gateway = t.find(&vif.local_gateway_id);
            let outpost = outpost_of_gateway
                .get(vif.local_gateway_id.as_str())
                .map(String::as_str);
            t.add(
                entity_node(
                    &vif.local_gateway_virtual_interface_id,
                    NodeKind::Vif,
                    format!("VLAN {}", vif.vlan),
                    Some(&vif.region),
                    outpost,
                ),
                gateway,
            );
        }
        outpost_of_gateway
    }

    /// VPCs, under their Region.
    fn add_vpcs(t: &mut Topology, estate: &Estate) {
        for vpc in &estate.vpcs {
            let region = ensure_region(t, &vpc.region);
            let label = vpc
                .tags
                .get("Name")
                .cloned()
                .unwrap_or_else(|| vpc.vpc_id.clone());
            t.add(
                entity_node(&vpc.vpc_id, NodeKind::Vpc, label, Some(&vpc.region), None),
                Some(region),
            );
        }
    }

    /// LGW route tables, CoIP pools, Outpost LAGs and service link VIFs.
    fn add_gateway_routing(
        t: &mut Topology,
        estate: &Estate,
        outpost_by_arn: &HashMap<&str, NodeIndex>,
        outpost_of_gateway: &HashMap<&str, String>,
    ) {
        for table in &estate.route_tables {
            let gateway = t.find(&table.local_gateway_id);
            let outpost = outpost_of_gateway
                .get(table.local_gateway_id.as_str())
                .map(String::as_str);
            t.add(
                entity_node(
                    &table.local_gateway_route_table_id,
                    NodeKind::RouteTable,
                    format!("LGW route table ({})", table.mode),
                    Some(&table.region),
                    outpost,
                ),
                gateway,
            );
        }
        for pool in &estate.coip_pools {
            let table = t.find(&pool.local_gateway_route_table_id);
            let outpost = table.and_then(|i| t.graph[i].outpost_id.clone());
            let label = format!("CoIP {}", pool.pool_cidrs.join(", "));
            t.add(
                entity_node(
                    &pool.pool_id,
                    NodeKind::CoipPool,
                    label,
                    Some(&pool.region),
                    outpost.as_deref(),
                ),
                table,
            );
        }
        for lag in &estate.outpost_lags {
            let outpost = outpost_by_arn.get(lag.outpost_arn.as_str()).copied();
            let outpost_id = outpost.map(|o| t.graph[o].id.clone());
            t.add(
                entity_node(
                    &lag.outpost_lag_id,
                    NodeKind::OutpostLag,
                    format!("LAG {}", lag.outpost_lag_id),
                    Some(&lag.region),
                    outpost_id.as_deref(),
                ),
                outpost,
            );
        }
        for vif in &estate.service_link_vifs {
            let outpost = t.find(&vif.outpost_id);
            t.add(
                entity_node(
                    &vif.service_link_virtual_interface_id,
                    NodeKind::ServiceLinkVif,
                    format!("service link VLAN {}", vif.vlan),
                    Some(&vif.region),
                    Some(&vif.outpost_id),
                ),
                outpost,
            );
        }
    }

    /// Carrier gateways, subnets (under their Outpost or zone, with the gateway their traffic
    /// leaves through) and instances (under their subnet).
    fn add_vpc_contents<'a>(
        t: &mut Topology,
        estate: &'a Estate,
        outpost_by_arn: &HashMap<&str, NodeIndex>,
        shared: &mut SharedStrings<'a>,
    ) {
        let observed = Provenance::Observed;
        for gateway in &estate.carrier_gateways {
            let vpc = t.find(&gateway.vpc_id);
            t.add(
                entity_node(
                    &gateway.carrier_gateway_id,
                    NodeKind::CarrierGateway,
                    "carrier gateway".to_owned(),
                    Some(&gateway.region),
                    None,
                ),
                vpc,
            );
        }
        let gateway_of_outpost: HashMap<String, NodeIndex> = estate
            .local_gateways
            .iter()
            .filter_map(|g| {
                Some((
                    t.graph[*outpost_by_arn.get(g.outpost_arn.as_str())?]
                        .id
                        .clone(),
                    t.find(&g.local_gateway_id)?,
                ))
            })
            .collect();
        let carrier_of_vpc: HashMap<&str, NodeIndex> = estate
            .carrier_gateways
            .iter()
            .filter_map(|g| Some((g.vpc_id.as_str(), t.find(&g.carrier_gateway_id)?)))
            .collect();
        for subnet in &estate.subnets {
            let outpost = subnet
                .outpost_arn
                .as_deref()
                .and_then(|arn| outpost_by_arn.get(arn).copied());
            let zone = t.find(&subnet.availability_zone);
            let parent = outpost.or(zone).or_else(|| t.find(&subnet.region));
            let outpost_id = outpost.and_then(|o| t.graph[o].outpost_id.clone());
            let label = subnet
                .tags
                .get("Name")
                .cloned()
                .unwrap_or_else(|| subnet.cidr_block.clone());
            let index = t.add(
                shared_node(
                    &subnet.subnet_id,
                    NodeKind::Subnet,
                    label,
                    Some(shared.get(&subnet.region)),
                    outpost_id.clone(),
                ),
                parent,
            );
            if let Some(parent) = parent {
                t.graph
                    .add_edge(parent, index, Edge::new(EdgeKind::Contains, observed));
            }
            let via = match (&outpost_id, t.graph[zone.unwrap_or(index)].kind) {
                (Some(id), _) => gateway_of_outpost.get(&**id).copied(),
                (None, NodeKind::WavelengthZone) => {
                    carrier_of_vpc.get(subnet.vpc_id.as_str()).copied()
                }
                _ => None,
            };
            t.link(index, via, Edge::new(EdgeKind::RoutesVia, observed));
        }
        for instance in &estate.instances {
            let parent = instance
                .subnet_id
                .as_deref()
                .and_then(|s| t.find(s))
                .or_else(|| t.find(&instance.availability_zone));
            let outpost = instance
                .outpost_arn
                .as_deref()
                .and_then(|arn| outpost_by_arn.get(arn))
                .and_then(|o| t.graph[*o].outpost_id.clone());
            let label = instance
                .tags
                .get("Name")
                .cloned()
                .unwrap_or_else(|| instance.instance_id.clone());
            let index = t.add(
                shared_node(
                    &instance.instance_id,
                    NodeKind::Instance,
                    label,
                    Some(shared.get(&instance.region)),
                    outpost,
                ),
                parent,
            );
            if let Some(parent) = parent {
                t.graph
                    .add_edge(parent, index, Edge::new(EdgeKind::Contains, observed));
            }
        }
    }

    /// Each Outpost's rack network, derived from its observations and the overlay, with the
    /// Outpost's Region.
    fn derive_rack_networks<'a>(
        estate: &'a Estate,
        overlay: &SiteOverlay,
    ) -> Vec<(RackNetwork, &'a str)> {
        let overlay_of: HashMap<&str, &crate::model::OutpostOverlay> = overlay
            .outposts
            .iter()
            .map(|entry| (entry.outpost_id.as_str(), entry))
            .collect();
        derive::group_by_outpost(estate)
            .into_iter()
            .map(|observations| {
                let network = RackNetwork::from_observations(
                    &observations,
                    overlay_of
                        .get(observations.outpost.outpost_id.as_str())
                        .copied(),
                );
                (network, observations.outpost.region.as_str())
            })
            .collect()
    }

    /// Adds each rack network under its Outpost's node and keeps it.
    fn add_rack_networks(t: &mut Topology, networks: Vec<(RackNetwork, &str)>) {
        for (network, region) in networks {
            if let Some(index) = t.find(&network.outpost_id) {
                let region = t.find(region);
                t.add_rack_network(&network, index, region);
            }
            t.rack_networks.push(network);
        }
    }

    /// Adds one rack network's racks, devices, port channels, VIFs and BGP sessions.
    /// The edges of every reference the model's table draws as an edge
    /// ([`crate::model::references`]); the containment references became parents above.
    fn add_reference_edges(&mut self, estate: &Estate) {
        visit_references(estate, |reference| {
            let Drawn::Edge(relation) = reference.drawn else {
                return;
            };
            let kind = match relation {
                Relation::InRegion => EdgeKind::InRegion,
                Relation::ParentZone => EdgeKind::ParentZone,
                Relation::HomedTo => EdgeKind::HomedTo,
                Relation::AnchoredTo => EdgeKind::AnchoredTo,
                Relation::LocatedAt => EdgeKind::LocatedAt,
                Relation::MemberOf => EdgeKind::MemberOf,
                Relation::Associated => EdgeKind::Associated,
                Relation::ServiceLink => EdgeKind::ServiceLink,
            };
            if let (Some(from), Target::Entity(_)) =
                (self.find(reference.from_id), reference.target)
            {
                let to = self.find(reference.id);
                self.link(from, to, Edge::new(kind, Provenance::Observed));
            }
        });
    }

    pub(super) fn add_rack_network(
        &mut self,
        network: &RackNetwork,
        outpost: NodeIndex,
        region: Option<NodeIndex>,
    ) {
        // Every element of the network shares its Outpost's id and Region, with its own provenance.
        let outpost_id: Option<Arc<str>> = Some(Arc::from(network.outpost_id.as_str()));
        let region_name = self.graph[outpost].region.clone();
        let node = |id: &str, kind, label, provenance| {
            let mut node = shared_node(id, kind, label, region_name.clone(), outpost_id.clone());
            node.provenance = provenance;
            node
        };
        for rack in &network.racks {
            let kind = match rack.kind {
                rack_network::RackKind::Compute => NodeKind::ComputeRack,
                rack_network::RackKind::Ace => NodeKind::AceRack,
            };
            if self.find(&rack.rack_id).is_none() {
                let label = if kind == NodeKind::AceRack {
                    format!("ACE rack {}", rack.rack_id)
                } else {
                    format!("Rack {}", rack.rack_id)
                };
                let rack_node = node(&rack.rack_id, kind, label, rack.provenance);
                let index = self.add(rack_node, Some(outpost));
                self.graph.add_edge(
                    outpost,
                    index,
                    Edge::new(EdgeKind::Contains, rack.provenance),
                );
            }
        }
        for device in &network.devices {
            let kind = match device.role {
                DeviceRole::Ond => NodeKind::Ond,
                DeviceRole::AceRouter => NodeKind::AceRouter,
                DeviceRole::Cnd => NodeKind::Cnd,
            };
            let parent = device
                .rack_id
                .as_deref()
                .and_then(|r| self.find(r))
                .unwrap_or(outpost);
            let device_node = node(&device.id, kind, device.name.clone(), device.provenance);
            let index = self.add(device_node, Some(parent));
            self.graph.add_edge(
                parent,
                index,
                Edge::new(EdgeKind::Contains, device.provenance),
            );
        }
        for link in &network.links {
            let (Some(from), Some(to)) = (self.find(&link.from), self.find(&link.to)) else {
                continue;
            };
            let kind = match link.kind {
                rack_network::LinkKind::Physical => EdgeKind::PhysicalLink,
                rack_network::LinkKind::AwsManaged => EdgeKind::AwsManagedLink,
            };
            let mut edge = Edge::new(kind, link.provenance);
            edge.ports = Some(link.ports);
            edge.speed_gbps = link.speed_gbps;
            self.graph.add_edge(from, to, edge);
        }
        for channel in &network.port_channels {
            let aws = self.find(&channel.aws_device);
            let label = match channel.number {
                Some(number) => format!("Po{number}"),
                None => "port channel".to_owned(),
            };
            let channel_node = node(
                &channel.id,
                NodeKind::PortChannel,
                label.clone(),
                channel.provenance,
            );
            let index = self.add(channel_node, aws);
            let member = |label: &str| {
                let mut edge = Edge::new(EdgeKind::MemberOf, channel.provenance);
                edge.ports = Some(channel.member_ports);
                edge.speed_gbps = channel.speed_gbps;
                edge.label = Some(label.to_owned());
                edge
            };
            if let Some(aws) = aws {
                self.graph.add_edge(aws, index, member(&label));
            }
            let customer = self.find(&channel.customer_device);
            self.link(index, customer, member(&label));
            let lag = channel.outpost_lag_id.as_deref().and_then(|l| self.find(l));
            self.link(
                index,
                lag,
                Edge::new(EdgeKind::Associated, Provenance::Observed),
            );
        }
        for vif in &network.vifs {
            let channel = self.find(&vif.port_channel);
            let kind = match vif.purpose {
                VifPurpose::ServiceLink => NodeKind::ServiceLinkVif,
                VifPurpose::LocalGateway => NodeKind::Vif,
            };
            let label = match (vif.purpose, vif.vlan) {
                (VifPurpose::ServiceLink, Some(vlan)) => format!("service link VLAN {vlan}"),
                (VifPurpose::ServiceLink, None) => "service link VLAN".to_owned(),
                (VifPurpose::LocalGateway, Some(vlan)) => format!("VLAN {vlan}"),
                (VifPurpose::LocalGateway, None) => "LGW VLAN".to_owned(),
            };
            let vif_node = node(&vif.id, kind, label, vif.provenance);
            let index = self.add(vif_node, channel);
            let mut edge = Edge::new(EdgeKind::CarriedOn, vif.provenance);
            edge.label = vif.vlan.map(|v| format!("VLAN {v}"));
            self.link(index, channel, edge);
            if vif.purpose == VifPurpose::ServiceLink {
                self.link(
                    index,
                    region,
                    Edge::new(EdgeKind::ServiceLink, vif.provenance),
                );
            }
        }
        for session in &network.bgp_sessions {
            let vif = self.find(&session.vif);
            let addresses = network.vifs.iter().find(|v| v.id == session.vif);
            let label = format!(
                "AS{} {} <-> AS{} {}",
                session.local_asn.map_or("?".to_owned(), |a| a.to_string()),
                addresses
                    .and_then(|v| v.local_address.clone())
                    .unwrap_or_default(),
                session.peer_asn.map_or("?".to_owned(), |a| a.to_string()),
                addresses
                    .and_then(|v| v.peer_address.clone())
                    .unwrap_or_default(),
            );
            let session_node = node(
                &session.id,
                NodeKind::BgpSession,
                label.clone(),
                session.provenance,
            );
            let index = self.add(session_node, vif);
            self.link(
                index,
                vif,
                Edge::new(EdgeKind::CarriedOn, session.provenance),
            );
            for end in [&session.aws_device, &session.customer_device] {
                let device = self.find(end);
                let mut edge = Edge::new(EdgeKind::BgpPeering, session.provenance);
                edge.label = Some(label.clone());
                self.link(index, device, edge);
            }
        }
    }
}

/// The Region's node, added when the snapshot lacks the Region itself.
fn ensure_region(t: &mut Topology, region: &str) -> NodeIndex {
    match t.find(region) {
        Some(index) => index,
        None => t.add(
            entity_node(
                region,
                NodeKind::Region,
                region.to_owned(),
                Some(region),
                None,
            ),
            None,
        ),
    }
}
