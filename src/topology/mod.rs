//! The estate as one graph (petgraph), with each Outpost's rack network in it.
//!
//! Everything the app draws and the planner and reports reason about comes from this graph:
//! a node per entity of the model and per element of the rack networks, typed edges between
//! them, a containment parent per node for hierarchical views, and each rack network kept
//! beside the graph for the tables and picture of one Outpost. Built once per snapshot;
//! queries ([`query`]), failure impact ([`impact`]), counts ([`bom`]) and exports ([`export`])
//! read it.

pub mod bom;
mod build;
pub mod by_account;
pub mod derive;
pub mod export;
pub mod impact;
pub mod query;
pub mod rack_network;

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

pub use rack_network::{DeviceRole, LayoutPlan, Provenance, RackNetwork, VifPurpose};

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// An AWS account (the level above the Regions when the graph is grouped by account).
    Account,
    /// A Region.
    Region,
    /// An Availability Zone.
    AvailabilityZone,
    /// A Local Zone.
    LocalZone,
    /// A Wavelength Zone.
    WavelengthZone,
    /// A zone of a type this version does not know.
    OtherZone,
    /// An Outposts site.
    Site,
    /// An Outpost.
    Outpost,
    /// A compute rack.
    ComputeRack,
    /// An ACE rack.
    AceRack,
    /// A hardware asset in a rack.
    Asset,
    /// An Outposts catalog item.
    CatalogItem,
    /// An Outpost network device.
    Ond,
    /// An ACE router.
    AceRouter,
    /// A customer network device.
    Cnd,
    /// An LACP port channel.
    PortChannel,
    /// A local gateway VIF (VLAN).
    Vif,
    /// A service link VIF (VLAN).
    ServiceLinkVif,
    /// An eBGP session.
    BgpSession,
    /// A local gateway.
    LocalGateway,
    /// A local gateway VIF group.
    VifGroup,
    /// A local gateway route table.
    RouteTable,
    /// A customer-owned IP pool.
    CoipPool,
    /// An Outpost LAG.
    OutpostLag,
    /// A carrier gateway.
    CarrierGateway,
    /// A VPC.
    Vpc,
    /// A subnet.
    Subnet,
    /// An instance.
    Instance,
}

impl NodeKind {
    /// Every kind, in the order the graph's levels usually show them.
    pub const ALL: &'static [NodeKind] = &[
        NodeKind::Account,
        NodeKind::Region,
        NodeKind::AvailabilityZone,
        NodeKind::LocalZone,
        NodeKind::WavelengthZone,
        NodeKind::OtherZone,
        NodeKind::Site,
        NodeKind::Outpost,
        NodeKind::ComputeRack,
        NodeKind::AceRack,
        NodeKind::Asset,
        NodeKind::CatalogItem,
        NodeKind::Ond,
        NodeKind::AceRouter,
        NodeKind::Cnd,
        NodeKind::PortChannel,
        NodeKind::Vif,
        NodeKind::ServiceLinkVif,
        NodeKind::BgpSession,
        NodeKind::LocalGateway,
        NodeKind::VifGroup,
        NodeKind::RouteTable,
        NodeKind::CoipPool,
        NodeKind::OutpostLag,
        NodeKind::CarrierGateway,
        NodeKind::Vpc,
        NodeKind::Subnet,
        NodeKind::Instance,
    ];

    /// A readable name, e.g. "Local Zone", "port channel".
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Account => "account",
            NodeKind::Region => "Region",
            NodeKind::AvailabilityZone => "Availability Zone",
            NodeKind::LocalZone => "Local Zone",
            NodeKind::WavelengthZone => "Wavelength Zone",
            NodeKind::OtherZone => "zone",
            NodeKind::Site => "Outposts site",
            NodeKind::Outpost => "Outpost",
            NodeKind::ComputeRack => "compute rack",
            NodeKind::AceRack => "ACE rack",
            NodeKind::Asset => "asset",
            NodeKind::CatalogItem => "catalog item",
            NodeKind::Ond => "OND",
            NodeKind::AceRouter => "ACE router",
            NodeKind::Cnd => "CND",
            NodeKind::PortChannel => "port channel",
            NodeKind::Vif => "local gateway VIF",
            NodeKind::ServiceLinkVif => "service link VIF",
            NodeKind::BgpSession => "BGP session",
            NodeKind::LocalGateway => "local gateway",
            NodeKind::VifGroup => "VIF group",
            NodeKind::RouteTable => "LGW route table",
            NodeKind::CoipPool => "CoIP pool",
            NodeKind::OutpostLag => "Outpost LAG",
            NodeKind::CarrierGateway => "carrier gateway",
            NodeKind::Vpc => "VPC",
            NodeKind::Subnet => "subnet",
            NodeKind::Instance => "instance",
        }
    }
}

/// What an edge means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A zone is in a Region.
    InRegion,
    /// A Local or Wavelength Zone's parent zone.
    ParentZone,
    /// An Outpost's home Region.
    HomedTo,
    /// An Outpost's anchor Availability Zone.
    AnchoredTo,
    /// An Outpost's site.
    LocatedAt,
    /// Containment: rack in Outpost, asset in rack, instance in subnet, ...
    Contains,
    /// Customer-side physical links (with port count and speed).
    PhysicalLink,
    /// AWS-managed OND-to-ACE aggregate.
    AwsManagedLink,
    /// A device's membership of a port channel, a VIF's of its group, a subnet's of its VPC.
    MemberOf,
    /// A VIF carried on a port channel.
    CarriedOn,
    /// A BGP session's ends (label: both ASNs and addresses).
    BgpPeering,
    /// A subnet's traffic leaves through an LGW or a carrier gateway.
    RoutesVia,
    /// A service link VIF's path to the home Region.
    ServiceLink,
    /// A route table's association with a VPC or VIF group; a carrier gateway's VPC.
    Associated,
}

impl EdgeKind {
    /// A readable name, read from the edge's source to its target, e.g. "homed to".
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::InRegion => "in Region",
            EdgeKind::ParentZone => "parent zone",
            EdgeKind::HomedTo => "homed to",
            EdgeKind::AnchoredTo => "anchored to",
            EdgeKind::LocatedAt => "located at",
            EdgeKind::Contains => "contains",
            EdgeKind::PhysicalLink => "physical link",
            EdgeKind::AwsManagedLink => "AWS-managed link",
            EdgeKind::MemberOf => "member of",
            EdgeKind::CarriedOn => "carried on",
            EdgeKind::BgpPeering => "BGP peering",
            EdgeKind::RoutesVia => "routes via",
            EdgeKind::ServiceLink => "service link",
            EdgeKind::Associated => "associated with",
        }
    }
}

/// A node of the graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Unique id: the AWS id for entities, a composite id for rack network elements.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// A short display label.
    pub label: String,
    /// Where it comes from (entities are observed).
    pub provenance: Provenance,
    /// The Region it belongs to (one string shared by every node of the Region).
    pub region: Option<Arc<str>>,
    /// The Outpost it belongs to, for Outpost elements (shared like the Region).
    pub outpost_id: Option<Arc<str>>,
}

/// An edge of the graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// What it means.
    pub kind: EdgeKind,
    /// Where it comes from.
    pub provenance: Provenance,
    /// Physical links it stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<u32>,
    /// Speed of each physical link, Gbit/s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed_gbps: Option<u32>,
    /// A label, e.g. the VLAN or the BGP ASNs and addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Edge {
    fn new(kind: EdgeKind, provenance: Provenance) -> Edge {
        Edge {
            kind,
            provenance,
            ports: None,
            speed_gbps: None,
            label: None,
        }
    }
}

/// std's `HashMap` with foldhash (randomly seeded) instead of SipHash: building the topology
/// looks up hundreds of thousands of ids in these maps while a large snapshot opens.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The estate graph.
#[derive(Clone)]
pub struct Topology {
    /// Nodes and typed edges (edges point from the dependent to what it depends on, or from
    /// container to contained for `contains`).
    pub graph: DiGraph<Node, Edge>,
    /// Each node's containment parent (Region > zone > Outpost > rack > device ...), for trees.
    pub parent: Vec<Option<NodeIndex>>,
    /// Each Outpost's rack network, as built into the graph.
    pub rack_networks: Vec<RackNetwork>,
    /// Node by id: node indexes hashed by their node's id and compared with it, so each id is
    /// stored once, in its node (a million ids are added while a large snapshot opens).
    index: HashTable<NodeIndex>,
    /// The index's hasher: foldhash, randomly seeded, rather than SipHash.
    hasher: foldhash::fast::RandomState,
}

impl Topology {
    /// The node with this id.
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        let hash = self.hasher.hash_one(id);
        self.index
            .find(hash, |node| self.graph[*node].id == id)
            .copied()
    }

    /// The node at `index`.
    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    /// The rack network of one Outpost.
    pub fn rack_network(&self, outpost_id: &str) -> Option<&RackNetwork> {
        self.rack_networks
            .iter()
            .find(|n| n.outpost_id == outpost_id)
    }

    /// The Outpost every view shows first: the one with the most compute racks, whose network
    /// matters most (of equals, the last listed).
    pub fn largest_outpost(&self) -> Option<&RackNetwork> {
        self.rack_networks.iter().max_by_key(|n| n.racks.len())
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    fn add(&mut self, node: Node, parent: Option<NodeIndex>) -> NodeIndex {
        let Topology {
            graph,
            index,
            hasher,
            ..
        } = self;
        let hash = hasher.hash_one(node.id.as_str());
        if let Some(existing) = index.find(hash, |found| graph[*found].id == node.id) {
            return *existing;
        }
        let added = graph.add_node(node);
        self.parent.push(parent);
        index.insert_unique(hash, added, |found| {
            hasher.hash_one(graph[*found].id.as_str())
        });
        added
    }

    fn link(&mut self, from: NodeIndex, to: Option<NodeIndex>, edge: Edge) {
        if let Some(to) = to {
            self.graph.add_edge(from, to, edge);
        }
    }

    /// An empty graph holding only one rack network (a plan, or one Outpost on its own).
    pub fn of_rack_network(network: &RackNetwork) -> Topology {
        let mut topology = Topology::empty(64);
        let outpost = topology.add(
            entity_node(
                &network.outpost_id,
                NodeKind::Outpost,
                format!("Outpost {}", network.outpost_id),
                None,
                Some(&network.outpost_id),
            ),
            None,
        );
        topology.add_rack_network(network, outpost, None);
        topology.rack_networks.push(network.clone());
        topology
    }

    fn empty(capacity: usize) -> Topology {
        Topology {
            graph: DiGraph::with_capacity(capacity, capacity * 2),
            parent: Vec::with_capacity(capacity),
            rack_networks: Vec::new(),
            index: HashTable::with_capacity(capacity),
            hasher: foldhash::fast::RandomState::default(),
        }
    }
}

fn entity_node(
    id: &str,
    kind: NodeKind,
    label: String,
    region: Option<&str>,
    outpost_id: Option<&str>,
) -> Node {
    shared_node(
        id,
        kind,
        label,
        region.map(Arc::from),
        outpost_id.map(Arc::from),
    )
}

/// An observed entity's node whose Region and Outpost are strings shared with other nodes.
fn shared_node(
    id: &str,
    kind: NodeKind,
    label: String,
    region: Option<Arc<str>>,
    outpost_id: Option<Arc<str>>,
) -> Node {
    Node {
        id: id.to_owned(),
        kind,
        label,
        provenance: Provenance::Observed,
        region,
        outpost_id,
    }
}

/// One shared copy of each Region and Outpost id the build meets: the kinds that come by the
/// hundred thousand (assets, instances, subnets, rack network elements) repeat a few thousand
/// of them, and a shared string is one allocation instead of one per node.
#[derive(Default)]
struct SharedStrings<'a> {
    strings: HashMap<&'a str, Arc<str>>,
}

impl<'a> SharedStrings<'a> {
    /// The shared copy of `text`.
    fn get(&mut self, text: &'a str) -> Arc<str> {
        self.strings
            .entry(text)
            .or_insert_with(|| Arc::from(text))
            .clone()
    }
}
