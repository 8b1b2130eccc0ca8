//! AWS Config: the instances, VPCs, subnets and carrier gateways of a whole organisation from
//! one configuration aggregator, in a few paged queries instead of a call per account and
//! Region.
//!
//! `SelectAggregateResourceConfig` runs one SQL query over everything the aggregator's sources
//! recorded; each result row is a JSON document holding the item's account, Region, capture
//! time and `configuration`. The EC2 types' configuration is the EC2 API's own structure with
//! camel-case keys (`state.name`, `placement.availabilityZone`, `tags[].key`); a carrier
//! gateway, a CloudFormation-registry type, comes in its resource schema's shape
//! (`CarrierGatewayId`, `Tags[].Key`), so keys are looked up in both casings. What Config does
//! not give (the AMI's name and owner, which EC2 `DescribeImages` adds in a direct sync) stays
//! unset.

use std::collections::BTreeMap;

use aws_sdk_config::Client;
use edge_atlas::model::{CarrierGateway, EntityKind, Estate, Instance, Subnet, Vpc};
use serde_json::Value;

use crate::failure::CallFailure;
use crate::rate_limit::AdaptiveLimiter;
use crate::retry::{self, RetryPolicy};

/// The resource types read from Config, with the entity kind each becomes.
pub const RECORDED_TYPES: &[(&str, EntityKind)] = &[
    ("AWS::EC2::Instance", EntityKind::Instance),
    ("AWS::EC2::VPC", EntityKind::Vpc),
    ("AWS::EC2::Subnet", EntityKind::Subnet),
    ("AWS::EC2::CarrierGateway", EntityKind::CarrierGateway),
];
/// The largest page AWS Config returns (`Limit`, 0-100).
const PAGE_LIMIT: i32 = 100;

/// One configuration item as the sync keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigItem {
    /// The account it was recorded in.
    pub account_id: String,
    /// Its Region.
    pub region: String,
    /// `AWS::EC2::Instance`…
    pub resource_type: String,
    /// Its id.
    pub resource_id: String,
    /// When Config last captured it (ISO 8601), if given.
    pub captured_at: Option<String>,
    /// The resource's configuration.
    pub configuration: Value,
}

/// What the query returned, in pages: the items and the requests made.
#[derive(Debug, Default)]
pub struct Selected {
    /// Every item read.
    pub items: Vec<ConfigItem>,
    /// Rows that were not a configuration item the sync understands (no account, Region or
    /// id), skipped.
    pub unreadable_rows: usize,
    /// Requests made (one per page).
    pub requests: u64,
}

/// The query the sync makes: every recorded type it reads, with the fields it needs.
pub fn query_expression() -> String {
    let types: Vec<String> = RECORDED_TYPES
        .iter()
        .map(|(resource_type, _)| format!("'{resource_type}'"))
        .collect();
    format!(
        "SELECT resourceId, resourceType, accountId, awsRegion, configuration, configurationItemCaptureTime WHERE resourceType IN ({})",
        types.join(", ")
    )
}

/// Runs [`query_expression`] against `aggregator`, every page of it.
pub async fn select_items(
    client: &Client,
    policy: &RetryPolicy,
    limiter: &AdaptiveLimiter,
    aggregator: &str,
) -> Result<Selected, CallFailure> {
    let expression = query_expression();
    let mut selected = Selected::default();
    let mut token: Option<String> = None;
    loop {
        let request = client
            .select_aggregate_resource_config()
            .configuration_aggregator_name(aggregator)
            .expression(&expression)
            .limit(PAGE_LIMIT)
            .set_next_token(token.take());
        let output = retry::send(policy, limiter, || request.clone().send()).await?;
        selected.requests += 1;
        for row in output.results() {
            match serde_json::from_str::<Value>(row)
                .ok()
                .and_then(|row| item_from_row(&row))
            {
                Some(item) => selected.items.push(item),
                None => selected.unreadable_rows += 1,
            }
        }
        match output.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return Ok(selected),
        }
    }
}

fn item_from_row(row: &Value) -> Option<ConfigItem> {
    let text = |name: &str| row.get(name).and_then(Value::as_str).map(str::to_owned);
    let item = ConfigItem {
        account_id: text("accountId")?,
        region: text("awsRegion")?,
        resource_type: text("resourceType")?,
        resource_id: text("resourceId")?,
        captured_at: text("configurationItemCaptureTime"),
        configuration: row.get("configuration").cloned().unwrap_or(Value::Null),
    };
    (!item.account_id.is_empty() && !item.region.is_empty() && !item.resource_id.is_empty())
        .then_some(item)
}

/// The entities of `items`, each in the account and Region Config recorded it in.
pub fn estate_from_items(items: &[ConfigItem]) -> Estate {
    let mut estate = Estate::default();
    for item in items {
        match item.resource_type.as_str() {
            "AWS::EC2::Instance" => estate.instances.push(instance(item)),
            "AWS::EC2::VPC" => estate.vpcs.push(vpc(item)),
            "AWS::EC2::Subnet" => estate.subnets.push(subnet(item)),
            "AWS::EC2::CarrierGateway" => estate.carrier_gateways.push(carrier_gateway(item)),
            _ => {}
        }
    }
    estate
}

/// `configuration[key]`, looked up as written, then with its first letter's case flipped
/// (`vpcId` / `VpcId`).
fn field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.get(key).filter(|found| !found.is_null()).or_else(|| {
        let mut chars = key.chars();
        let first = chars.next()?;
        let flipped: String = if first.is_ascii_lowercase() {
            first.to_ascii_uppercase().to_string() + chars.as_str()
        } else {
            first.to_ascii_lowercase().to_string() + chars.as_str()
        };
        value.get(flipped).filter(|found| !found.is_null())
    })
}

fn text(value: &Value, key: &str) -> Option<String> {
    field(value, key).and_then(|found| match found {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

fn tags(configuration: &Value) -> BTreeMap<String, String> {
    field(configuration, "tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|tag| Some((text(tag, "key")?, text(tag, "value").unwrap_or_default())))
                .collect()
        })
        .unwrap_or_default()
}

/// An RFC 3339 time as the direct sync writes it (`2024-01-15T09:00:00Z`): Config writes
/// milliseconds (`.000Z`).
fn normalised_time(time: String) -> String {
    use aws_sdk_config::primitives::{DateTime, DateTimeFormat};
    DateTime::from_str(&time, DateTimeFormat::DateTime)
        .ok()
        .and_then(|parsed| parsed.fmt(DateTimeFormat::DateTime).ok())
        .unwrap_or(time)
}

fn instance(item: &ConfigItem) -> Instance {
    let c = &item.configuration;
    let association = field(c, "networkInterfaces")
        .and_then(Value::as_array)
        .and_then(|interfaces| interfaces.first())
        .and_then(|interface| field(interface, "association"));
    let placement_zone =
        field(c, "placement").and_then(|placement| text(placement, "availabilityZone"));
    Instance {
        account_id: item.account_id.clone(),
        region: item.region.clone(),
        instance_id: text(c, "instanceId").unwrap_or_else(|| item.resource_id.clone()),
        instance_type: text(c, "instanceType").unwrap_or_default(),
        availability_zone: placement_zone.unwrap_or_default(),
        outpost_arn: text(c, "outpostArn"),
        subnet_id: text(c, "subnetId"),
        vpc_id: text(c, "vpcId"),
        image_id: text(c, "imageId"),
        platform_details: text(c, "platformDetails"),
        image_name: None,
        image_owner_alias: None,
        architecture: text(c, "architecture").map(|arch| arch.as_str().into()),
        private_ip_address: text(c, "privateIpAddress"),
        public_ip_address: text(c, "publicIpAddress"),
        carrier_ip: association.and_then(|a| text(a, "carrierIp")),
        customer_owned_ip: association.and_then(|a| text(a, "customerOwnedIp")),
        state: field(c, "state")
            .and_then(|state| text(state, "name"))
            .unwrap_or_default()
            .into(),
        launch_time: text(c, "launchTime").map(normalised_time),
        tags: tags(c),
    }
}

fn vpc(item: &ConfigItem) -> Vpc {
    let c = &item.configuration;
    Vpc {
        account_id: item.account_id.clone(),
        region: item.region.clone(),
        vpc_id: text(c, "vpcId").unwrap_or_else(|| item.resource_id.clone()),
        cidr_block: text(c, "cidrBlock").unwrap_or_default(),
        state: text(c, "state").unwrap_or_default(),
        is_default: field(c, "isDefault")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        tags: tags(c),
    }
}

fn subnet(item: &ConfigItem) -> Subnet {
    let c = &item.configuration;
    Subnet {
        account_id: item.account_id.clone(),
        region: item.region.clone(),
        subnet_id: text(c, "subnetId").unwrap_or_else(|| item.resource_id.clone()),
        vpc_id: text(c, "vpcId").unwrap_or_default(),
        cidr_block: text(c, "cidrBlock").unwrap_or_default(),
        availability_zone: text(c, "availabilityZone").unwrap_or_default(),
        availability_zone_id: text(c, "availabilityZoneId"),
        outpost_arn: text(c, "outpostArn"),
        customer_owned_ipv4_pool: text(c, "customerOwnedIpv4Pool"),
        map_customer_owned_ip_on_launch: field(c, "mapCustomerOwnedIpOnLaunch")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        available_ip_address_count: field(c, "availableIpAddressCount")
            .and_then(Value::as_u64)
            .and_then(|count| u32::try_from(count).ok()),
        state: text(c, "state").unwrap_or_default(),
        tags: tags(c),
        owner_id: text(c, "ownerId"),
        shared_with: Vec::new(),
    }
}

fn carrier_gateway(item: &ConfigItem) -> CarrierGateway {
    let c = &item.configuration;
    CarrierGateway {
        account_id: item.account_id.clone(),
        region: item.region.clone(),
        carrier_gateway_id: text(c, "CarrierGatewayId").unwrap_or_else(|| item.resource_id.clone()),
        vpc_id: text(c, "VpcId").unwrap_or_default(),
        state: text(c, "State").unwrap_or_default().into(),
        tags: tags(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(resource_type: &str, configuration: Value) -> ConfigItem {
        ConfigItem {
            account_id: "210987654321".to_owned(),
            region: "us-west-2".to_owned(),
            resource_type: resource_type.to_owned(),
            resource_id: "fallback-id".to_owned(),
            captured_at: Some("2026-11-30T10:00:00.000Z".to_owned()),
            configuration,
        }
    }

    #[test]
    fn configuration_items_become_entities_in_either_key_casing() {
        let items = [
            item(
                "AWS::EC2::Instance",
                json!({
                    "instanceId": "i-0abc", "instanceType": "m5.xlarge",
                    "placement": {"availabilityZone": "us-west-2-lax-1a"},
                    "state": {"code": 16, "name": "running"},
                    "launchTime": "2024-01-15T09:00:00.000Z",
                    "networkInterfaces": [{"association": {"carrierIp": "155.146.0.7"}}],
                    "tags": [{"key": "Name", "value": "edge <script>"}],
                }),
            ),
            item(
                "AWS::EC2::CarrierGateway",
                json!({"CarrierGatewayId": "cagw-1", "VpcId": "vpc-1", "State": "available",
                       "Tags": [{"Key": "team", "Value": "video"}]}),
            ),
            item(
                "AWS::EC2::Subnet",
                json!({"vpcId": "vpc-1", "ownerId": "123456789012", "availableIpAddressCount": 250}),
            ),
            item("AWS::EC2::VPC", Value::Null),
            item("AWS::Unknown::Thing", json!({})),
        ];
        let estate = estate_from_items(&items);
        let instance = &estate.instances[0];
        assert_eq!(instance.instance_id, "i-0abc");
        assert_eq!(instance.availability_zone, "us-west-2-lax-1a");
        assert_eq!(instance.state.as_str(), "running");
        assert_eq!(
            instance.launch_time.as_deref(),
            Some("2024-01-15T09:00:00Z")
        );
        assert_eq!(instance.carrier_ip.as_deref(), Some("155.146.0.7"));
        assert_eq!(instance.tags["Name"], "edge <script>");
        let gateway = &estate.carrier_gateways[0];
        assert_eq!(
            (gateway.carrier_gateway_id.as_str(), gateway.vpc_id.as_str()),
            ("cagw-1", "vpc-1")
        );
        assert_eq!(gateway.tags["team"], "video");
        let subnet = &estate.subnets[0];
        assert_eq!(subnet.subnet_id, "fallback-id");
        assert_eq!(subnet.owner_id.as_deref(), Some("123456789012"));
        assert_eq!(subnet.available_ip_address_count, Some(250));
        // A VPC with no configuration keeps its id; an unknown type is no entity.
        assert_eq!(estate.vpcs[0].vpc_id, "fallback-id");
        assert_eq!(estate.entity_count(), 4);
    }

    #[test]
    fn rows_without_an_account_region_or_id_are_not_items() {
        let good =
            json!({"accountId": "1", "awsRegion": "r", "resourceType": "t", "resourceId": "x"});
        assert!(item_from_row(&good).is_some());
        for missing in ["accountId", "awsRegion", "resourceType", "resourceId"] {
            let mut row = good.clone();
            row.as_object_mut().map(|fields| fields.remove(missing));
            assert!(item_from_row(&row).is_none(), "{missing}");
        }
        assert!(query_expression().contains("'AWS::EC2::CarrierGateway'"));
    }
}
