//! VPCs and what runs in them: subnets (in any kind of zone or on an Outpost), carrier gateways
//! for Wavelength, and instances.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::enums::{Architecture, CarrierGatewayState, InstanceStateName};

/// A carrier gateway (`DescribeCarrierGateways`): a VPC's way into a carrier's 5G network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarrierGateway {
    /// Owner account.
    pub account_id: String,
    /// Region.
    pub region: String,
    /// The carrier gateway id, e.g. `cagw-0123456789abcdef0`.
    pub carrier_gateway_id: String,
    /// The VPC it is attached to.
    pub vpc_id: String,
    /// State.
    pub state: CarrierGatewayState,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A VPC (`DescribeVpcs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    /// Owner account.
    pub account_id: String,
    /// Region.
    pub region: String,
    /// The VPC id.
    pub vpc_id: String,
    /// Primary IPv4 CIDR block.
    pub cidr_block: String,
    /// State, e.g. `available`.
    pub state: String,
    /// Whether it is the Region's default VPC.
    #[serde(default)]
    pub is_default: bool,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A subnet (`DescribeSubnets`), in an AZ, Local Zone, Wavelength Zone or on an Outpost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    /// The account the subnet was read in: its owner's when the owner was read.
    pub account_id: String,
    /// Region.
    pub region: String,
    /// The subnet id.
    pub subnet_id: String,
    /// The VPC of the subnet.
    pub vpc_id: String,
    /// IPv4 CIDR block.
    pub cidr_block: String,
    /// The zone name (an AZ, Local Zone or Wavelength Zone).
    pub availability_zone: String,
    /// The zone id.
    #[serde(default)]
    pub availability_zone_id: Option<String>,
    /// Set when the subnet is on an Outpost.
    #[serde(default)]
    pub outpost_arn: Option<String>,
    /// The CoIP pool instances in this subnet draw from, when the subnet uses CoIP.
    #[serde(default)]
    pub customer_owned_ipv4_pool: Option<String>,
    /// Whether instances get a CoIP address at launch.
    #[serde(default)]
    pub map_customer_owned_ip_on_launch: bool,
    /// Free IPv4 addresses.
    #[serde(default)]
    pub available_ip_address_count: Option<u32>,
    /// State, e.g. `available`.
    pub state: String,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// AWS's `OwnerId`: the account that owns the subnet (a VPC owner sharing it through AWS RAM
    /// with participant accounts).
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The other accounts read that see this subnet (shared with them), sorted.
    #[serde(default)]
    pub shared_with: Vec<String>,
}

/// An instance (`DescribeInstances`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    /// Owner account.
    pub account_id: String,
    /// Region.
    pub region: String,
    /// The instance id.
    pub instance_id: String,
    /// The instance type, e.g. `m5.xlarge`.
    pub instance_type: String,
    /// The zone the instance runs in.
    pub availability_zone: String,
    /// Set when the instance runs on an Outpost.
    #[serde(default)]
    pub outpost_arn: Option<String>,
    /// The instance's subnet.
    #[serde(default)]
    pub subnet_id: Option<String>,
    /// The instance's VPC.
    #[serde(default)]
    pub vpc_id: Option<String>,
    /// The image the instance was launched from.
    #[serde(default)]
    pub image_id: Option<String>,
    /// Platform details of the image, e.g. `Linux/UNIX` (from `DescribeImages`).
    #[serde(default)]
    pub platform_details: Option<String>,
    /// The image's name (from `DescribeImages`), which tells the default OS user.
    #[serde(default)]
    pub image_name: Option<String>,
    /// The image owner's alias, e.g. `amazon` (from `DescribeImages`).
    #[serde(default)]
    pub image_owner_alias: Option<String>,
    /// Processor architecture.
    #[serde(default)]
    pub architecture: Option<Architecture>,
    /// Primary private IPv4 address.
    #[serde(default)]
    pub private_ip_address: Option<String>,
    /// Public IPv4 address.
    #[serde(default)]
    pub public_ip_address: Option<String>,
    /// Carrier IP address (Wavelength).
    #[serde(default)]
    pub carrier_ip: Option<String>,
    /// Customer-owned IP address (Outposts CoIP).
    #[serde(default)]
    pub customer_owned_ip: Option<String>,
    /// Running, stopped, ...
    pub state: InstanceStateName,
    /// Launch time, RFC 3339.
    #[serde(default)]
    pub launch_time: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}
