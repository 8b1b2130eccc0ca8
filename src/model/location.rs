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
