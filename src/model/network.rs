//! An Outpost's routing to the customer network: local gateways, their VLAN / BGP virtual
//! interfaces, interface groups, route tables, customer-owned IP pools, and (second generation)
//! Outpost LAGs and service link virtual interfaces.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::enums::{ConfigurationState, LocalGatewayRouteTableMode};

/// A local gateway (`DescribeLocalGateways`): an Outpost's router to the customer network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalGateway {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The local gateway id, e.g. `lgw-0123456789abcdef0`.
    pub local_gateway_id: String,
    /// The Outpost it belongs to.
    pub outpost_arn: String,
    /// The gateway's state, e.g. `available`.
    pub state: String,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A local gateway virtual interface (`DescribeLocalGatewayVirtualInterfaces`): one VLAN
/// point-to-point interface with one eBGP session to a customer device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalGatewayVirtualInterface {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The VIF id, e.g. `lgw-vif-0123456789abcdef0`.
    pub local_gateway_virtual_interface_id: String,
    /// The local gateway the VIF belongs to.
    pub local_gateway_id: String,
    /// The VIF group the VIF is a member of, when known.
    #[serde(default)]
    pub local_gateway_virtual_interface_group_id: Option<String>,
    /// The VIF's ARN.
    #[serde(default)]
    pub local_gateway_virtual_interface_arn: Option<String>,
    /// The Outpost LAG carrying the VIF (second generation), when known.
    #[serde(default)]
    pub outpost_lag_id: Option<String>,
    /// 802.1Q VLAN id.
    pub vlan: u16,
    /// The Outpost side's address, with prefix length, e.g. `10.0.0.1/30`.
    pub local_address: String,
    /// The customer device's address, with prefix length.
    pub peer_address: String,
    /// The Outpost side's BGP ASN.
    pub local_bgp_asn: u32,
    /// The customer device's BGP ASN: always the effective ASN, 32-bit ASNs included.
    pub peer_bgp_asn: u32,
    /// The API's separate 32-bit peer ASN field, when AWS sent it.
    #[serde(default)]
    pub peer_bgp_asn_extended: Option<u32>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A local gateway virtual interface group (`DescribeLocalGatewayVirtualInterfaceGroups`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalGatewayVirtualInterfaceGroup {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The group id, e.g. `lgw-vif-grp-0123456789abcdef0`.
    pub local_gateway_virtual_interface_group_id: String,
    /// The local gateway of the group.
    pub local_gateway_id: String,
    /// Member VIFs.
    #[serde(default)]
    pub local_gateway_virtual_interface_ids: Vec<String>,
    /// The Outpost side's BGP ASN for the group, when set (effective, 32-bit included).
    #[serde(default)]
    pub local_bgp_asn: Option<u32>,
    /// Configuration state.
    #[serde(default)]
    pub configuration_state: Option<ConfigurationState>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A local gateway route table (`DescribeLocalGatewayRouteTables`) with its VPC and
/// VIF-group associations (from the two association calls).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalGatewayRouteTable {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The route table id, e.g. `lgw-rtb-0123456789abcdef0`.
    pub local_gateway_route_table_id: String,
    /// The local gateway of the route table.
    pub local_gateway_id: String,
    /// The Outpost the route table belongs to.
    pub outpost_arn: String,
    /// Direct VPC routing or customer-owned IP.
    pub mode: LocalGatewayRouteTableMode,
    /// State, e.g. `available`.
    pub state: String,
    /// VPCs associated with the route table.
    #[serde(default)]
    pub vpc_associations: Vec<RouteTableVpcAssociation>,
    /// VIF groups associated with the route table.
    #[serde(default)]
    pub virtual_interface_group_associations: Vec<RouteTableVifGroupAssociation>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// `LocalGatewayRouteTableVpcAssociation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTableVpcAssociation {
    /// The association id.
    pub local_gateway_route_table_vpc_association_id: String,
    /// The associated VPC.
    pub vpc_id: String,
    /// State, e.g. `associated`.
    pub state: String,
}

/// `LocalGatewayRouteTableVirtualInterfaceGroupAssociation`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTableVifGroupAssociation {
    /// The association id.
    pub local_gateway_route_table_virtual_interface_group_association_id: String,
    /// The associated VIF group.
    pub local_gateway_virtual_interface_group_id: String,
    /// State, e.g. `associated`.
    pub state: String,
}

/// A customer-owned IP pool (`DescribeCoipPools`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoipPool {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The pool id, e.g. `ipv4pool-coip-0123456789abcdef0`.
    pub pool_id: String,
    /// The pool's address ranges.
    #[serde(default)]
    pub pool_cidrs: Vec<String>,
    /// The route table that advertises the pool.
    pub local_gateway_route_table_id: String,
    /// The pool's ARN.
    #[serde(default)]
    pub pool_arn: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// An Outpost LAG (`DescribeOutpostLags`, second generation): a link aggregation group
/// between the Outpost and the customer network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutpostLag {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The LAG id.
    pub outpost_lag_id: String,
    /// The Outpost the LAG belongs to.
    pub outpost_arn: String,
    /// State, e.g. `available`.
    pub state: String,
    /// LGW VIFs carried on the LAG.
    #[serde(default)]
    pub local_gateway_virtual_interface_ids: Vec<String>,
    /// Service link VIFs carried on the LAG.
    #[serde(default)]
    pub service_link_virtual_interface_ids: Vec<String>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A service link virtual interface (`DescribeServiceLinkVirtualInterfaces`, second
/// generation): the VLAN / BGP interface that carries the service link to the home Region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceLinkVirtualInterface {
    /// Owner account.
    pub account_id: String,
    /// The Outpost's home Region.
    pub region: String,
    /// The service link VIF id.
    pub service_link_virtual_interface_id: String,
    /// The Outpost id.
    pub outpost_id: String,
    /// The Outpost ARN.
    pub outpost_arn: String,
    /// The Outpost LAG carrying it.
    #[serde(default)]
    pub outpost_lag_id: Option<String>,
    /// 802.1Q VLAN id.
    pub vlan: u16,
    /// The Outpost side's address, with prefix length.
    pub local_address: String,
    /// The customer device's address, with prefix length.
    pub peer_address: String,
    /// The customer device's BGP ASN.
    pub peer_bgp_asn: u32,
    /// Configuration state.
    #[serde(default)]
    pub configuration_state: Option<ConfigurationState>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}
