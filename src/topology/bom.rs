//! Customer-side counts of an Outpost's rack network, counted from the graph itself, so a
//! drawn layout and its bill of materials can never disagree.

use serde::Serialize;

use super::{EdgeKind, NodeKind, RackNetwork, Topology};
use petgraph::visit::EdgeRef;

/// What the customer's side of an Outpost's network takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NetworkCounts {
    /// Compute racks (not the ACE rack).
    pub compute_racks: u32,
    /// Outpost network devices.
    pub onds: u32,
    /// ACE routers.
    pub ace_routers: u32,
    /// Customer network devices.
    pub cnds: u32,
    /// Customer-side physical ports (one per member link).
    pub physical_ports: u32,
    /// Fibre cables (one per member link).
    pub fiber_cables: u32,
    /// LACP port channels to the customer.
    pub lacp_port_channels: u32,
    /// VLAN VIFs (service link and LGW, two per port channel).
    pub vlan_vifs: u32,
    /// Point-to-point subnets (one per VIF).
    pub p2p_subnets: u32,
    /// Point-to-point addresses (two per subnet: the Outpost side and the customer side).
    pub p2p_ip_addresses: u32,
    /// eBGP sessions (one per VIF).
    pub bgp_sessions: u32,
    /// Service link infrastructure subnets: a /26 per compute rack (first generation).
    pub service_link_subnets: u32,
}

/// Counts one Outpost's rack network from the graph.
pub fn counts(topology: &Topology, outpost_id: &str, generation: u8) -> NetworkCounts {
    let mut counts = NetworkCounts::default();
    let graph = &topology.graph;
    for index in graph.node_indices() {
        let node = &graph[index];
        if node.outpost_id.as_deref() != Some(outpost_id) {
            continue;
        }
        match node.kind {
            NodeKind::ComputeRack => counts.compute_racks += 1,
            NodeKind::Ond => counts.onds += 1,
            NodeKind::AceRouter => counts.ace_routers += 1,
            NodeKind::Cnd => counts.cnds += 1,
            NodeKind::PortChannel => counts.lacp_port_channels += 1,
            NodeKind::BgpSession => counts.bgp_sessions += 1,
            NodeKind::Vif | NodeKind::ServiceLinkVif => {
                let on_port_channel = graph.edges(index).any(|e| {
                    e.weight().kind == EdgeKind::CarriedOn
                        && graph[e.target()].kind == NodeKind::PortChannel
                });
                if on_port_channel {
                    counts.vlan_vifs += 1;
                }
            }
            _ => {}
        }
        for edge in graph.edges(index) {
            if edge.weight().kind == EdgeKind::PhysicalLink {
                counts.physical_ports += edge.weight().ports.unwrap_or(0);
            }
        }
    }
    counts.fiber_cables = counts.physical_ports;
    counts.p2p_subnets = counts.vlan_vifs;
    counts.p2p_ip_addresses = 2 * counts.p2p_subnets;
    counts.service_link_subnets = if generation == 2 {
        u32::from(counts.compute_racks > 0)
    } else {
        counts.compute_racks
    };
    counts
}

/// Counts a rack network on its own (a plan, or one Outpost), through a graph of just it.
pub fn counts_of(network: &RackNetwork) -> NetworkCounts {
    counts(
        &Topology::of_rack_network(network),
        &network.outpost_id,
        network.generation,
    )
}
