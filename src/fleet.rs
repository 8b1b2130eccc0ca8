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
