//! Deterministic AWS-shaped ids and addresses for generated estates.
//!
//! Ids are hashes of stable names (`unit 3 / chicago / rack 7`), never of the seed, so two
//! estates generated with different seeds share ids wherever they share entities, and a diff
//! between them shows changes rather than everything removed and re-added.

use std::net::Ipv4Addr;

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `std`'s hasher.
pub fn stable_hash(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// An EC2-style id: `prefix-0` followed by 16 hex digits (17 in all, as AWS's long ids).
pub fn aws_id(prefix: &str, name: &str) -> String {
    format!("{prefix}-0{:016x}", stable_hash(name))
}

/// An upper-case alphanumeric id such as Outposts rack and asset ids use.
pub fn upper_id(prefix: &str, name: &str) -> String {
    // FNV's high bits barely change between names that differ near their end ("rack 12 /
    // host 3", "rack 12 / host 4"): mix them first, or a million-asset estate repeats ids.
    let mut mixed = stable_hash(name);
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    mixed ^= mixed >> 31;
    format!("{prefix}{:012X}", mixed >> 16)
}

/// The IPv4 address `offset` addresses after `base`.
pub fn address(base: Ipv4Addr, offset: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(base).wrapping_add(offset))
}

/// SplitMix64: a tiny, fast, well-distributed generator whose output never changes between
/// releases (the `rand` crates make no such promise), so a seed always yields the same estate.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        unit < p
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_shaped_like_aws_ids() {
        let id = aws_id("i", "unit 0 / chicago / app 1");
        assert_eq!(id, aws_id("i", "unit 0 / chicago / app 1"));
        assert_eq!(id.len(), "i-".len() + 17);
        assert_ne!(id, aws_id("i", "unit 0 / chicago / app 2"));
    }

    #[test]
    fn the_generator_is_repeatable() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        assert_eq!((a.next_u64(), a.next_u64()), (b.next_u64(), b.next_u64()));
    }
}
