//! Handing out point-to-point subnets, service link subnets and VLAN ids from the pools a
//! customer gives, around what is already in use (an existing Outpost's observed VIFs). The
//! allocators are first-fit in address and VLAN order, so the same input always gives the
//! same plan.

use std::collections::BTreeSet;

use ipnet::Ipv4Net;

use super::BuildPlanError;

/// Whether two prefixes share any address.
pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Parses `a.b.c.d/len` (host bits allowed, as AWS writes VIF addresses) into the address's
/// prefix (host bits cleared); `None` when it is not IPv4 CIDR notation.
pub fn prefix_of(address: &str) -> Option<Ipv4Net> {
    address.parse::<Ipv4Net>().ok().map(|net| net.trunc())
}

/// Subnets of one length out of a pool, skipping any that overlap a reserved prefix.
pub struct SubnetAllocator {
    pool: Ipv4Net,
    /// The pool's flag (`--p2p-pool`), for errors.
    flag: &'static str,
    /// In use before the plan (observed VIFs).
    in_use: Vec<Ipv4Net>,
    taken: Vec<Ipv4Net>,
    next: u64,
}

impl SubnetAllocator {
    /// An allocator over `pool`; prefixes `in_use` (and those it hands out) are skipped.
    pub fn new(pool: Ipv4Net, flag: &'static str, in_use: Vec<Ipv4Net>) -> SubnetAllocator {
        SubnetAllocator {
            pool: pool.trunc(),
            flag,
            in_use,
            taken: Vec::new(),
            next: 0,
        }
    }

    /// The `index`-th subnet of `prefix_len` bits in the pool, if the pool has one.
    fn candidate(&self, prefix_len: u8, index: u64) -> Option<Ipv4Net> {
        let bits = u32::from(prefix_len.checked_sub(self.pool.prefix_len())?);
        if prefix_len > 32 || bits > 32 || index >= 1u64 << bits {
            return None;
        }
        let step = 1u64 << (32 - u32::from(prefix_len));
        let start = u64::from(u32::from(self.pool.network())) + index * step;
        Ipv4Net::new(
            std::net::Ipv4Addr::from(u32::try_from(start).ok()?),
            prefix_len,
        )
        .ok()
    }

    /// The next free subnet of `prefix_len` bits, or an error naming the pool when none is
    /// left (`needed` says how many of that length the plan needs in all, for the message).
    pub fn take(&mut self, prefix_len: u8, needed: usize) -> Result<Ipv4Net, BuildPlanError> {
        while let Some(candidate) = self.candidate(prefix_len, self.next) {
            self.next += 1;
            let busy = self
                .in_use
                .iter()
                .chain(&self.taken)
                .any(|r| overlaps(r, &candidate));
            if !busy {
                self.taken.push(candidate);
                return Ok(candidate);
            }
        }
        Err(BuildPlanError::PoolTooSmall {
            flag: self.flag,
            pool: self.pool.to_string(),
            prefix_len,
            needed,
            room: self.room(prefix_len, needed),
        })
    }

    /// How many subnets of `prefix_len` the pool has beside what was in use before the plan,
    /// counted up to `limit` (the answer only needs to say it is fewer than needed).
    fn room(&self, prefix_len: u8, limit: usize) -> usize {
        (0u64..)
            .map_while(|index| self.candidate(prefix_len, index))
            .filter(|candidate| !self.in_use.iter().any(|r| overlaps(r, candidate)))
            .take(limit)
            .count()
    }
}

/// VLAN ids from a start, skipping those in use; 1-4094 (802.1Q).
pub struct VlanAllocator {
    next: u16,
    used: BTreeSet<u16>,
}

impl VlanAllocator {
    /// An allocator from `start`, skipping `used`.
    pub fn new(start: u16, used: BTreeSet<u16>) -> VlanAllocator {
        VlanAllocator { next: start, used }
    }

    /// The next free VLAN id.
    pub fn take(&mut self) -> Result<u16, BuildPlanError> {
        while self.next <= 4094 {
            let vlan = self.next;
            self.next += 1;
            if self.used.insert(vlan) {
                return Ok(vlan);
            }
        }
        Err(BuildPlanError::Input(
            "no VLAN id is left below 4094: choose a lower --vlan-start".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().expect("a CIDR")
    }

    #[test]
    fn subnets_come_in_address_order_around_reserved_ones() {
        let mut allocator =
            SubnetAllocator::new(net("10.0.0.0/29"), "--p2p-pool", vec![net("10.0.0.2/31")]);
        let taken: Vec<String> = (0..3)
            .map(|_| allocator.take(31, 3).expect("room").to_string())
            .collect();
        assert_eq!(taken, ["10.0.0.0/31", "10.0.0.4/31", "10.0.0.6/31"]);
        let error = allocator.take(31, 4).expect_err("the pool is used up");
        assert!(error.to_string().contains("10.0.0.0/29"), "{error}");
    }

    #[test]
    fn a_subnet_larger_than_the_pool_is_refused() {
        let mut allocator = SubnetAllocator::new(net("10.0.0.0/27"), "--service-link-pool", vec![]);
        assert!(allocator.take(26, 1).is_err());
    }

    #[test]
    fn vlans_skip_used_ids_and_stop_at_4094() {
        let mut vlans = VlanAllocator::new(4092, BTreeSet::from([4093]));
        assert_eq!(vlans.take().expect("4092"), 4092);
        assert_eq!(vlans.take().expect("4094"), 4094);
        assert!(vlans.take().is_err());
    }

    #[test]
    fn addresses_with_host_bits_give_their_prefix() {
        assert_eq!(prefix_of("10.1.2.3/31"), Some(net("10.1.2.2/31")));
        assert_eq!(prefix_of("not an address"), None);
        assert!(overlaps(&net("10.0.0.0/24"), &net("10.0.0.128/25")));
        assert!(!overlaps(&net("10.0.0.0/25"), &net("10.0.0.128/25")));
    }
}
