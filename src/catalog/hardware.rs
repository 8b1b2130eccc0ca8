//! The Outposts hardware catalog: orderable rack configurations, host sizes per instance family,
//! the ACE rack and the second-generation network rack, parsed once from
//! `assets/catalog/outposts-hardware.toml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::CatalogError;

pub(crate) const HARDWARE_TOML: &str = include_str!("../../assets/catalog/outposts-hardware.toml");

/// The hardware catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardwareCatalog {
    /// Where the figures come from.
    pub source: String,
    /// When they were retrieved.
    pub retrieved: String,
    /// Where the instance sizes of each host type (`sizes`) come from.
    #[serde(default)]
    pub sizes_source: String,
    /// What one host of each instance family provides.
    #[serde(rename = "host_type")]
    pub host_types: Vec<HostType>,
    /// Orderable compute rack configurations.
    #[serde(rename = "rack_configuration")]
    pub rack_configurations: Vec<RackConfiguration>,
    /// The first-generation ACE rack.
    pub ace_rack: AggregationRack,
    /// The second-generation network rack.
    pub network_rack: AggregationRack,
}

/// One host of an instance family (its largest size).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostType {
    /// Instance family, e.g. `m5`.
    pub family: String,
    /// The largest size, which is one whole host.
    pub max_size: String,
    /// vCPUs per host.
    pub vcpus: u32,
    /// Memory per host in GiB.
    pub memory_gib: u32,
    /// `x86_64` or `arm64`.
    pub arch: String,
    /// The instance sizes a host of this family can be slotted into, smallest first.
    #[serde(default)]
    pub sizes: Vec<InstanceSize>,
}

/// One instance size of a family, e.g. `m5.4xlarge`: 16 vCPUs, 64 GiB.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSize {
    /// The size name, e.g. `4xlarge`.
    pub size: String,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory in GiB.
    pub memory_gib: u32,
}

/// An orderable compute rack configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RackConfiguration {
    /// The catalog item id.
    pub catalog_item_id: String,
    /// What it is.
    pub description: String,
    /// 1 or 2.
    pub generation: u8,
    /// Power draw in kVA.
    pub power_kva: f64,
    /// Weight in pounds.
    pub weight_lbs: u32,
    /// Uplink speeds supported, Gbit/s.
    pub supported_uplink_gbps: Vec<u32>,
    /// `EBS`, `S3`.
    pub supported_storage: Vec<String>,
    /// Hosts per family.
    pub ec2_capacities: Vec<HostCount>,
    /// EBS capacity in TiB, where the configuration's description states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebs_tib: Option<f64>,
    /// Where its figures come from.
    #[serde(default)]
    pub source: String,
    /// Its figures that are estimates (`power_kva`, `weight_lbs`, `ec2_capacities`), each
    /// with the reason.
    #[serde(default)]
    pub estimates: BTreeMap<String, String>,
}

/// The most one compute rack of any configuration holds: what bounds a workload's size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RackCapacity {
    /// vCPUs of the rack with the most.
    pub vcpus: f64,
    /// Memory of the rack with the most, GiB.
    pub memory_gib: f64,
    /// EBS of the rack with the most, TiB.
    pub storage_tib: f64,
}

/// A number of hosts of one family.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostCount {
    /// Instance family.
    pub family: String,
    /// Largest size.
    pub max_size: String,
    /// Number of hosts.
    pub quantity: u32,
}

/// A rack that aggregates compute racks: the ACE rack or the network rack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregationRack {
    /// Network devices in the rack (ACE routers, network devices).
    pub devices: u32,
    /// Power draw in kVA.
    pub power_kva: f64,
    /// Weight in pounds.
    pub weight_lbs: u32,
    /// Uplink speeds supported, Gbit/s.
    pub uplink_gbps: Vec<u32>,
    /// Numbers of customer devices it may connect to (ACE: 2 or 4).
    #[serde(default)]
    pub customer_devices: Vec<u32>,
    /// ACE: recommended when the long-term plan exceeds this many compute racks.
    #[serde(default)]
    pub recommended_beyond_compute_racks: Option<u32>,
    /// ACE: required from this many compute racks.
    #[serde(default)]
    pub required_from_compute_racks: Option<u32>,
    /// Network rack: prefix length of the one service link subnet per installation.
    #[serde(default)]
    pub service_link_prefix_length: Option<u8>,
    /// Network rack: prefix length of each point-to-point interface.
    #[serde(default)]
    pub interface_prefix_length: Option<u8>,
    /// Where its figures come from.
    #[serde(default)]
    pub source: String,
    /// Its figures that are estimates, each with the reason.
    #[serde(default)]
    pub estimates: BTreeMap<String, String>,
}

impl HardwareCatalog {
    /// The embedded hardware catalog, parsed on first use.
    pub fn embedded() -> Result<&'static HardwareCatalog, &'static CatalogError> {
        static CATALOG: OnceLock<Result<HardwareCatalog, CatalogError>> = OnceLock::new();
        CATALOG
            .get_or_init(|| {
                toml::from_str(HARDWARE_TOML).map_err(|source| CatalogError::Toml {
                    file: "outposts-hardware.toml",
                    source,
                })
            })
            .as_ref()
    }

    /// The host size of an instance family.
    pub fn host_type(&self, family: &str) -> Option<&HostType> {
        self.host_types.iter().find(|host| host.family == family)
    }

    /// The most any one compute rack configuration holds of each resource.
    pub fn largest_rack(&self) -> RackCapacity {
        let mut largest = RackCapacity {
            vcpus: 0.0,
            memory_gib: 0.0,
            storage_tib: 0.0,
        };
        for rack in &self.rack_configurations {
            let (mut vcpus, mut memory_gib) = (0.0, 0.0);
            for count in &rack.ec2_capacities {
                if let Some(host) = self.host_type(&count.family) {
                    vcpus += f64::from(count.quantity) * f64::from(host.vcpus);
                    memory_gib += f64::from(count.quantity) * f64::from(host.memory_gib);
                }
            }
            largest.vcpus = largest.vcpus.max(vcpus);
            largest.memory_gib = largest.memory_gib.max(memory_gib);
            largest.storage_tib = largest.storage_tib.max(rack.ebs_tib.unwrap_or(0.0));
        }
        largest
    }

    /// A rack configuration by catalog item id.
    pub fn rack_configuration(&self, catalog_item_id: &str) -> Option<&RackConfiguration> {
        self.rack_configurations
            .iter()
            .find(|rack| rack.catalog_item_id == catalog_item_id)
    }
}

/// vCPUs of an instance type from its size name (`m5.2xlarge` -> 8): an estimate by EC2's size
/// naming (a `large` is 2 vCPUs, each `xlarge` 4), 2 when the size is unknown. Used where only
/// the type's name is known (capacity in use on an Outpost, the emulator's capacity reports).
pub fn vcpus_of(instance_type: &str) -> f64 {
    let size = instance_type.split('.').nth(1).unwrap_or("");
    match size {
        "nano" | "micro" | "small" | "medium" | "large" => 2.0,
        "xlarge" => 4.0,
        other => other
            .strip_suffix("xlarge")
            .and_then(|n| n.parse::<f64>().ok())
            .map_or(2.0, |n| 4.0 * n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hardware_catalog_has_the_published_ace_and_network_racks() {
        let catalog = HardwareCatalog::embedded().expect("embedded hardware catalog parses");
        assert_eq!(
            (catalog.ace_rack.devices, catalog.ace_rack.weight_lbs),
            (4, 705)
        );
        assert_eq!(catalog.ace_rack.power_kva, 10.0);
        assert_eq!(
            (
                catalog.network_rack.devices,
                catalog.network_rack.weight_lbs
            ),
            (4, 1975)
        );
        assert_eq!(catalog.network_rack.power_kva, 8.89);
        for host in &catalog.host_types {
            assert!(!host.sizes.is_empty(), "{} lists its sizes", host.family);
            assert!(
                host.sizes.windows(2).all(|w| w[0].vcpus < w[1].vcpus),
                "{} sizes smallest first",
                host.family
            );
            let largest = host.sizes.last().expect("sizes listed");
            assert_eq!(
                (largest.size.as_str(), largest.vcpus, largest.memory_gib),
                (host.max_size.as_str(), host.vcpus, host.memory_gib),
                "{}: the largest size is the whole host",
                host.family
            );
            for size in &host.sizes {
                assert_eq!(
                    f64::from(size.vcpus),
                    vcpus_of(&format!("{}.{}", host.family, size.size)),
                    "{}.{} follows EC2's size naming",
                    host.family,
                    size.size
                );
            }
        }
        for rack in &catalog.rack_configurations {
            for capacity in &rack.ec2_capacities {
                assert!(
                    catalog.host_type(&capacity.family).is_some(),
                    "{} has a host size",
                    capacity.family
                );
            }
        }
    }
}
