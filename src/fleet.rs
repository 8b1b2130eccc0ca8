//! One estate from many accounts: what an organisation sync stores.
//!
//! Each account's read is an [`Estate`] of its own, and the accounts overlap: every account
//! sees the same Regions and (for its own opt-ins) zones, and a resource shared through AWS RAM
//! (an Outpost, a subnet) is listed by its owner and by every account it is shared with, each
//! time with the owner's `OwnerId`. [`merge_account_estates`] makes one estate in which each
//! resource appears once: a shared one as its owner's copy when the owner was read, with
//! `shared_with` naming the other accounts that see it, and everything else as first read.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Estate, Shared};

/// One account's read: the account id and what was found in it.
#[derive(Debug, Clone, Default)]
pub struct AccountEstate {
    /// The account the estate was read in.
    pub account_id: String,
    /// What the account's sync found.
    pub estate: Estate,
}

/// Merges the accounts' estates, in the order given, into one (see the module documentation).
pub fn merge_account_estates(reads: Vec<AccountEstate>) -> Estate {
    let mut merged = Estate::default();
    for read in reads {
        merged.append(read.estate);
    }
    merged.outposts = merge_shared(std::mem::take(&mut merged.outposts));
    merged.subnets = merge_shared(std::mem::take(&mut merged.subnets));
    merged.dedupe_by_id();
    merged
}

/// One copy per (Region, id): the owner's when the owner's account listed it, else the first;
/// `shared_with` is every other account that listed it, sorted.
fn merge_shared<T: Shared>(items: Vec<T>) -> Vec<T> {
    let mut slots: Vec<(T, BTreeSet<String>)> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for item in items {
        let key = (item.region().to_owned(), item.id().to_owned());
        let reader = item.account_id().to_owned();
        match index.get(&key) {
            None => {
                index.insert(key, slots.len());
                slots.push((item, BTreeSet::from([reader])));
            }
            Some(&slot) => {
                let (kept, readers) = &mut slots[slot];
                readers.insert(reader.clone());
                let is_owners_copy = item.owner_id() == Some(reader.as_str());
                if is_owners_copy && kept.owner_id() != Some(kept.account_id()) {
                    *kept = item;
                }
            }
        }
    }
    slots
        .into_iter()
        .map(|(mut item, readers)| {
            let own = item.account_id().to_owned();
            let mut others: Vec<String> = readers.into_iter().filter(|r| *r != own).collect();
            others.append(item.shared_with_mut());
            others.sort();
            others.dedup();
            others.retain(|other| *other != own);
            *item.shared_with_mut() = others;
            item
        })
        .collect()
}

/// The (account, Region) pairs whose edge resources a sync must read directly when AWS Config
/// gives the rest (`sync --config-aggregator`): the accounts owning an Outpost that a subnet or
/// instance of `estate` runs on (the owner is in the Outpost's ARN), and the accounts with a
/// subnet, instance or carrier gateway in a Local Zone or Wavelength Zone. An Availability
/// Zone's name is its Region's code and one letter (`us-west-2a`); every other zone name is
/// an edge zone's (`us-west-2-lax-1a`, `us-east-1-wl1-bos-wlz-1`).
pub fn edge_footprint(estate: &Estate) -> BTreeSet<(String, String)> {
    let mut footprint = BTreeSet::new();
    let mut note = |account: &str, region: &str, zone: &str, outpost_arn: Option<&str>| {
        if let Some(owner) = outpost_arn.and_then(outpost_owner) {
            footprint.insert((owner.to_owned(), region.to_owned()));
        }
        if is_edge_zone(region, zone) {
            footprint.insert((account.to_owned(), region.to_owned()));
        }
    };
    for subnet in &estate.subnets {
        let zone = &subnet.availability_zone;
        note(
            &subnet.account_id,
            &subnet.region,
            zone,
            subnet.outpost_arn.as_deref(),
        );
    }
    for instance in &estate.instances {
        let zone = &instance.availability_zone;
        note(
            &instance.account_id,
            &instance.region,
            zone,
            instance.outpost_arn.as_deref(),
        );
    }
    for gateway in &estate.carrier_gateways {
        footprint.insert((gateway.account_id.clone(), gateway.region.clone()));
    }
    footprint
}

/// Whether `zone` of `region` is a Local Zone or Wavelength Zone (see [`edge_footprint`]).
pub fn is_edge_zone(region: &str, zone: &str) -> bool {
    match zone.strip_prefix(region) {
        Some(rest) => !(rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase())),
        None => !zone.is_empty(),
    }
}

/// The owner account in an Outpost ARN (`arn:aws:outposts:REGION:ACCOUNT:outpost/op-…`).
pub fn outpost_owner(outpost_arn: &str) -> Option<&str> {
    let account = outpost_arn.split(':').nth(4)?;
    (!account.is_empty()).then_some(account)
}

/// Adds to each Outpost's `shared_with` the other accounts with a subnet or instance on it:
/// who uses it, when (as through AWS Config) the accounts it is shared with were not listed.
pub fn note_outpost_users(estate: &mut Estate) {
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let on_outposts = estate
        .subnets
        .iter()
        .map(|subnet| (subnet.outpost_arn.as_deref(), subnet.account_id.as_str()))
        .chain(estate.instances.iter().map(|instance| {
            (
                instance.outpost_arn.as_deref(),
                instance.account_id.as_str(),
            )
        }));
    for (arn, account) in on_outposts {
        if let Some(arn) = arn {
            users.entry(arn).or_default().insert(account);
        }
    }
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for outpost in &estate.outposts {
        if let Some(accounts) = users.get(outpost.outpost_arn.as_str()) {
            found.insert(
                outpost.outpost_arn.clone(),
                accounts
                    .iter()
                    .map(|account| (*account).to_owned())
                    .collect(),
            );
        }
    }
    for outpost in &mut estate.outposts {
        let Some(accounts) = found.remove(&outpost.outpost_arn) else {
            continue;
        };
        let own = outpost.account_id.clone();
        outpost.shared_with.extend(accounts);
        outpost.shared_with.sort();
        outpost.shared_with.dedup();
        outpost.shared_with.retain(|account| *account != own);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn read(account: &str, estate: &Estate) -> AccountEstate {
        let mut estate = estate.clone();
        estate.reassign_accounts(|_, _| account.to_owned());
        AccountEstate {
            account_id: account.to_owned(),
            estate,
        }
    }

    #[test]
    fn edge_zones_are_every_zone_but_a_regions_lettered_ones() {
        assert!(!is_edge_zone("us-west-2", "us-west-2a"));
        assert!(is_edge_zone("us-west-2", "us-west-2-lax-1a"));
        assert!(is_edge_zone("us-east-1", "us-east-1-wl1-bos-wlz-1"));
        assert!(!is_edge_zone("us-west-2", ""));
        assert_eq!(
            outpost_owner("arn:aws:outposts:us-west-2:123456789012:outpost/op-0abc"),
            Some("123456789012")
        );
        assert_eq!(outpost_owner("op-0abc"), None);
    }

    #[test]
    fn the_edge_footprint_is_the_outposts_owners_and_the_edge_zones_users() {
        let demo = demo::demo().expect("demo").estate;
        let mut estate = Estate {
            subnets: demo.subnets.clone(),
            instances: demo.instances.clone(),
            carrier_gateways: demo.carrier_gateways.clone(),
            ..Estate::default()
        };
        // Every subnet, instance and gateway in an account of its own.
        for subnet in &mut estate.subnets {
            subnet.account_id = format!("acct-{}", subnet.subnet_id);
        }
        for instance in &mut estate.instances {
            instance.account_id = format!("acct-{}", instance.instance_id);
        }
        for gateway in &mut estate.carrier_gateways {
            gateway.account_id = format!("acct-{}", gateway.carrier_gateway_id);
        }
        let footprint = edge_footprint(&estate);
        let owners: BTreeSet<&str> = footprint
            .iter()
            .filter(|(account, _)| !account.starts_with("acct-"))
            .map(|(account, _)| account.as_str())
            .collect();
        assert_eq!(owners, BTreeSet::from([demo::DEMO_ACCOUNT_ID]));
        for subnet in &estate.subnets {
            let listed = footprint.contains(&(subnet.account_id.clone(), subnet.region.clone()));
            assert_eq!(
                listed,
                is_edge_zone(&subnet.region, &subnet.availability_zone),
                "{}",
                subnet.subnet_id
            );
        }
        assert!(footprint.len() < estate.subnets.len() + estate.instances.len());
    }

    #[test]
    fn an_outposts_users_are_the_other_accounts_with_subnets_on_it() {
        let demo = demo::demo().expect("demo").estate;
        let mut estate = demo.clone();
        let arn = estate.outposts[0].outpost_arn.clone();
        let owner = estate.outposts[0].account_id.clone();
        for (index, subnet) in estate.subnets.iter_mut().enumerate() {
            if subnet.outpost_arn.as_deref() == Some(arn.as_str()) {
                subnet.account_id = format!("30000000000{}", index % 2);
            }
        }
        note_outpost_users(&mut estate);
        let users = &estate.outposts[0].shared_with;
        assert!(!users.is_empty() && !users.contains(&owner), "{users:?}");
        assert!(users.iter().all(|user| user.starts_with("30000000000")));
    }

    #[test]
    fn a_shared_outpost_is_kept_once_as_its_owners_copy_with_the_accounts_that_see_it() {
        let demo = demo::demo().expect("demo").estate;
        let owner = "111111111111";
        let mut owned = demo.clone();
        for outpost in &mut owned.outposts {
            outpost.owner_id = Some(owner.to_owned());
        }
        // The consumer's read comes first: the owner's copy must still win.
        let mut consumer = read("222222222222", &owned);
        consumer.estate.outposts[0].name = "as the consumer saw it".to_owned();
        let merged = merge_account_estates(vec![
            consumer,
            read(owner, &owned),
            read("333333333333", &owned),
        ]);
        assert_eq!(merged.outposts.len(), demo.outposts.len());
        assert_eq!(merged.regions.len(), demo.regions.len());
        assert_eq!(merged.zones.len(), demo.zones.len());
        for outpost in &merged.outposts {
            assert_eq!(outpost.account_id, owner);
            assert_eq!(outpost.owner_id.as_deref(), Some(owner));
            assert_eq!(outpost.shared_with, ["222222222222", "333333333333"]);
        }
        assert_eq!(merged.outposts[0].name, demo.outposts[0].name);
    }

    #[test]
    fn without_its_owner_a_shared_resource_is_the_first_readers_and_nothing_is_lost() {
        let demo = demo::demo().expect("demo").estate;
        let mut consumer_view = demo.clone();
        for subnet in &mut consumer_view.subnets {
            subnet.owner_id = Some("999999999999".to_owned());
        }
        let merged = merge_account_estates(vec![
            read("222222222222", &consumer_view),
            read("333333333333", &consumer_view),
        ]);
        assert_eq!(merged.entity_count(), demo.entity_count());
        let subnet = &merged.subnets[0];
        assert_eq!(subnet.account_id, "222222222222");
        assert_eq!(subnet.shared_with, ["333333333333"]);
        assert_eq!(subnet.owner_id.as_deref(), Some("999999999999"));
    }
}
