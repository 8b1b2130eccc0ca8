//! Outposts sites, Outposts, their rack assets, what runs on each host, the capacity tasks that
//! change a host's slotting, and the Outposts hardware catalog items.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::enums::{
    AssetType, AwsServiceName, CapacityTaskStatus, CatalogItemStatus, ComputeAssetState,
    FiberOpticCableType, HardwareType, MaximumSupportedWeightLbs, OpticalStandard,
    OutpostGeneration, PowerConnector, PowerDrawKva, PowerFeedDrop, PowerPhase, RackScalingType,
    SupportedStorage, UplinkCount, UplinkGbps,
};

/// An Outposts site (`ListSites` / `GetSite`): where racks are installed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// The account that owns the site.
    pub account_id: String,
    /// The Region whose Outposts API reported the site.
    pub region: String,
    /// The site id, e.g. `os-0123456789abcdef0`.
    pub site_id: String,
    /// The site's ARN.
    #[serde(default)]
    pub site_arn: Option<String>,
    /// The site's name.
    pub name: String,
    /// Free-text description.
    #[serde(default)]
    pub description: Option<String>,
    /// Free-text notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// City of the operating address.
    #[serde(default)]
    pub operating_address_city: Option<String>,
    /// State or region of the operating address.
    #[serde(default)]
    pub operating_address_state_or_region: Option<String>,
    /// ISO 3166 alpha-2 country code of the operating address.
    #[serde(default)]
    pub operating_address_country_code: Option<String>,
    /// What a rack position at this site offers.
    #[serde(default)]
    pub rack_physical_properties: Option<RackPhysicalProperties>,
    /// The site's tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// `RackPhysicalProperties` of a site: power, network and floor limits per rack position.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RackPhysicalProperties {
    /// Power available per rack position.
    #[serde(default)]
    pub power_draw_kva: Option<PowerDrawKva>,
    /// Single or three phase.
    #[serde(default)]
    pub power_phase: Option<PowerPhase>,
    /// Power connector type.
    #[serde(default)]
    pub power_connector: Option<PowerConnector>,
    /// Power feed position.
    #[serde(default)]
    pub power_feed_drop: Option<PowerFeedDrop>,
    /// Uplink speed of the customer network.
    #[serde(default)]
    pub uplink_gbps: Option<UplinkGbps>,
    /// Physical uplinks per Outpost network device.
    #[serde(default)]
    pub uplink_count: Option<UplinkCount>,
    /// Single- or multi-mode fibre.
    #[serde(default)]
    pub fiber_optic_cable_type: Option<FiberOpticCableType>,
    /// Optics of the uplinks.
    #[serde(default)]
    pub optical_standard: Option<OpticalStandard>,
    /// Floor weight limit per rack.
    #[serde(default)]
    pub maximum_supported_weight_lbs: Option<MaximumSupportedWeightLbs>,
}

/// An Outpost (`ListOutposts` / `GetOutpost`): one logical Outpost, one or more racks or servers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outpost {
    /// The account the Outpost was read in: its owner's when the owner was read.
    pub account_id: String,
    /// The home Region.
    pub region: String,
    /// The Outpost id, e.g. `op-0123456789abcdef0`.
    pub outpost_id: String,
    /// The Outpost's ARN, which subnets and instances refer to.
    pub outpost_arn: String,
    /// The site the Outpost is installed at.
    pub site_id: String,
    /// The Outpost's name.
    pub name: String,
    /// Free-text description.
    #[serde(default)]
    pub description: Option<String>,
    /// Lifecycle status, e.g. `ACTIVE` (AWS documents no enum for it).
    pub life_cycle_status: String,
    /// The anchor Availability Zone.
    pub availability_zone: String,
    /// The anchor zone's id.
    pub availability_zone_id: String,
    /// Racks or servers.
    pub supported_hardware_type: HardwareType,
    /// First or second generation.
    #[serde(default)]
    pub generation: Option<OutpostGeneration>,
    /// Single- or multi-rack.
    #[serde(default)]
    pub rack_scaling_type: Option<RackScalingType>,
    /// The Outpost's tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// AWS's `OwnerId`: the account that owns the Outpost, which other accounts see it shared
    /// through AWS RAM with.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The other accounts read that see this Outpost (shared with them through AWS RAM),
    /// sorted; empty when only its owner's account was read or it is not shared.
    #[serde(default)]
    pub shared_with: Vec<String>,
}

/// An Outposts hardware asset (`ListAssets`): one server, switch or shelf in a rack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    /// The account that owns the Outpost.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The Outpost the asset belongs to.
    pub outpost_id: String,
    /// The asset id.
    pub asset_id: String,
    /// The rack the asset is in.
    pub rack_id: String,
    /// Compute, storage, power shelf, switch or networking.
    pub asset_type: AssetType,
    /// Host details for compute assets.
    #[serde(default)]
    pub compute_attributes: Option<ComputeAttributes>,
    /// Position in the rack, in rack units from the bottom.
    #[serde(default)]
    pub rack_elevation: Option<f64>,
}

/// `ComputeAttributes` of a compute asset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ComputeAttributes {
    /// The Dedicated Host id on the asset.
    #[serde(default)]
    pub host_id: Option<String>,
    /// Active, isolated, retiring or installing.
    #[serde(default)]
    pub state: Option<ComputeAssetState>,
    /// Instance families associated with the host.
    #[serde(default)]
    pub instance_families: Vec<String>,
    /// Slots configured per instance type.
    #[serde(default)]
    pub instance_type_capacities: Vec<InstanceTypeCapacity>,
    /// Maximum vCPUs of the host.
    #[serde(default)]
    pub max_vcpus: Option<u32>,
}

/// `AssetInstanceTypeCapacity`: how many instances of a type a host is configured for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceTypeCapacity {
    /// The instance type, e.g. `m5.2xlarge`.
    pub instance_type: String,
    /// Number of slots.
    pub count: u32,
}

/// An instance on an Outpost's host (`ListAssetInstances`): which host a customer or service
/// instance runs on, so one host's failure can be read as the instances it takes down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetInstance {
    /// The account whose sync listed it (the Outpost's owner).
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The Outpost the host belongs to.
    pub outpost_id: String,
    /// The instance id.
    pub instance_id: String,
    /// The instance type, e.g. `m5.2xlarge`: it fills one slot of that type on the host.
    pub instance_type: String,
    /// The host (compute asset) it runs on.
    pub asset_id: String,
    /// The account that owns the instance (another account when the Outpost is shared).
    #[serde(default)]
    pub instance_account_id: Option<String>,
    /// `EC2` for customer instances; `ELB`, `RDS`, ... for a managed service's.
    #[serde(default)]
    pub aws_service_name: Option<AwsServiceName>,
}

/// A capacity task (`ListCapacityTasks` + `GetCapacityTask`): a request to change the instance
/// slots of an Outpost, or of one host when `asset_id` is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapacityTask {
    /// The account whose sync listed it.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The Outpost the task is for.
    pub outpost_id: String,
    /// The task id, e.g. `cap-0123456789abcdef0`.
    pub capacity_task_id: String,
    /// The order the task belongs to, when it came with one.
    #[serde(default)]
    pub order_id: Option<String>,
    /// The one host the task reslots, when it is for one host.
    #[serde(default)]
    pub asset_id: Option<String>,
    /// Requested, in progress, waiting for evacuation, completed, failed, cancelled...
    pub capacity_task_status: CapacityTaskStatus,
    /// The instance pools asked for (`RequestedInstancePools`).
    #[serde(default)]
    pub requested_instance_pools: Vec<InstanceTypeCapacity>,
    /// Whether it was only a dry run.
    #[serde(default)]
    pub dry_run: bool,
    /// Why it failed, when it did.
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub creation_date: Option<String>,
    /// When it completed (RFC 3339).
    #[serde(default)]
    pub completion_date: Option<String>,
    /// When it last changed (RFC 3339).
    #[serde(default)]
    pub last_modified_date: Option<String>,
}

/// An Outposts catalog item (`ListCatalogItems`): one orderable rack configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogItem {
    /// The account the catalog was listed with.
    pub account_id: String,
    /// The Region whose Outposts API listed it.
    pub region: String,
    /// The catalog item (SKU) id.
    pub catalog_item_id: String,
    /// Orderable or discontinued.
    pub item_status: CatalogItemStatus,
    /// EC2 capacity of the configuration.
    #[serde(default)]
    pub ec2_capacities: Vec<Ec2Capacity>,
    /// Power draw in kVA.
    pub power_kva: f64,
    /// Weight in pounds.
    pub weight_lbs: u32,
    /// Uplink speeds the item supports, in Gbit/s.
    #[serde(default)]
    pub supported_uplink_gbps: Vec<u32>,
    /// EBS and/or S3.
    #[serde(default)]
    pub supported_storage: Vec<SupportedStorage>,
    /// Single- or multi-rack.
    #[serde(default)]
    pub rack_scaling_type: Option<RackScalingType>,
}

/// `EC2Capacity` of a catalog item: how many hosts of a family and size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ec2Capacity {
    /// Instance family, e.g. `m5`.
    pub family: String,
    /// Largest size, e.g. `24xlarge`.
    pub max_size: String,
    /// Number of hosts (AWS sends a string).
    pub quantity: String,
}
