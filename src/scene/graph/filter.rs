//! Which nodes the estate graph leaves out: kinds, a Region, an account, a tag. Applied before layout (as
//! the layout's hidden nodes), so drawing never walks what a filter hides.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use petgraph::graph::NodeIndex;
use serde::{Deserialize, Serialize};

use crate::model::{EntityRef, Estate};
use crate::topology::{NodeKind, Topology};

/// Which nodes the graph leaves out. Hiding a kind hides what its nodes contain; the Region
/// and tag filters keep the matching nodes with their ancestors (for context) and contents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphFilter {
    /// Kinds not shown.
    pub hidden_kinds: BTreeSet<NodeKind>,
    /// Only this Region's nodes, if set.
    pub region: Option<String>,
    /// Only the entities read in this account or shared with it (an organisation's
    /// snapshot), if set.
    #[serde(default)]
    pub account: Option<String>,
    /// Only entities with a tag whose `key`, `value` or `key=value` contains this text
    /// (case-insensitive), if not empty.
    pub tag: String,
}

impl GraphFilter {
    /// Whether the filter shows everything.
    pub fn is_empty(&self) -> bool {
        self.hidden_kinds.is_empty()
            && self.region.is_none()
            && self.account.is_none()
            && self.tag.trim().is_empty()
    }

    /// For each node of `topology`, whether the filter hides it (the layout's `hidden`).
    pub fn hidden_nodes(&self, topology: &Topology, estate: &Estate) -> Vec<bool> {
        let count = topology.node_count();
        if self.is_empty() {
            return Vec::new();
        }
        let tag = self.tag.trim().to_lowercase();
        let tagged: HashMap<&str, &BTreeMap<String, String>> = if tag.is_empty() {
            HashMap::new()
        } else {
            let mut tagged = HashMap::new();
            let _ = estate.visit_entities::<std::convert::Infallible>(|entity| {
                if let Some(tags) = entity.tags() {
                    tagged.insert(entity.id(), tags);
                }
                Ok(())
            });
            tagged
        };
        let tag_matches = |id: &str| {
            tagged.get(id).is_some_and(|tags| {
                tags.iter().any(|(key, value)| {
                    format!("{}={}", key.to_lowercase(), value.to_lowercase()).contains(&tag)
                })
            })
        };
        let in_account: HashSet<&str> = match &self.account {
            None => HashSet::new(),
            Some(account) => {
                let mut ids = HashSet::new();
                let _ = estate.visit_entities::<std::convert::Infallible>(|entity| {
                    let shared = match entity {
                        EntityRef::Outpost(outpost) => outpost.shared_with.contains(account),
                        EntityRef::Subnet(subnet) => subnet.shared_with.contains(account),
                        _ => false,
                    };
                    if entity.account_id() == account || shared {
                        ids.insert(entity.id());
                    }
                    Ok(())
                });
                ids
            }
        };
        let filtered = self.region.is_some() || self.account.is_some() || !tag.is_empty();
        let mut matches = vec![!filtered; count];
        if filtered {
            for index in topology.graph.node_indices() {
                let node = topology.node(index);
                let region_ok = self
                    .region
                    .as_ref()
                    .is_none_or(|region| node.region.as_deref() == Some(region.as_str()));
                let account_ok = self.account.is_none() || in_account.contains(node.id.as_str());
                matches[index.index()] =
                    region_ok && account_ok && (tag.is_empty() || tag_matches(&node.id));
            }
        }
        // Keep matches, their ancestors and their descendants.
        let mut keep = matches.clone();
        for (index, matched) in matches.iter().enumerate() {
            if !matched {
                continue;
            }
            let mut current = topology.parent[index];
            while let Some(parent) = current {
                if keep[parent.index()] {
                    break;
                }
                keep[parent.index()] = true;
                current = topology.parent[parent.index()];
            }
        }
        let mut under_match = vec![None::<bool>; count];
        for (index, kept) in keep.iter_mut().enumerate() {
            if *kept {
                continue;
            }
            let mut chain = Vec::new();
            let mut current = Some(NodeIndex::new(index));
            let mut found = false;
            while let Some(node) = current {
                if let Some(known) = under_match[node.index()] {
                    found = known;
                    break;
                }
                if matches[node.index()] {
                    found = true;
                    break;
                }
                chain.push(node.index());
                current = topology.parent[node.index()];
            }
            for node in chain {
                under_match[node] = Some(found);
            }
            *kept = found;
        }
        topology
            .graph
            .node_indices()
            .map(|index| {
                !keep[index.index()] || self.hidden_kinds.contains(&topology.node(index).kind)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::scene::graph::GraphLayout;

    fn demo_topology() -> (Estate, Topology) {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &demo.overlay);
        (demo.estate, topology)
    }

    #[test]
    fn an_account_filter_keeps_that_accounts_entities_and_what_is_shared_with_it() {
        let (mut estate, _) = demo_topology();
        let member = "210000000001";
        let vpc_id = estate.vpcs[0].vpc_id.clone();
        estate.vpcs[0].account_id = member.to_owned();
        for subnet in estate.subnets.iter_mut().filter(|s| s.vpc_id == vpc_id) {
            subnet.account_id = member.to_owned();
        }
        estate.outposts[0].shared_with = vec![member.to_owned()];
        let topology = Topology::build(&estate, &crate::model::SiteOverlay::default());
        let filter = GraphFilter {
            account: Some(member.to_owned()),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        let shown = |id: &str| topology.find(id).is_some_and(|node| !hidden[node.index()]);
        assert!(shown(&vpc_id));
        assert!(
            shown(&estate.outposts[0].outpost_id),
            "shared with the member"
        );
        assert!(!shown(&estate.vpcs[1].vpc_id), "another account's VPC");
        assert!(hidden.iter().any(|h| *h) && hidden.iter().any(|h| !*h));
    }

    #[test]
    fn filters_keep_matches_with_their_context() {
        let (estate, topology) = demo_topology();
        let filter = GraphFilter {
            region: Some("eu-central-1".into()),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        for index in topology.graph.node_indices() {
            let node = topology.node(index);
            let shown = !hidden[index.index()];
            assert_eq!(
                shown,
                node.region.as_deref() == Some("eu-central-1"),
                "{}",
                node.id
            );
        }
        let tagged = estate
            .instances
            .iter()
            .find(|i| !i.tags.is_empty())
            .expect("a tagged instance");
        let (key, value) = tagged.tags.iter().next().expect("a tag");
        let filter = GraphFilter {
            tag: format!("{key}={value}").to_uppercase(),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        let instance = topology.find(&tagged.instance_id).expect("node");
        assert!(!hidden[instance.index()]);
        let region = topology.find(&tagged.region).expect("its Region");
        assert!(!hidden[region.index()], "ancestors stay for context");
        assert!(hidden.iter().any(|h| *h), "untagged branches go");
        let filter = GraphFilter {
            hidden_kinds: BTreeSet::from([NodeKind::Instance]),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), hidden));
        assert_eq!(layout.position(instance), None);
        assert_eq!(
            layout.visible_count(),
            topology.node_count() - estate.instances.len()
        );
    }
}
