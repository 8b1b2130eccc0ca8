//! A snapshot's entities as records (one JSON object per entity), optionally with what the
//! catalogs know and the snapshot does not, and the columns a table of a kind shows. The CLI's
//! `inventory` command prints them; exports write them.

use serde_json::{Map, Value, json};

use crate::catalog::{HardwareCatalog, Location, LocationCatalog, LocationKind, merge};
use crate::model::{EntityKind, Estate};

/// Why the records of a kind could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    /// An embedded catalog did not parse (a build defect, named by the catalog's error).
    #[error("{0}")]
    Catalog(String),
    /// A catalog row could not be written as JSON.
    #[error("writing a catalog row as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The columns the table shows for a kind (the JSON has every field).
pub fn columns(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Region => &["region_name", "opt_in_status", "endpoint"],
        EntityKind::Zone => &[
            "zone_name",
            "zone_type",
            "region_name",
            "parent_zone_name",
            "network_border_group",
            "opt_in_status",
        ],
        EntityKind::Site => &[
            "site_id",
            "name",
            "operating_address_city",
            "operating_address_country_code",
            "region",
        ],
        EntityKind::Outpost => &[
            "outpost_id",
            "name",
            "region",
            "availability_zone",
            "generation",
            "rack_scaling_type",
            "life_cycle_status",
        ],
        EntityKind::Asset => &[
            "asset_id",
            "rack_id",
            "asset_type",
            "rack_elevation",
            "outpost_id",
        ],
        EntityKind::AssetInstance => &[
            "instance_id",
            "instance_type",
            "asset_id",
            "aws_service_name",
            "instance_account_id",
            "outpost_id",
        ],
        EntityKind::CapacityTask => &[
            "capacity_task_id",
            "outpost_id",
            "asset_id",
            "capacity_task_status",
            "creation_date",
            "completion_date",
        ],
        EntityKind::CatalogItem => &[
            "catalog_item_id",
            "item_status",
            "power_kva",
            "weight_lbs",
            "supported_uplink_gbps",
        ],
        EntityKind::LocalGateway => &["local_gateway_id", "outpost_arn", "state"],
        EntityKind::Vif => &[
            "local_gateway_virtual_interface_id",
            "local_gateway_id",
            "vlan",
            "local_address",
            "peer_address",
            "local_bgp_asn",
            "peer_bgp_asn",
        ],
        EntityKind::VifGroup => &[
            "local_gateway_virtual_interface_group_id",
            "local_gateway_id",
            "local_bgp_asn",
            "configuration_state",
        ],
        EntityKind::RouteTable => &[
            "local_gateway_route_table_id",
            "local_gateway_id",
            "mode",
            "state",
        ],
        EntityKind::CoipPool => &["pool_id", "pool_cidrs", "local_gateway_route_table_id"],
        EntityKind::OutpostLag => &[
            "outpost_lag_id",
            "outpost_arn",
            "state",
            "local_gateway_virtual_interface_ids",
        ],
        EntityKind::ServiceLinkVif => &[
            "service_link_virtual_interface_id",
            "outpost_id",
            "vlan",
            "local_address",
            "peer_address",
            "peer_bgp_asn",
        ],
        EntityKind::CarrierGateway => &["carrier_gateway_id", "vpc_id", "state", "region"],
        EntityKind::Vpc => &["vpc_id", "cidr_block", "region", "state"],
        EntityKind::Subnet => &[
            "subnet_id",
            "vpc_id",
            "cidr_block",
            "availability_zone",
            "outpost_arn",
        ],
        EntityKind::InstanceTypeOffering => {
            &["location_type", "location", "region", "instance_types"]
        }
        EntityKind::Instance => &[
            "instance_id",
            "instance_type",
            "availability_zone",
            "state",
            "private_ip_address",
        ],
    }
}

/// The records of one kind; with `with_catalog`, Regions, zones and catalog items the snapshot
/// lacks are added (flagged `catalog_only: true`) and observed Regions and zones gain the
/// catalog's metro, country and coordinates.
pub fn records(
    estate: &Estate,
    kind: EntityKind,
    with_catalog: bool,
) -> Result<Vec<Value>, InventoryError> {
    let mut records = estate.records(kind);
    if !with_catalog {
        return Ok(records);
    }
    match kind {
        EntityKind::Region | EntityKind::Zone => {
            let catalog =
                LocationCatalog::embedded().map_err(|e| InventoryError::Catalog(e.to_string()))?;
            let merged = merge(catalog, estate);
            let wanted = |location: &&Location| {
                (location.kind == LocationKind::Region) == (kind == EntityKind::Region)
            };
            for record in &mut records {
                let name_field = if kind == EntityKind::Region {
                    "region_name"
                } else {
                    "zone_name"
                };
                let name = record
                    .get(name_field)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                if let (Some(object), Some(location)) = (
                    record.as_object_mut(),
                    merged.iter().filter(wanted).find(|l| l.name == name),
                ) {
                    add_catalog_fields(object, location);
                    object.insert("catalog_only".into(), Value::Bool(false));
                }
            }
            for location in merged.iter().filter(wanted).filter(|l| !l.in_snapshot) {
                let mut object = Map::new();
                match &location.kind {
                    LocationKind::Region => {
                        object.insert("region_name".into(), json!(location.name));
                    }
                    LocationKind::Zone(zone_type) => {
                        object.insert("zone_name".into(), json!(location.name));
                        object.insert("zone_type".into(), json!(zone_type));
                        object.insert("region_name".into(), json!(location.region));
                    }
                }
                add_catalog_fields(&mut object, location);
                object.insert("catalog_only".into(), Value::Bool(true));
                records.push(Value::Object(object));
            }
        }
        EntityKind::CatalogItem => {
            let hardware =
                HardwareCatalog::embedded().map_err(|e| InventoryError::Catalog(e.to_string()))?;
            for record in &mut records {
                if let Some(object) = record.as_object_mut() {
                    object.insert("catalog_only".into(), Value::Bool(false));
                }
            }
            for rack in &hardware.rack_configurations {
                if !estate
                    .catalog_items
                    .iter()
                    .any(|item| item.catalog_item_id == rack.catalog_item_id)
                {
                    let mut object = serde_json::to_value(rack)?
                        .as_object()
                        .cloned()
                        .unwrap_or_default();
                    object.insert("catalog_only".into(), Value::Bool(true));
                    records.push(Value::Object(object));
                }
            }
        }
        _ => {}
    }
    Ok(records)
}

fn add_catalog_fields(object: &mut Map<String, Value>, location: &Location) {
    for (key, value) in [
        ("metro", json!(location.metro)),
        ("country", json!(location.country)),
        ("lat", json!(location.lat)),
        ("lon", json!(location.lon)),
        ("coordinates_from", json!(location.coordinates_from)),
        ("carrier", json!(location.carrier)),
        ("in_catalog", json!(location.in_catalog)),
        ("status", json!(location.status)),
        ("confirmed", json!(location.confirmed)),
        ("catalog_note", json!(location.note)),
    ] {
        if !value.is_null() || key == "in_catalog" {
            object.insert(key.into(), value);
        }
    }
}

/// A cell's text: strings as they are, lists joined, absent as empty.
pub fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| cell(Some(item)))
            .collect::<Vec<_>>()
            .join(","),
        Some(other) => other.to_string(),
    }
}
