//! The `org:N` fixture: the demo estate spread over an organisation of N + 2 accounts.
//!
//! Shaped as the estates the organisation sync is for: the management account (the caller's
//! long-term keys) holds nothing; one infrastructure account owns every Outposts site, Outpost,
//! asset and local gateway resource and shares the Outposts with the members through AWS RAM
//! (each member's `ListOutposts` lists them with the infrastructure account's `OwnerId`); the
//! demo's VPCs, with their subnets, instances and carrier gateways, are dealt out to the N
//! member accounts in turn. Every account sees the Regions and zones. The infrastructure
//! account sits in one organisational unit, the members in another and, every second one, in
//! a unit below it, so listing a unit must walk its children.

use std::collections::BTreeMap;

use edge_atlas::model::Estate;

/// The management account: the caller of an organisation sync, holding nothing.
pub const MANAGEMENT_ACCOUNT_ID: &str = "111100000000";
/// The organisation's id.
pub const ORGANIZATION_ID: &str = "o-edgeatlas01";
/// The organisation's root.
pub const ROOT_ID: &str = "r-edge";

/// An organisational unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationalUnit {
    /// `ou-…`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The root or unit it sits in.
    pub parent_id: String,
}

/// An account of the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationAccount {
    /// The 12-digit id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its root user's email.
    pub email: String,
    /// `ACTIVE` (the fixture's accounts all are; faults suspend them).
    pub state: String,
    /// The root or unit it sits in.
    pub parent_id: String,
}

/// The organisation of an `org:N` fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// The management account.
    pub management_account_id: String,
    /// The account owning the Outposts.
    pub infrastructure_account_id: String,
    /// The units below the root.
    pub units: Vec<OrganizationalUnit>,
    /// Every account, the management account first.
    pub accounts: Vec<OrganizationAccount>,
}

/// The id of member `index` (0-based): `2000000000NN`.
pub fn member_account_id(index: usize) -> String {
    format!("2{:011}", index + 1)
}

/// Spreads `estate` over an organisation of `members` member accounts (see the module
/// documentation); returns the organisation and each account's estate.
pub fn spread(estate: Estate, members: usize) -> (Organization, BTreeMap<String, Estate>) {
    let members = members.max(1);
    let infrastructure = estate
        .outposts
        .first()
        .map(|outpost| outpost.account_id.clone())
        .unwrap_or_else(|| edge_atlas::demo::DEMO_ACCOUNT_ID.to_owned());
    let member_ids: Vec<String> = (0..members).map(member_account_id).collect();
    let organization = organization(&infrastructure, &member_ids);

    // What every account sees: the Regions, its zones and the Outposts catalog.
    let everyone = Estate {
        regions: estate.regions.clone(),
        zones: estate.zones.clone(),
        catalog_items: estate.catalog_items.clone(),
        instance_type_offerings: estate.instance_type_offerings.clone(),
        ..Estate::default()
    };
    let mut estates: BTreeMap<String, Estate> = organization
        .accounts
        .iter()
        .map(|account| {
            let mut seen = everyone.clone();
            seen.reassign_accounts(|_, _| account.id.clone());
            (account.id.clone(), seen)
        })
        .collect();

    // Each VPC, and what is in it, to one member in turn.
    let owner_of_vpc: BTreeMap<String, String> = estate
        .vpcs
        .iter()
        .enumerate()
        .map(|(index, vpc)| (vpc.vpc_id.clone(), member_ids[index % members].clone()))
        .collect();
    let owner = |vpc_id: &str| {
        owner_of_vpc
            .get(vpc_id)
            .cloned()
            .unwrap_or_else(|| member_ids[0].clone())
    };
    let mut owner_of_instance = BTreeMap::new();
    let Estate {
        sites,
        outposts,
        assets,
        mut asset_instances,
        capacity_tasks,
        local_gateways,
        vifs,
        vif_groups,
        route_tables,
        coip_pools,
        outpost_lags,
        service_link_vifs,
        carrier_gateways,
        vpcs,
        subnets,
        instances,
        ..
    } = estate;
    for mut vpc in vpcs {
        vpc.account_id = owner(&vpc.vpc_id);
        estates
            .entry(vpc.account_id.clone())
            .or_default()
            .vpcs
            .push(vpc);
    }
    for mut subnet in subnets {
        subnet.account_id = owner(&subnet.vpc_id);
        subnet.owner_id = Some(subnet.account_id.clone());
        estates
            .entry(subnet.account_id.clone())
            .or_default()
            .subnets
            .push(subnet);
    }
    for mut instance in instances {
        instance.account_id = owner(instance.vpc_id.as_deref().unwrap_or_default());
        owner_of_instance.insert(instance.instance_id.clone(), instance.account_id.clone());
        estates
            .entry(instance.account_id.clone())
            .or_default()
            .instances
            .push(instance);
    }
    for mut gateway in carrier_gateways {
        gateway.account_id = owner(&gateway.vpc_id);
        estates
            .entry(gateway.account_id.clone())
            .or_default()
            .carrier_gateways
            .push(gateway);
    }
    for running in &mut asset_instances {
        running.instance_account_id = owner_of_instance.get(&running.instance_id).cloned();
    }

    // The Outposts side, owned by the infrastructure account; the Outposts shared with every
    // member.
    let infra = estates.entry(infrastructure.clone()).or_default();
    for mut outpost in outposts {
        outpost.owner_id = Some(infrastructure.clone());
        infra.outposts.push(outpost);
    }
    infra.sites.extend(sites);
    infra.assets.extend(assets);
    infra.asset_instances.extend(asset_instances);
    infra.capacity_tasks.extend(capacity_tasks);
    infra.local_gateways.extend(local_gateways);
    infra.vifs.extend(vifs);
    infra.vif_groups.extend(vif_groups);
    infra.route_tables.extend(route_tables);
    infra.coip_pools.extend(coip_pools);
    infra.outpost_lags.extend(outpost_lags);
    infra.service_link_vifs.extend(service_link_vifs);
    // Each member's copy keeps the owner's `account_id`: what the emulator answers as `OwnerId`.
    let shared_outposts = infra.outposts.clone();
    for member in &member_ids {
        estates
            .entry(member.clone())
            .or_default()
            .outposts
            .extend(shared_outposts.iter().cloned());
    }
    (organization, estates)
}

fn organization(infrastructure: &str, members: &[String]) -> Organization {
    let units = vec![
        OrganizationalUnit {
            id: "ou-edge-infra001".to_owned(),
            name: "Infrastructure".to_owned(),
            parent_id: ROOT_ID.to_owned(),
        },
        OrganizationalUnit {
            id: "ou-edge-apps0001".to_owned(),
            name: "Applications".to_owned(),
            parent_id: ROOT_ID.to_owned(),
        },
        OrganizationalUnit {
            id: "ou-edge-emea0001".to_owned(),
            name: "Applications EMEA".to_owned(),
            parent_id: "ou-edge-apps0001".to_owned(),
        },
    ];
    let account = |id: &str, name: &str, parent: &str| OrganizationAccount {
        id: id.to_owned(),
        name: name.to_owned(),
        email: format!("aws+{name}@northwind.example"),
        state: "ACTIVE".to_owned(),
        parent_id: parent.to_owned(),
    };
    let mut accounts = vec![
        account(MANAGEMENT_ACCOUNT_ID, "northwind-management", ROOT_ID),
        account(
            infrastructure,
            "northwind-edge-infrastructure",
            "ou-edge-infra001",
        ),
    ];
    for (index, member) in members.iter().enumerate() {
        let unit = if index % 2 == 0 {
            "ou-edge-apps0001"
        } else {
            "ou-edge-emea0001"
        };
        accounts.push(account(
            member,
            &format!("northwind-app-{:03}", index + 1),
            unit,
        ));
    }
    Organization {
        management_account_id: MANAGEMENT_ACCOUNT_ID.to_owned(),
        infrastructure_account_id: infrastructure.to_owned(),
        units,
        accounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_spreads_over_the_organisation_without_losing_or_doubling_anything() {
        let demo = edge_atlas::demo::demo().expect("demo").estate;
        let (organization, estates) = spread(demo.clone(), 5);
        assert_eq!(organization.accounts.len(), 7);
        assert_eq!(estates.len(), 7);
        let management = &estates[MANAGEMENT_ACCOUNT_ID];
        assert!(management.vpcs.is_empty() && management.outposts.is_empty());
        let infra = &estates[&organization.infrastructure_account_id];
        assert_eq!(infra.outposts.len(), demo.outposts.len());
        assert_eq!(infra.assets.len(), demo.assets.len());
        assert!(infra.vpcs.is_empty());
        let members: Vec<&Estate> = (0..5).map(|i| &estates[&member_account_id(i)]).collect();
        assert_eq!(
            members.iter().map(|m| m.vpcs.len()).sum::<usize>(),
            demo.vpcs.len()
        );
        assert_eq!(
            members.iter().map(|m| m.instances.len()).sum::<usize>(),
            demo.instances.len()
        );
        for member in &members {
            assert_eq!(member.outposts.len(), demo.outposts.len());
            assert!(member.outposts.iter().all(|outpost| {
                outpost.owner_id.as_deref() == Some(&organization.infrastructure_account_id)
            }));
            assert!(member.assets.is_empty());
        }
    }
}
