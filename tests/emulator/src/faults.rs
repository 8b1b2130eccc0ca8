//! Fault injection: what can go wrong between a client and AWS, set per run.
//!
//! A [`FaultConfig`] comes from command-line flags at start and can be replaced at any time
//! through the admin endpoint (`POST /_emulator/faults` with the JSON form of this struct), so
//! one emulator can serve a test's healthy phase and its failing phase. Random faults draw
//! from a seeded generator: a run with the same seed and the same request order fails the
//! same requests.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The faults one run injects. The default injects none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// Added to every request before it is answered, in milliseconds.
    pub latency_ms: u64,
    /// Fraction (0-1) of requests answered with the service's throttling error
    /// (EC2 `RequestLimitExceeded`, others `ThrottlingException` / `Throttling`).
    pub throttle_rate: f64,
    /// Fraction (0-1) of requests answered with a 500 or 503 server error.
    pub server_error_rate: f64,
    /// Fraction (0-1) of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Regions whose EC2 calls answer `UnauthorizedOperation` and whose Outposts calls answer
    /// `AccessDeniedException` (an IAM policy that denies them).
    pub access_denied_regions: BTreeSet<String>,
    /// Operations (`ListAssetInstances`, `DescribeCoipPools`...) that answer as
    /// `access_denied_regions` do, in every Region: a read-only policy missing one action.
    pub access_denied_operations: BTreeSet<String>,
    /// Regions that answer `OptInRequired` (a Region not enabled for the account).
    pub not_opted_in_regions: BTreeSet<String>,
    /// Regions with no Outposts endpoint besides those AWS has none in (connections to
    /// their Outposts endpoint fail, as a DNS lookup for a missing endpoint does).
    pub no_outposts_regions: BTreeSet<String>,
    /// Every call answers that the security token has expired.
    pub expired_credentials: bool,
    /// The account has EC2 serial console access disabled.
    pub serial_console_disabled: bool,
    /// Serve one member AWS does not have in every EC2 and Outposts response, to prove the
    /// model check in `tests/emulator/validate` catches what clients silently ignore.
    pub unknown_member: bool,
    /// Seed of the generator behind the random faults.
    pub seed: u64,
    /// Accounts whose role cannot be assumed (`AssumeRole` answers `AccessDenied`, as for a
    /// role that is missing or whose trust policy refuses the caller).
    pub deny_roles: BTreeSet<String>,
    /// Accounts where every EC2 and Outposts call is denied (a role without the read policy).
    pub access_denied_accounts: BTreeSet<String>,
    /// Accounts Organizations lists as `SUSPENDED`.
    pub suspended_accounts: BTreeSet<String>,
    /// Lifetime of assumed-role sessions in seconds, overriding what `AssumeRole` asks
    /// (0: as asked, an hour by default); a short one makes sessions expire mid-sync.
    pub session_seconds: u64,
    /// Accounts whose AWS Config items were last captured 30 days ago (a recorder that
    /// stopped), instead of an hour ago.
    pub config_stale_accounts: BTreeSet<String>,
    /// Resource types the Config aggregator does not record (`AWS::EC2::CarrierGateway`...):
    /// queries find none of them.
    pub config_unrecorded_types: BTreeSet<String>,
}

/// What the random draw decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RandomFault {
    /// Close the connection without answering.
    Drop,
    /// Answer with a server error.
    ServerError,
    /// Answer with the throttling error.
    Throttle,
}

impl FaultConfig {
    /// Checks that rates are fractions and together at most 1.
    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in [
            ("throttle_rate", self.throttle_rate),
            ("server_error_rate", self.server_error_rate),
            ("drop_rate", self.drop_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        if self.throttle_rate + self.server_error_rate + self.drop_rate > 1.0 {
            return Err(
                "throttle_rate + server_error_rate + drop_rate must not exceed 1".to_owned(),
            );
        }
        Ok(())
    }

    /// Whether `region` has an Outposts endpoint in this run: not where AWS has none (the
    /// location catalog's `outposts_endpoint`, from AWS's endpoint model), nor where this run
    /// says so.
    pub fn has_outposts_endpoint(&self, region: &str) -> bool {
        let aws_has_one = edge_atlas::catalog::LocationCatalog::embedded()
            .ok()
            .and_then(|catalog| catalog.region(region))
            .is_none_or(|info| info.outposts_endpoint);
        aws_has_one && !self.no_outposts_regions.contains(region)
    }

    /// Maps a uniform draw in `[0, 1)` to the random fault it selects, if any.
    pub fn random_fault(&self, draw: f64) -> Option<RandomFault> {
        if draw < self.drop_rate {
            Some(RandomFault::Drop)
        } else if draw < self.drop_rate + self.server_error_rate {
            Some(RandomFault::ServerError)
        } else if draw < self.drop_rate + self.server_error_rate + self.throttle_rate {
            Some(RandomFault::Throttle)
        } else {
            None
        }
    }
}

/// SplitMix64 step: the `n`-th uniform draw in `[0, 1)` for `seed`.
pub fn uniform_draw(seed: u64, n: u64) -> f64 {
    let mut z = seed.wrapping_add(n.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_select_faults_in_order() {
        let config = FaultConfig {
            drop_rate: 0.1,
            server_error_rate: 0.1,
            throttle_rate: 0.2,
            ..FaultConfig::default()
        };
        assert_eq!(config.random_fault(0.05), Some(RandomFault::Drop));
        assert_eq!(config.random_fault(0.15), Some(RandomFault::ServerError));
        assert_eq!(config.random_fault(0.35), Some(RandomFault::Throttle));
        assert_eq!(config.random_fault(0.45), None);
    }

    #[test]
    fn draws_are_uniform_enough() {
        let below = (0..10_000).filter(|n| uniform_draw(7, *n) < 0.2).count();
        assert!((1_800..2_200).contains(&below), "{below}");
    }

    #[test]
    fn invalid_rates_are_refused() {
        let config = FaultConfig {
            throttle_rate: 0.8,
            server_error_rate: 0.5,
            ..FaultConfig::default()
        };
        assert!(config.validate().is_err());
        assert!(!FaultConfig::default().has_outposts_endpoint("ca-west-1"));
    }
}
