//! Regions and zones (Availability Zones, Local Zones, Wavelength Zones) as AWS reports them.

use serde::{Deserialize, Serialize};

use super::enums::{OptInStatus, ZoneState, ZoneType};

/// A Region, as `DescribeRegions(AllRegions=true)` reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// The account the snapshot was taken with.
    pub account_id: String,
    /// The Region code, e.g. `us-west-2`.
    pub region_name: String,
    /// The Region's EC2 endpoint host name.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Whether the account may use the Region.
    pub opt_in_status: OptInStatus,
}

/// A zone as `DescribeAvailabilityZones(AllAvailabilityZones=true)` reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// The account the snapshot was taken with.
    pub account_id: String,
    /// The Region the zone belongs to.
    pub region_name: String,
    /// The account-specific zone name, e.g. `us-west-2-lax-1a`.
    pub zone_name: String,
    /// The zone id, stable across accounts, e.g. `usw2-lax1-az1`.
    pub zone_id: String,
    /// Availability Zone, Local Zone or Wavelength Zone.
    pub zone_type: ZoneType,
    /// The zone that handles the control plane of a Local or Wavelength Zone.
    #[serde(default)]
    pub parent_zone_name: Option<String>,
    /// The id of the parent zone.
    #[serde(default)]
    pub parent_zone_id: Option<String>,
    /// The network border group the zone advertises its addresses from.
    pub network_border_group: String,
    /// The zone group, e.g. `us-west-2-lax-1`.
    pub group_name: String,
    /// The zone group's long name; for Wavelength it names the carrier.
    #[serde(default)]
    pub group_long_name: Option<String>,
    /// Whether the account has opted in to the zone group.
    pub opt_in_status: OptInStatus,
    /// The zone's state.
    pub state: ZoneState,
}

/// The instance types one location offers: a Local or Wavelength Zone
/// (`DescribeInstanceTypeOfferings` with location type `availability-zone`) or an Outpost
/// (location type `outpost` and `GetOutpostInstanceTypes`). Regions offer nearly everything and
/// are not listed. The planner prefers these to its dated table where a sync found them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceTypeOffering {
    /// The account that listed them.
    pub account_id: String,
    /// The Region whose endpoint answered.
    pub region: String,
    /// `availability-zone` (the location is a zone name) or `outpost` (an Outpost ARN).
    pub location_type: String,
    /// The zone name or Outpost ARN.
    pub location: String,
    /// The instance types offered, sorted.
    #[serde(default)]
    pub instance_types: Vec<String>,
}
