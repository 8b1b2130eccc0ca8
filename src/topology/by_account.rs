//! The estate graph with an account level above the Regions, for an organisation's snapshot:
//! each account a node, under it the Regions and zones it has something in, and under those
//! what it owns.
//!
//! Regions and zones are one node across accounts in the estate graph (every account sees the
//! same `us-east-1`), so the grouped graph gives each account its own copy of them. The copy for
//! the account a location was read in is the location's own node; other accounts get new nodes
//! with namespaced ids (`ACCOUNT/us-east-1`). Every other node keeps its index, id and edges,
//! so selections, searches and collapsed groups of the estate graph carry over; only the parent
//! of a node directly under a location changes, to the location's copy in the node's account (an
//! RAM-shared Outpost or subnet is placed in its owner's).

use petgraph::graph::NodeIndex;

use super::rack_network::Provenance;
use super::{Edge, EdgeKind, HashMap, Node, NodeKind, Topology};
use crate::model::{EntityRef, Estate};

/// The prefix of an account node's id: `account:123456789012`.
pub const ACCOUNT_ID_PREFIX: &str = "account:";

/// Whether nodes of `kind` are locations every account shares (Regions and zones).
fn is_location(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Region
            | NodeKind::AvailabilityZone
            | NodeKind::LocalZone
            | NodeKind::WavelengthZone
            | NodeKind::OtherZone
    )
}

impl Topology {
    /// This graph with an account level above the Regions (see the module's text). `accounts`
    /// are the snapshot's accounts as (id, label), in the order their nodes are laid out; an
    /// account an entity names that is not listed gets a node labelled with its id.
    pub fn grouped_by_account(&self, estate: &Estate, accounts: &[(String, String)]) -> Topology {
        let mut account_of: HashMap<&str, &str> = HashMap::default();
        let _ = estate.visit_entities::<std::convert::Infallible>(|entity| {
            let owner = match entity {
                EntityRef::Outpost(outpost) => outpost.owner_id.as_deref(),
                EntityRef::Subnet(subnet) => subnet.owner_id.as_deref(),
                _ => None,
            };
            account_of
                .entry(entity.id())
                .or_insert_with(|| owner.unwrap_or(entity.account_id()));
            Ok(())
        });
        let mut grouping = Grouping {
            grouped: self.clone(),
            account_nodes: HashMap::default(),
            copies: HashMap::default(),
            home: HashMap::default(),
            labels: accounts
                .iter()
                .map(|(id, label)| (id.as_str(), label.as_str()))
                .collect(),
        };
        for (id, _) in accounts {
            grouping.account_node(id);
        }
        let count = self.node_count();
        for index in (0..count).map(NodeIndex::new) {
            let node = self.node(index);
            let Some(account) = account_of.get(node.id.as_str()).copied() else {
                continue;
            };
            if is_location(node.kind) {
                grouping.location_in(self, index, account);
            } else if let Some(parent) = self.parent[index.index()]
                && is_location(self.node(parent).kind)
            {
                let copy = grouping.location_in(self, parent, account);
                grouping.grouped.parent[index.index()] = Some(copy);
            }
        }
        // A location no entity of a known account is under or names (a Region only derived
        // from its zones' names) goes under the first account.
        if let Some((first, _)) = accounts.first() {
            for index in (0..count).map(NodeIndex::new) {
                if is_location(self.node(index).kind) && !grouping.home.contains_key(&index) {
                    grouping.location_in(self, index, first);
                }
            }
        }
        grouping.grouped
    }
}

/// The grouped graph as it is built.
struct Grouping<'a> {
    grouped: Topology,
    account_nodes: HashMap<String, NodeIndex>,
    /// The copy of a location (the estate graph's node) in an account.
    copies: HashMap<(NodeIndex, String), NodeIndex>,
    /// The account whose copy of a location is the location's own node.
    home: HashMap<NodeIndex, String>,
    labels: HashMap<&'a str, &'a str>,
}

impl Grouping<'_> {
    /// The node of `account`, added the first time it is asked for.
    fn account_node(&mut self, account: &str) -> NodeIndex {
        if let Some(node) = self.account_nodes.get(account) {
            return *node;
        }
        let label = match self.labels.get(account) {
            Some(label) => (*label).to_owned(),
            None => account.to_owned(),
        };
        let node = self.grouped.add(
            Node {
                id: format!("{ACCOUNT_ID_PREFIX}{account}"),
                kind: NodeKind::Account,
                label,
                provenance: Provenance::Observed,
                region: None,
                outpost_id: None,
            },
            None,
        );
        self.account_nodes.insert(account.to_owned(), node);
        node
    }

    /// The copy of `location` (a node of `base`, the estate graph) in `account`, with the
    /// copies of its own locations above it, added the first time it is asked for.
    fn location_in(&mut self, base: &Topology, location: NodeIndex, account: &str) -> NodeIndex {
        if let Some(copy) = self.copies.get(&(location, account.to_owned())) {
            return *copy;
        }
        let above = match base.parent[location.index()] {
            Some(parent) if is_location(base.node(parent).kind) => {
                self.location_in(base, parent, account)
            }
            _ => self.account_node(account),
        };
        let copy = if self.home.contains_key(&location) {
            let original = base.node(location);
            let copy = self.grouped.add(
                Node {
                    id: format!("{account}/{}", original.id),
                    ..original.clone()
                },
                Some(above),
            );
            self.grouped.graph.add_edge(
                above,
                copy,
                Edge::new(EdgeKind::Contains, Provenance::Observed),
            );
            copy
        } else {
            self.home.insert(location, account.to_owned());
            self.grouped.parent[location.index()] = Some(above);
            location
        };
        self.copies.insert((location, account.to_owned()), copy);
        copy
    }
}
