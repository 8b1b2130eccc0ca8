//! Right-sizing: each server to the EC2 instance size of an allowed family that a host can be
//! slotted into. Without utilisation figures a server keeps what it is configured with; with
//! them it gets its utilisation plus headroom, never below the stated minimum. Among the
//! allowed families the size taking the smallest share of its host wins (ties: the family
//! listed first), which puts memory-heavy servers on memory-optimised hosts and
//! compute-heavy ones on compute-optimised hosts, and the rest on the first family.

use serde::Serialize;

use crate::catalog::{HostType, InstanceSize};

use super::inventory::Server;

/// How servers are right-sized.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RightSizing {
    /// Headroom added to measured utilisation, percent.
    pub headroom_pct: f64,
    /// The fewest vCPUs a right-sized server gets.
    pub min_vcpus: f64,
    /// The least memory a right-sized server gets, GiB.
    pub min_memory_gib: f64,
}

impl Default for RightSizing {
    fn default() -> Self {
        RightSizing {
            headroom_pct: 20.0,
            min_vcpus: 2.0,
            min_memory_gib: 4.0,
        }
    }
}

/// The vCPUs and memory a server needs after right-sizing.
pub fn needed(server: &Server, rules: &RightSizing) -> (f64, f64) {
    let scale = |configured: f64, util: Option<f64>, minimum: f64| match util {
        // Utilisation known: what it uses plus headroom, never more than configured, never
        // below the minimum.
        Some(pct) => (configured * pct / 100.0 * (1.0 + rules.headroom_pct / 100.0))
            .min(configured)
            .max(minimum),
        None => configured,
    };
    (
        scale(server.vcpus, server.cpu_util_pct, rules.min_vcpus),
        scale(
            server.memory_gib,
            server.memory_util_pct,
            rules.min_memory_gib,
        ),
    )
}

/// The chosen instance size: the host type it is slotted on and the size's index there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit<'a> {
    /// The host type of the family.
    pub host: &'a HostType,
    /// Index into `host.sizes`.
    pub size_index: usize,
}

impl Fit<'_> {
    /// The size.
    pub fn size(&self) -> &InstanceSize {
        &self.host.sizes[self.size_index]
    }

    /// `m5.4xlarge`.
    pub fn instance_type(&self) -> String {
        format!("{}.{}", self.host.family, self.size().size)
    }
}

/// The smallest size of any of `hosts` (the allowed families) with at least `vcpus` and
/// `memory_gib`; `None` when even a whole host is too small.
pub fn fit<'a>(hosts: &[&'a HostType], vcpus: f64, memory_gib: f64) -> Option<Fit<'a>> {
    let mut best: Option<(f64, Fit<'a>)> = None;
    for host in hosts {
        let Some(size_index) = host.sizes.iter().position(|size| {
            f64::from(size.vcpus) >= vcpus - 1e-9 && f64::from(size.memory_gib) >= memory_gib - 1e-9
        }) else {
            continue;
        };
        let size = &host.sizes[size_index];
        let share = (f64::from(size.vcpus) / f64::from(host.vcpus))
            .max(f64::from(size.memory_gib) / f64::from(host.memory_gib));
        // A later family wins only with a strictly smaller share: ties stay with the first
        // listed (by default general purpose, which every first-generation rack holds).
        if best
            .as_ref()
            .is_none_or(|(best_share, _)| share < best_share - 1e-12)
        {
            best = Some((share, Fit { host, size_index }));
        }
    }
    best.map(|(_, fit)| fit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::HardwareCatalog;

    fn server(vcpus: f64, memory_gib: f64, cpu: Option<f64>, memory: Option<f64>) -> Server {
        Server {
            name: "s".into(),
            line: 2,
            vcpus,
            memory_gib,
            cpu_util_pct: cpu,
            memory_util_pct: memory,
            storage_gib: 0.0,
            os: None,
            workload: None,
            site: None,
            latency_class: None,
            residency: None,
            powered_on: true,
        }
    }

    #[test]
    fn sizes_follow_the_memory_ratio_and_utilisation() {
        let catalog = HardwareCatalog::embedded().expect("catalog");
        let families: Vec<&HostType> = ["m5", "c5", "r5"]
            .iter()
            .filter_map(|f| catalog.host_type(f))
            .collect();
        let rules = RightSizing::default();
        let type_of = |s: &Server| {
            let (v, m) = needed(s, &rules);
            fit(&families, v, m).map(|f| f.instance_type())
        };
        // 4 vCPUs, 16 GiB: m5.xlarge exactly.
        assert_eq!(
            type_of(&server(4.0, 16.0, None, None)).as_deref(),
            Some("m5.xlarge")
        );
        // 8 vCPUs, 16 GiB: c5.2xlarge takes as big a share as m5.2xlarge: the first listed.
        assert_eq!(
            type_of(&server(8.0, 16.0, None, None)).as_deref(),
            Some("m5.2xlarge")
        );
        // 36 vCPUs, 64 GiB: c5.9xlarge (3/8 of a host) beats m5.12xlarge (1/2).
        assert_eq!(
            type_of(&server(36.0, 64.0, None, None)).as_deref(),
            Some("c5.9xlarge")
        );
        // 16 vCPUs, 128 GiB: r5.4xlarge (m5 would need its 8xlarge).
        assert_eq!(
            type_of(&server(16.0, 128.0, None, None)).as_deref(),
            Some("r5.4xlarge")
        );
        // 16 vCPUs at 25 % CPU, 64 GiB at 50 %, plus 20 %: 4.8 vCPUs, 38.4 GiB. r5.2xlarge
        // (8, 64) is 1/12 of its host, m5.4xlarge (16, 64) 1/6, c5.9xlarge (36, 72) 3/8.
        assert_eq!(
            type_of(&server(16.0, 64.0, Some(25.0), Some(50.0))).as_deref(),
            Some("r5.2xlarge")
        );
        // Idle: never below 2 vCPUs and 4 GiB.
        assert_eq!(
            needed(&server(8.0, 32.0, Some(1.0), Some(1.0)), &rules),
            (2.0, 4.0)
        );
        // Bigger than any host.
        assert_eq!(type_of(&server(128.0, 64.0, None, None)), None);
    }
}
