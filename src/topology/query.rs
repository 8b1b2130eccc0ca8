//! Questions asked of the graph: what is near a node, what a node contains, how an instance
//! reaches its home Region, and which nodes match a search (id, name, tag, IP, VLAN, ASN).

use std::collections::{HashMap, VecDeque};

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{EdgeKind, NodeKind, Topology};
use crate::model::{Entity, Estate};

/// Every node within `hops` edges of `start` (either direction), `start` first, by distance.
pub fn neighbourhood(
    topology: &Topology,
    start: NodeIndex,
    hops: usize,
) -> Vec<(NodeIndex, usize)> {
    let mut seen = HashMap::from([(start, 0usize)]);
    let mut order = vec![(start, 0)];
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((node, distance)) = queue.pop_front() {
        if distance == hops {
            continue;
        }
        for next in topology.graph.neighbors_undirected(node) {
            if let std::collections::hash_map::Entry::Vacant(entry) = seen.entry(next) {
                entry.insert(distance + 1);
                order.push((next, distance + 1));
                queue.push_back((next, distance + 1));
            }
        }
    }
    order
}

/// Every node under `root` in the containment tree (Region > zone > Outpost > rack > device,
/// VPC, subnet > instance), `root` excluded, in breadth-first order.
pub fn contained(topology: &Topology, root: NodeIndex) -> Vec<NodeIndex> {
    let children = children(topology);
    let mut result = Vec::new();
    let mut queue = VecDeque::from([root]);
    while let Some(node) = queue.pop_front() {
        for child in children.get(&node).into_iter().flatten() {
            result.push(*child);
            queue.push_back(*child);
        }
    }
    result
}

/// Each node's containment children.
pub fn children(topology: &Topology) -> HashMap<NodeIndex, Vec<NodeIndex>> {
    let mut map: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
    for (index, parent) in topology.parent.iter().enumerate() {
        if let Some(parent) = parent {
            map.entry(*parent).or_default().push(NodeIndex::new(index));
        }
    }
    map
}

/// How `start` reaches its home Region: up the containment tree to its Outpost, then over a
/// service link VIF to the Region (or, off Outposts, up to the Region). `None` when there is no
/// such path.
pub fn path_to_home_region(topology: &Topology, start: NodeIndex) -> Option<Vec<NodeIndex>> {
    let mut path = vec![start];
    let mut current = start;
    loop {
        let node = topology.node(current);
        match node.kind {
            NodeKind::Region => return Some(path),
            NodeKind::Outpost => {
                let service_link = topology
                    .graph
                    .node_indices()
                    .filter(|i| {
                        let n = topology.node(*i);
                        n.kind == NodeKind::ServiceLinkVif
                            && n.outpost_id.as_deref() == Some(node.id.as_str())
                    })
                    .find(|vif| {
                        topology
                            .graph
                            .edges_directed(*vif, Direction::Outgoing)
                            .any(|e| e.weight().kind == EdgeKind::ServiceLink)
                    })?;
                let region = topology
                    .graph
                    .edges_directed(service_link, Direction::Outgoing)
                    .find(|e| e.weight().kind == EdgeKind::ServiceLink)
                    .map(|e| e.target())?;
                path.extend([service_link, region]);
                return Some(path);
            }
            _ => {
                current = topology.parent.get(current.index()).copied().flatten()?;
                path.push(current);
            }
        }
    }
}

/// A case-insensitive search over ids, names, tags, addresses, VLANs and ASNs.
pub struct SearchIndex {
    entries: Vec<(NodeIndex, String)>,
}

impl SearchIndex {
    /// Indexes every node of `topology`, with the tags and addresses of `estate`'s entities.
    pub fn build(topology: &Topology, estate: &Estate) -> SearchIndex {
        let mut extra: HashMap<String, String> = HashMap::new();
        let mut add = |id: &str, words: Vec<&str>| {
            let text = extra.entry(id.to_owned()).or_default();
            for word in words {
                text.push(' ');
                text.push_str(&word.to_lowercase());
            }
        };
        // Only the fields people search by; everything else is in the details panel.
        fn tag_words(tags: &std::collections::BTreeMap<String, String>) -> Vec<&str> {
            tags.iter()
                .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                .collect()
        }
        for instance in &estate.instances {
            let mut words = tag_words(&instance.tags);
            let addresses = [
                &instance.private_ip_address,
                &instance.public_ip_address,
                &instance.carrier_ip,
                &instance.customer_owned_ip,
            ];
            words.extend(addresses.into_iter().flatten().map(String::as_str));
            words.push(&instance.instance_type);
            add(instance.id(), words);
        }
        for subnet in &estate.subnets {
            add(
                subnet.id(),
                [tag_words(&subnet.tags), vec![subnet.cidr_block.as_str()]].concat(),
            );
        }
        for vpc in &estate.vpcs {
            add(
                vpc.id(),
                [tag_words(&vpc.tags), vec![vpc.cidr_block.as_str()]].concat(),
            );
        }
        for outpost in &estate.outposts {
            add(outpost.id(), tag_words(&outpost.tags));
        }
        for site in &estate.sites {
            let place = [
                &site.operating_address_city,
                &site.operating_address_country_code,
            ];
            add(
                site.id(),
                [
                    tag_words(&site.tags),
                    place.into_iter().flatten().map(String::as_str).collect(),
                ]
                .concat(),
            );
        }
        let entries = topology
            .graph
            .node_indices()
            .map(|index| {
                let node = topology.node(index);
                let mut text = format!("{} {}", node.id.to_lowercase(), node.label.to_lowercase());
                if let Some(more) = extra.get(&node.id) {
                    text.push_str(more);
                }
                (index, text)
            })
            .collect();
        SearchIndex { entries }
    }

    /// Nodes whose id, label, tags or addresses contain `query` (case-insensitive); an exact id
    /// match comes first. At most `limit` results.
    pub fn search(&self, topology: &Topology, query: &str, limit: usize) -> Vec<NodeIndex> {
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        let mut exact = Vec::new();
        let mut partial = Vec::new();
        for (index, text) in &self.entries {
            if topology.node(*index).id.eq_ignore_ascii_case(&needle) {
                exact.push(*index);
            } else if text.contains(&needle) {
                partial.push(*index);
            }
        }
        exact.into_iter().chain(partial).take(limit).collect()
    }
}
