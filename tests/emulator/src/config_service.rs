//! AWS Config (JSON 1.1): `SelectAggregateResourceConfig` over the fixture's estate, as an
//! organisation-wide configuration aggregator answers it.
//!
//! The fixture's own account (the management account of an `org:N` fixture, the one account
//! of any other) holds one aggregator, [`AGGREGATOR_NAME`], whose sources are every account of
//! the fixture in every Region. It records what AWS Config records of the estate (`AWS::EC2::
//! Instance`, `VPC`, `Subnet`, `CarrierGateway`) and nothing else: no zones, Outposts, local
//! gateways, VIFs or CoIP pools. Each configuration item is rendered in the shape AWS Config
//! gives it: the EC2 types as the EC2 API's own structures with camel-case keys (`state.name`,
//! `placement.availabilityZone`, `tags[].key`), the carrier gateway in its CloudFormation
//! resource schema (`CarrierGatewayId`, `Tags[].Key`).
//!
//! The query language is the subset the sync uses: `SELECT field, ... WHERE cond AND ...`
//! where a condition is `name = 'value'` or `name IN ('a', 'b')` on `resourceType`,
//! `accountId` or `awsRegion`. Anything else answers `InvalidExpressionException`. Pages hold
//! at most `Limit` (AWS's range, 0-100) and the emulator's page size. Faults make an account's
//! items old (`config_stale_accounts`: captured 30 days ago) or a type unrecorded
//! (`config_unrecorded_types`), the two conditions the sync warns about.

use serde_json::{Map, Value, json};

use edge_atlas::model::{CarrierGateway, Instance, Subnet, Vpc};

use crate::errors::ApiError;
use crate::faults::FaultConfig;
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;

const TARGET_PREFIX: &str = "StarlingDoveService.";
/// The one aggregator the fixture's own account holds.
pub const AGGREGATOR_NAME: &str = "edge-atlas-organization";
/// The fields a query may select.
const SELECTABLE: &[&str] = &[
    "accountId",
    "arn",
    "availabilityZone",
    "awsRegion",
    "configuration",
    "configurationItemCaptureTime",
    "resourceId",
    "resourceName",
    "resourceType",
    "tags",
];
/// How old an item of a running account is: recorded an hour ago.
const FRESH_AGE_SECONDS: i64 = 3_600;
/// How old an item of a stale account is: 30 days.
const STALE_AGE_SECONDS: i64 = 30 * 86_400;

/// The operation named by `X-Amz-Target`.
pub fn operation_name(request: &ApiRequest) -> String {
    request.target_operation(TARGET_PREFIX)
}

/// Answers one AWS Config request from `caller_account`.
pub fn handle(
    state: &State,
    caller_account: &str,
    request: &ApiRequest,
    faults: &FaultConfig,
) -> Result<Reply, ApiError> {
    let operation = operation_name(request);
    if operation != "SelectAggregateResourceConfig" {
        return Err(ApiError::new(
            "UnknownOperationException",
            400,
            format!("This emulator does not serve the AWS Config operation `{operation}`."),
        ));
    }
    let body = request.json_body()?;
    let aggregator = body
        .get("ConfigurationAggregatorName")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if aggregator != AGGREGATOR_NAME || caller_account != state.fixture.account_id {
        return Err(ApiError::new(
            "NoSuchConfigurationAggregatorException",
            400,
            format!(
                "The configuration aggregator does not exist. Check the configuration aggregator name and try again: {aggregator}"
            ),
        ));
    }
    let expression = body
        .get("Expression")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let query = Query::parse(expression)?;
    let limit = match body.get("Limit").or_else(|| body.get("MaxResults")) {
        None => 25,
        Some(limit) => match limit.as_u64() {
            Some(0) => 25,
            Some(limit) if limit <= 100 => limit as usize,
            _ => {
                return Err(ApiError::new(
                    "InvalidLimitException",
                    400,
                    "The Limit must be between 0 and 100.",
                ));
            }
        },
    };
    let rows = rows(state, &query, faults);
    let start = match body.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => token
            .strip_prefix("cfg-")
            .and_then(|offset| offset.parse::<usize>().ok())
            .filter(|offset| *offset <= rows.len())
            .ok_or_else(|| {
                ApiError::new(
                    "InvalidNextTokenException",
                    400,
                    "The specified next token is not valid. Specify the nextToken string that was returned in the previous response to get the next page of results.",
                )
            })?,
    };
    let end = (start + limit.min(state.page_size)).min(rows.len());
    let mut answer = json!({
        "Results": rows[start..end].iter().map(Value::to_string).collect::<Vec<_>>(),
        "QueryInfo": {
            "SelectFields": query.fields.iter().map(|name| json!({ "Name": name })).collect::<Vec<_>>(),
        },
    });
    if end < rows.len() {
        answer["NextToken"] = json!(format!("cfg-{end}"));
    }
    Ok(Reply::json(200, answer.to_string()).with_content_type("application/x-amz-json-1.1"))
}

/// A parsed query: the selected fields and the conditions, all of which must hold.
#[derive(Debug, PartialEq, Eq)]
struct Query {
    fields: Vec<String>,
    conditions: Vec<(String, Vec<String>)>,
}

impl Query {
    fn parse(expression: &str) -> Result<Query, ApiError> {
        let invalid = |why: &str| {
            ApiError::new(
                "InvalidExpressionException",
                400,
                format!("The syntax of the query is incorrect: {why}"),
            )
        };
        let tokens = tokenize(expression).map_err(|why| invalid(&why))?;
        let mut at = 0;
        let keyword = |at: usize, word: &str| {
            tokens.get(at).is_some_and(
                |token| matches!(token, Token::Word(w) if w.eq_ignore_ascii_case(word)),
            )
        };
        if !keyword(at, "SELECT") {
            return Err(invalid("a query starts with SELECT"));
        }
        at += 1;
        let mut fields = Vec::new();
        loop {
            match tokens.get(at) {
                Some(Token::Word(word)) if SELECTABLE.contains(&word.as_str()) => {
                    fields.push(word.clone());
                }
                Some(Token::Word(word)) => {
                    return Err(invalid(&format!("`{word}` cannot be selected here")));
                }
                _ => return Err(invalid("a field name was expected")),
            }
            at += 1;
            if tokens.get(at) == Some(&Token::Comma) {
                at += 1;
            } else {
                break;
            }
        }
        let mut conditions = Vec::new();
        if keyword(at, "WHERE") {
            at += 1;
            loop {
                let Some(Token::Word(name)) = tokens.get(at) else {
                    return Err(invalid("a condition was expected"));
                };
                if !["resourceType", "accountId", "awsRegion"].contains(&name.as_str()) {
                    return Err(invalid(&format!(
                        "conditions on `{name}` are not supported"
                    )));
                }
                at += 1;
                let values = if tokens.get(at) == Some(&Token::Equals) {
                    at += 1;
                    match tokens.get(at) {
                        Some(Token::Text(value)) => vec![value.clone()],
                        _ => return Err(invalid("a quoted value was expected")),
                    }
                } else if keyword(at, "IN") && tokens.get(at + 1) == Some(&Token::Open) {
                    at += 2;
                    let mut values = Vec::new();
                    loop {
                        match tokens.get(at) {
                            Some(Token::Text(value)) => values.push(value.clone()),
                            _ => return Err(invalid("a quoted value was expected")),
                        }
                        at += 1;
                        match tokens.get(at) {
                            Some(Token::Comma) => at += 1,
                            Some(Token::Close) => break,
                            _ => return Err(invalid("`,` or `)` was expected")),
                        }
                    }
                    values
                } else {
                    return Err(invalid("`=` or `IN (` was expected"));
                };
                at += 1;
                conditions.push((name.clone(), values));
                if keyword(at, "AND") {
                    at += 1;
                } else {
                    break;
                }
            }
        }
        if at != tokens.len() {
            return Err(invalid("unexpected text after the query"));
        }
        Ok(Query { fields, conditions })
    }

    fn accepts(&self, name: &str, value: &str) -> bool {
        self.conditions
            .iter()
            .filter(|(condition, _)| condition == name)
            .all(|(_, values)| values.iter().any(|wanted| wanted == value))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Text(String),
    Comma,
    Equals,
    Open,
    Close,
}

fn tokenize(expression: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = expression.chars().peekable();
    while let Some(&next) = chars.peek() {
        match next {
            c if c.is_whitespace() => {
                chars.next();
            }
            ',' | '=' | '(' | ')' => {
                chars.next();
                tokens.push(match next {
                    ',' => Token::Comma,
                    '=' => Token::Equals,
                    '(' => Token::Open,
                    _ => Token::Close,
                });
            }
            '\'' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            text.push('\'');
                        }
                        Some('\'') => break,
                        Some(c) => text.push(c),
                        None => return Err("a quoted value is not closed".to_owned()),
                    }
                }
                tokens.push(Token::Text(text));
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '.' => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(word));
            }
            other => return Err(format!("unexpected `{other}`")),
        }
    }
    Ok(tokens)
}

/// One recorded resource before its fields are selected.
struct Item {
    account_id: String,
    region: String,
    resource_type: &'static str,
    resource_id: String,
    arn: String,
    availability_zone: String,
    name: Option<String>,
    tags: Value,
    configuration: Value,
}

/// Every item the query selects, in account, Region, type and id order.
fn rows(state: &State, query: &Query, faults: &FaultConfig) -> Vec<Value> {
    let now = state.now();
    let mut rows = Vec::new();
    for (account, regions) in state.fixture.accounts() {
        if !query.accepts("accountId", account) {
            continue;
        }
        let captured = crate::sts::iso8601_utc(
            now - if faults.config_stale_accounts.contains(account) {
                STALE_AGE_SECONDS
            } else {
                FRESH_AGE_SECONDS
            },
        );
        for (region, data) in regions {
            if !query.accepts("awsRegion", region) {
                continue;
            }
            let estate = &data.estate;
            let mut items: Vec<Item> = Vec::new();
            items.extend(estate.instances.iter().map(instance_item));
            items.extend(estate.vpcs.iter().map(vpc_item));
            items.extend(estate.subnets.iter().map(subnet_item));
            items.extend(estate.carrier_gateways.iter().map(carrier_gateway_item));
            items.sort_by(|a, b| {
                (a.resource_type, &a.resource_id).cmp(&(b.resource_type, &b.resource_id))
            });
            for item in items {
                if !query.accepts("resourceType", item.resource_type)
                    || faults.config_unrecorded_types.contains(item.resource_type)
                {
                    continue;
                }
                let mut row = Map::new();
                for field in &query.fields {
                    let value = match field.as_str() {
                        "accountId" => json!(item.account_id),
                        "arn" => json!(item.arn),
                        "availabilityZone" => json!(item.availability_zone),
                        "awsRegion" => json!(item.region),
                        "configuration" => item.configuration.clone(),
                        "configurationItemCaptureTime" => json!(captured),
                        "resourceId" => json!(item.resource_id),
                        "resourceName" => json!(item.name),
                        "resourceType" => json!(item.resource_type),
                        _ => item.tags.clone(),
                    };
                    row.insert(field.clone(), value);
                }
                rows.push(Value::Object(row));
            }
        }
    }
    rows
}

fn tags_camel(tags: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| json!({ "key": key, "value": value }))
            .collect(),
    )
}

fn ec2_arn(region: &str, account: &str, kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:{kind}/{id}")
}

fn instance_item(instance: &Instance) -> Item {
    let has_association = instance.public_ip_address.is_some()
        || instance.carrier_ip.is_some()
        || instance.customer_owned_ip.is_some();
    let interfaces = if instance.subnet_id.is_some() {
        json!([{
            "networkInterfaceId": format!("eni-{}", instance.instance_id.trim_start_matches("i-")),
            "subnetId": instance.subnet_id,
            "vpcId": instance.vpc_id,
            "privateIpAddress": instance.private_ip_address,
            "association": if has_association {
                json!({
                    "carrierIp": instance.carrier_ip,
                    "customerOwnedIp": instance.customer_owned_ip,
                    "ipOwnerId": "amazon",
                    "publicIp": instance.public_ip_address,
                })
            } else {
                Value::Null
            },
        }])
    } else {
        json!([])
    };
    Item {
        account_id: instance.account_id.clone(),
        region: instance.region.clone(),
        resource_type: "AWS::EC2::Instance",
        resource_id: instance.instance_id.clone(),
        arn: ec2_arn(
            &instance.region,
            &instance.account_id,
            "instance",
            &instance.instance_id,
        ),
        availability_zone: instance.availability_zone.clone(),
        name: instance.tags.get("Name").cloned(),
        tags: tags_camel(&instance.tags),
        configuration: json!({
            "instanceId": instance.instance_id,
            "imageId": instance.image_id,
            "state": { "code": crate::ec2::vpcs::state_code(&instance.state), "name": instance.state.as_str() },
            "instanceType": instance.instance_type,
            "launchTime": instance.launch_time,
            "placement": { "availabilityZone": instance.availability_zone, "tenancy": "default" },
            "subnetId": instance.subnet_id,
            "vpcId": instance.vpc_id,
            "privateIpAddress": instance.private_ip_address,
            "publicIpAddress": instance.public_ip_address,
            "architecture": instance.architecture.as_ref().map(|arch| arch.as_str()),
            "platformDetails": instance.platform_details,
            "outpostArn": instance.outpost_arn,
            "networkInterfaces": interfaces,
            "tags": tags_camel(&instance.tags),
        }),
    }
}

fn vpc_item(vpc: &Vpc) -> Item {
    Item {
        account_id: vpc.account_id.clone(),
        region: vpc.region.clone(),
        resource_type: "AWS::EC2::VPC",
        resource_id: vpc.vpc_id.clone(),
        arn: ec2_arn(&vpc.region, &vpc.account_id, "vpc", &vpc.vpc_id),
        availability_zone: "Multiple Availability Zones".to_owned(),
        name: vpc.tags.get("Name").cloned(),
        tags: tags_camel(&vpc.tags),
        configuration: json!({
            "cidrBlock": vpc.cidr_block,
            "state": vpc.state,
            "vpcId": vpc.vpc_id,
            "ownerId": vpc.account_id,
            "instanceTenancy": "default",
            "isDefault": vpc.is_default,
            "tags": tags_camel(&vpc.tags),
        }),
    }
}

fn subnet_item(subnet: &Subnet) -> Item {
    let arn = ec2_arn(
        &subnet.region,
        &subnet.account_id,
        "subnet",
        &subnet.subnet_id,
    );
    Item {
        account_id: subnet.account_id.clone(),
        region: subnet.region.clone(),
        resource_type: "AWS::EC2::Subnet",
        resource_id: subnet.subnet_id.clone(),
        availability_zone: subnet.availability_zone.clone(),
        name: subnet.tags.get("Name").cloned(),
        tags: tags_camel(&subnet.tags),
        configuration: json!({
            "availabilityZone": subnet.availability_zone,
            "availabilityZoneId": subnet.availability_zone_id,
            "availableIpAddressCount": subnet.available_ip_address_count,
            "cidrBlock": subnet.cidr_block,
            "defaultForAz": false,
            "mapPublicIpOnLaunch": false,
            "mapCustomerOwnedIpOnLaunch": subnet.map_customer_owned_ip_on_launch,
            "customerOwnedIpv4Pool": subnet.customer_owned_ipv4_pool,
            "state": subnet.state,
            "subnetId": subnet.subnet_id,
            "vpcId": subnet.vpc_id,
            "ownerId": subnet.owner_id.as_deref().unwrap_or(&subnet.account_id),
            "outpostArn": subnet.outpost_arn,
            "subnetArn": arn,
            "tags": tags_camel(&subnet.tags),
        }),
        arn,
    }
}

fn carrier_gateway_item(gateway: &CarrierGateway) -> Item {
    Item {
        account_id: gateway.account_id.clone(),
        region: gateway.region.clone(),
        resource_type: "AWS::EC2::CarrierGateway",
        resource_id: gateway.carrier_gateway_id.clone(),
        arn: ec2_arn(
            &gateway.region,
            &gateway.account_id,
            "carrier-gateway",
            &gateway.carrier_gateway_id,
        ),
        availability_zone: "Regional".to_owned(),
        name: gateway.tags.get("Name").cloned(),
        tags: tags_camel(&gateway.tags),
        // A CloudFormation-registry type: its configuration is the resource schema's shape.
        configuration: json!({
            "CarrierGatewayId": gateway.carrier_gateway_id,
            "VpcId": gateway.vpc_id,
            "State": gateway.state.as_str(),
            "OwnerId": gateway.account_id,
            "Tags": gateway.tags.iter().map(|(key, value)| json!({ "Key": key, "Value": value })).collect::<Vec<_>>(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_subset_parses_and_refuses_the_rest() {
        let query = Query::parse(
            "SELECT resourceId, configuration WHERE resourceType IN ('AWS::EC2::VPC', 'AWS::EC2::Subnet') AND accountId = '123'",
        )
        .expect("a query of the subset");
        assert_eq!(query.fields, ["resourceId", "configuration"]);
        assert!(query.accepts("resourceType", "AWS::EC2::Subnet"));
        assert!(!query.accepts("resourceType", "AWS::EC2::Instance"));
        assert!(query.accepts("accountId", "123") && !query.accepts("accountId", "456"));
        assert!(query.accepts("awsRegion", "anything"));
        for bad in [
            "",
            "SELECT",
            "SELECT * WHERE resourceType = 'x'",
            "SELECT resourceId WHERE configuration.state = 'x'",
            "SELECT resourceId WHERE resourceType = 'unclosed",
            "SELECT resourceId WHERE resourceType IN ('a' 'b')",
            "SELECT resourceId; DROP TABLE x",
        ] {
            let error = Query::parse(bad).expect_err(bad);
            assert_eq!(error.code, "InvalidExpressionException", "{bad}");
        }
        let quoted = Query::parse("SELECT resourceId WHERE accountId = 'it''s'").expect("quote");
        assert!(quoted.accepts("accountId", "it's"));
    }
}
