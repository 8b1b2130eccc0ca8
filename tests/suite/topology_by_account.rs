//! The estate graph grouped by account: on the demo estate spread over an organisation's
//! accounts, every node keeps its place in the estate graph, accounts are the only roots, and
//! each entity sits under its own account (a shared Outpost under its owner's).

use std::collections::{BTreeSet, HashMap};

use edge_atlas::demo;
use edge_atlas::model::{Estate, SiteOverlay};
use edge_atlas::topology::by_account::ACCOUNT_ID_PREFIX;
use edge_atlas::topology::{NodeKind, Topology};
use petgraph::graph::NodeIndex;

const MANAGEMENT: &str = "999999999999";
const INFRASTRUCTURE: &str = "111111111111";
const MEMBERS: [&str; 2] = ["222222222222", "333333333333"];

/// The demo estate as an organisation holds it: the zones read in the management account, the
/// Outposts and their gateways owned by the infrastructure account, and the VPCs (with their
/// subnets and instances) spread over two member accounts.
fn organisation() -> Estate {
    let mut estate = demo::demo().expect("the embedded catalogs parse").estate;
    for region in &mut estate.regions {
        region.account_id = MANAGEMENT.to_owned();
    }
    for zone in &mut estate.zones {
        zone.account_id = MANAGEMENT.to_owned();
    }
    for outpost in &mut estate.outposts {
        outpost.account_id = INFRASTRUCTURE.to_owned();
        outpost.owner_id = Some(INFRASTRUCTURE.to_owned());
        outpost.shared_with = MEMBERS.iter().map(|m| m.to_string()).collect();
    }
    for site in &mut estate.sites {
        site.account_id = INFRASTRUCTURE.to_owned();
    }
    let mut account_of_vpc = HashMap::new();
    for (index, vpc) in estate.vpcs.iter_mut().enumerate() {
        vpc.account_id = MEMBERS[index % 2].to_owned();
        account_of_vpc.insert(vpc.vpc_id.clone(), vpc.account_id.clone());
    }
    for subnet in &mut estate.subnets {
        subnet.account_id = account_of_vpc[&subnet.vpc_id].clone();
        subnet.owner_id = Some(subnet.account_id.clone());
    }
    for instance in &mut estate.instances {
        if let Some(account) = instance.vpc_id.as_ref().and_then(|v| account_of_vpc.get(v)) {
            instance.account_id = account.clone();
        }
    }
    // Everything else (gateways, VIFs, racks' assets, carrier gateways) is the
    // infrastructure account's.
    let demo_account = estate.outposts[0].owner_id.clone();
    estate.reassign_accounts(|_, account| {
        if [MANAGEMENT, MEMBERS[0], MEMBERS[1]].contains(&account) {
            account.to_owned()
        } else {
            INFRASTRUCTURE.to_owned()
        }
    });
    assert_eq!(demo_account.as_deref(), Some(INFRASTRUCTURE));
    estate
}

/// The account node `node` sits under in `topology`, and the nodes on the way.
fn chain(topology: &Topology, node: NodeIndex) -> Vec<NodeIndex> {
    let mut chain = vec![node];
    while let Some(parent) = topology.parent[chain[chain.len() - 1].index()] {
        assert!(chain.len() < 64, "a cycle above {}", topology.node(node).id);
        chain.push(parent);
    }
    chain
}

#[test]
fn each_entity_sits_under_its_own_account_and_keeps_its_place() {
    let estate = organisation();
    let base = Topology::build(&estate, &SiteOverlay::default());
    let labels: Vec<(String, String)> = [MANAGEMENT, INFRASTRUCTURE, MEMBERS[0], MEMBERS[1]]
        .iter()
        .map(|id| (id.to_string(), format!("{id} (label)")))
        .collect();
    let grouped = base.grouped_by_account(&estate, &labels);

    // Every node of the estate graph keeps its index and id, so selections carry over.
    for index in base.graph.node_indices() {
        assert_eq!(grouped.node(index).id, base.node(index).id);
        assert_eq!(grouped.find(&base.node(index).id), Some(index));
    }
    // The accounts, labelled, are the only roots.
    let roots: BTreeSet<String> = grouped
        .graph
        .node_indices()
        .filter(|node| grouped.parent[node.index()].is_none())
        .map(|node| grouped.node(node).id.clone())
        .collect();
    let accounts: BTreeSet<String> = labels
        .iter()
        .map(|(id, _)| format!("{ACCOUNT_ID_PREFIX}{id}"))
        .collect();
    assert_eq!(roots, accounts);
    for (id, label) in &labels {
        let node = grouped
            .find(&format!("{ACCOUNT_ID_PREFIX}{id}"))
            .expect("account node");
        assert_eq!(grouped.node(node).kind, NodeKind::Account);
        assert_eq!(&grouped.node(node).label, label);
    }
    // Each instance is under its own account, by way of its account's copy of its zone; one
    // on a shared Outpost is under the Outpost, which is under its owner, once.
    let under = |id: &str| {
        let node = grouped.find(id).expect("in the graph");
        let chain = chain(&grouped, node);
        let root = grouped.node(chain[chain.len() - 1]).id.clone();
        (chain, root)
    };
    let (mut copies_seen, mut in_members) = (0, 0);
    for instance in &estate.instances {
        let (chain, root) = under(&instance.instance_id);
        let on_outpost = chain
            .iter()
            .any(|node| grouped.node(*node).kind == NodeKind::Outpost);
        let expected = if on_outpost {
            INFRASTRUCTURE
        } else {
            instance.account_id.as_str()
        };
        assert_eq!(
            root,
            format!("{ACCOUNT_ID_PREFIX}{expected}"),
            "{}",
            instance.instance_id
        );
        let region = chain
            .iter()
            .find(|node| grouped.node(**node).kind == NodeKind::Region)
            .expect("a Region above every instance");
        let region = grouped.node(*region);
        assert_eq!(region.label, instance.region);
        in_members += usize::from(!on_outpost);
        if region.id != instance.region {
            assert_eq!(region.id, format!("{expected}/{}", instance.region));
            copies_seen += 1;
        }
    }
    assert!(
        copies_seen > 0 && in_members > 0,
        "member accounts see their own copy of a Region ({copies_seen} of {in_members})"
    );
    // Shared Outposts sit under their owner, once.
    for outpost in &estate.outposts {
        let (_, root) = under(&outpost.outpost_id);
        assert_eq!(root, format!("{ACCOUNT_ID_PREFIX}{INFRASTRUCTURE}"));
    }
    // The zones the management account read are its own nodes, not copies.
    for zone in &estate.zones {
        let (chain, root) = under(&zone.zone_name);
        assert_eq!(root, format!("{ACCOUNT_ID_PREFIX}{MANAGEMENT}"));
        assert_eq!(chain[0], base.find(&zone.zone_name).expect("zone"));
    }
}
