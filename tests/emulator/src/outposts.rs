//! AWS Outposts' REST/JSON API: Outposts, sites, assets (the racks' hosts and switches),
//! catalog items and the instance types an Outpost has capacity for.
//!
//! Also which instance runs on which host (`ListAssetInstances`) and the capacity tasks
//! (`ListCapacityTasks`, `GetCapacityTask`).
//!
//! Paths and query parameters are those of botocore's Outposts model; pagination tokens have
//! the model's `^(\d+)##(\S+)$` shape; errors are `ValidationException` (400),
//! `NotFoundException` (404) and friends with the `x-amzn-ErrorType` header.

use std::collections::BTreeMap;

use edge_atlas::model::{Asset, CatalogItem, Outpost, RackPhysicalProperties, Site};
use serde_json::{Map, Value, json};

mod capacity;

use crate::errors::ApiError;
use crate::fixture::RegionData;
use crate::params::{Params, percent_decode};
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;

/// The operation a request's method and path name (`ListOutposts`, `GetSite`, …).
pub fn operation_name(request: &ApiRequest) -> String {
    route(request).0.to_owned()
}

/// `(operation, path parameter)` for a request.
fn route(request: &ApiRequest) -> (&'static str, Option<String>) {
    if request.method != hyper::Method::GET {
        return ("Unknown", None);
    }
    let segments: Vec<String> = request
        .path
        .trim_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["outposts"] => ("ListOutposts", None),
        ["outposts", id] => ("GetOutpost", Some((*id).to_owned())),
        ["outposts", id, "assets"] => ("ListAssets", Some((*id).to_owned())),
        ["outposts", id, "instanceTypes"] => ("GetOutpostInstanceTypes", Some((*id).to_owned())),
        ["outposts", id, "assetInstances"] => ("ListAssetInstances", Some((*id).to_owned())),
        ["outposts", id, "capacity", task] => ("GetCapacityTask", Some(format!("{id}/{task}"))),
        ["capacity", "tasks"] => ("ListCapacityTasks", None),
        ["sites"] => ("ListSites", None),
        ["sites", id] => ("GetSite", Some((*id).to_owned())),
        ["catalog", "items"] => ("ListCatalogItems", None),
        ["catalog", "item", id] => ("GetCatalogItem", Some((*id).to_owned())),
        _ => ("Unknown", None),
    }
}

struct Ctx<'a> {
    account_id: &'a str,
    region: &'a str,
    data: &'a RegionData,
    page_size: usize,
}

/// Answers one Outposts request in `region`.
pub fn handle(
    state: &State,
    account: &str,
    region: &str,
    request: &ApiRequest,
) -> Result<Reply, ApiError> {
    let ctx = Ctx {
        account_id: account,
        region,
        data: state.fixture.region(account, region),
        page_size: state.page_size,
    };
    let params = Params::parse(&request.query);
    let (operation, id) = route(request);
    let id = id.unwrap_or_default();
    let body = match operation {
        "ListOutposts" => list_outposts(&ctx, &params)?,
        "GetOutpost" => json!({ "Outpost": outpost_json(&ctx, find_outpost(&ctx, &id)?) }),
        "ListAssets" => list_assets(&ctx, &params, &id)?,
        "GetOutpostInstanceTypes" => outpost_instance_types(&ctx, &params, &id)?,
        "ListAssetInstances" => capacity::list_asset_instances(&ctx, &params, &id)?,
        "ListCapacityTasks" => capacity::list_capacity_tasks(&ctx, &params)?,
        "GetCapacityTask" => capacity::get_capacity_task(&ctx, &id)?,
        "ListSites" => list_sites(&ctx, &params)?,
        "GetSite" => json!({ "Site": site_json(&ctx, find_site(&ctx, &id)?) }),
        "ListCatalogItems" => list_catalog_items(&ctx, &params)?,
        "GetCatalogItem" => {
            let item = ctx
                .data
                .estate
                .catalog_items
                .iter()
                .find(|item| item.catalog_item_id == id)
                .ok_or_else(|| not_found(&format!("Catalog item {id} not found.")))?;
            json!({ "CatalogItem": catalog_item_json(item) })
        }
        _ => {
            return Err(ApiError::new(
                "UnknownOperationException",
                404,
                format!(
                    "No Outposts operation for {} {}",
                    request.method, request.path
                ),
            ));
        }
    };
    let mut body = body;
    if let (true, Some(object)) = (state.faults().unknown_member, body.as_object_mut()) {
        object.insert(
            "EdgeAtlasUnknownMember".to_owned(),
            json!("not in the Outposts model"),
        );
    }
    Ok(Reply::json(200, body.to_string()))
}

fn not_found(message: &str) -> ApiError {
    ApiError::new("NotFoundException", 404, message)
}

fn validation(message: String) -> ApiError {
    ApiError::new("ValidationException", 400, message)
}

/// Cuts one page from `items`; returns the page and the `NextToken`.
fn page<T>(
    ctx: &Ctx,
    params: &Params,
    operation: &str,
    mut items: Vec<T>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let max_results = match params.get("MaxResults") {
        None => usize::MAX,
        Some(text) => match text.parse::<usize>() {
            Ok(value) if (1..=1000).contains(&value) => value,
            _ => {
                return Err(validation(format!(
                    "1 validation error detected: Value '{text}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000"
                )));
            }
        },
    };
    let size = max_results.min(ctx.page_size);
    let offset = match params.get("NextToken") {
        None => 0,
        Some(token) => parse_token(operation, token)?,
    };
    if offset > items.len() {
        return Err(validation("The pagination token is invalid.".to_owned()));
    }
    items.drain(..offset);
    let next = (items.len() > size).then(|| make_token(operation, offset + size));
    items.truncate(size);
    Ok((items, next))
}

fn make_token(operation: &str, offset: usize) -> String {
    let check = edge_atlas::demo::ids::stable_hash(&format!("{operation}##{offset}")) & 0xffff_ffff;
    format!("{offset}##{check:08x}")
}

fn parse_token(operation: &str, token: &str) -> Result<usize, ApiError> {
    token
        .split_once("##")
        .and_then(|(offset, _)| offset.parse::<usize>().ok())
        .filter(|offset| make_token(operation, *offset) == token)
        .ok_or_else(|| validation("The pagination token is invalid.".to_owned()))
}

fn with_next(mut body: Value, next: Option<String>) -> Value {
    if let (Some(next), Some(object)) = (next, body.as_object_mut()) {
        object.insert("NextToken".to_owned(), json!(next));
    }
    body
}

/// Whether a filter (`?Name=a&Name=b`) admits `value`: empty admits everything.
fn admits(filter: &[String], value: &str) -> bool {
    filter.is_empty() || filter.iter().any(|wanted| wanted == value)
}

fn find_outpost<'a>(ctx: &Ctx<'a>, id: &str) -> Result<&'a Outpost, ApiError> {
    if !id.starts_with("op-") && !id.starts_with("arn:") {
        return Err(validation(format!(
            "1 validation error detected: Value '{id}' at 'outpostId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(arn:aws([a-z-]+)?:outposts:[a-z\\d-]+:\\d{{12}}:outpost/)?op-[a-f0-9]{{17}}$"
        )));
    }
    ctx.data
        .estate
        .outposts
        .iter()
        .find(|outpost| outpost.outpost_id == id || outpost.outpost_arn == id)
        .ok_or_else(|| not_found(&format!("Outpost {id} not found.")))
}

fn find_site<'a>(ctx: &Ctx<'a>, id: &str) -> Result<&'a Site, ApiError> {
    ctx.data
        .estate
        .sites
        .iter()
        .find(|site| site.site_id == id || site.site_arn.as_deref() == Some(id))
        .ok_or_else(|| not_found(&format!("Site {id} not found.")))
}

fn site_arn(ctx: &Ctx, site_id: &str) -> String {
    ctx.data
        .estate
        .sites
        .iter()
        .find(|site| site.site_id == site_id)
        .and_then(|site| site.site_arn.clone())
        .unwrap_or_else(|| {
            format!(
                "arn:aws:outposts:{}:{}:site/{site_id}",
                ctx.region, ctx.account_id
            )
        })
}

fn insert(object: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value.into());
    }
}

fn tags_json(tags: &BTreeMap<String, String>) -> Value {
    json!(tags)
}

fn outpost_json(ctx: &Ctx, outpost: &Outpost) -> Value {
    let mut object = Map::new();
    insert(&mut object, "OutpostId", Some(outpost.outpost_id.as_str()));
    // The owner's account: the caller's own, or the one sharing it through AWS RAM.
    insert(
        &mut object,
        "OwnerId",
        Some(outpost.owner_id.as_deref().unwrap_or(&outpost.account_id)),
    );
    insert(
        &mut object,
        "OutpostArn",
        Some(outpost.outpost_arn.as_str()),
    );
    insert(&mut object, "SiteId", Some(outpost.site_id.as_str()));
    insert(&mut object, "Name", Some(outpost.name.as_str()));
    insert(&mut object, "Description", outpost.description.as_deref());
    insert(
        &mut object,
        "LifeCycleStatus",
        Some(outpost.life_cycle_status.as_str()),
    );
    insert(
        &mut object,
        "AvailabilityZone",
        Some(outpost.availability_zone.as_str()),
    );
    insert(
        &mut object,
        "AvailabilityZoneId",
        Some(outpost.availability_zone_id.as_str()),
    );
    object.insert("Tags".to_owned(), tags_json(&outpost.tags));
    insert(
        &mut object,
        "SiteArn",
        Some(site_arn(ctx, &outpost.site_id)),
    );
    insert(
        &mut object,
        "SupportedHardwareType",
        Some(outpost.supported_hardware_type.as_str()),
    );
    insert(
        &mut object,
        "Generation",
        outpost.generation.as_ref().map(|value| value.as_str()),
    );
    insert(
        &mut object,
        "RackScalingType",
        outpost
            .rack_scaling_type
            .as_ref()
            .map(|value| value.as_str()),
    );
    Value::Object(object)
}

fn list_outposts(ctx: &Ctx, params: &Params) -> Result<Value, ApiError> {
    let life_cycle = params.all("LifeCycleStatusFilter");
    let zones = params.all("AvailabilityZoneFilter");
    let zone_ids = params.all("AvailabilityZoneIdFilter");
    let outposts: Vec<&Outpost> = ctx
        .data
        .estate
        .outposts
        .iter()
        .filter(|outpost| admits(&life_cycle, &outpost.life_cycle_status))
        .filter(|outpost| admits(&zones, &outpost.availability_zone))
        .filter(|outpost| admits(&zone_ids, &outpost.availability_zone_id))
        .collect();
    let (page, next) = page(ctx, params, "ListOutposts", outposts)?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|outpost| outpost_json(ctx, outpost))
        .collect();
    Ok(with_next(json!({ "Outposts": items }), next))
}

fn physical_json(properties: &RackPhysicalProperties) -> Value {
    let mut object = Map::new();
    let pairs = [
        (
            "PowerDrawKva",
            properties.power_draw_kva.as_ref().map(|v| v.as_str()),
        ),
        (
            "PowerPhase",
            properties.power_phase.as_ref().map(|v| v.as_str()),
        ),
        (
            "PowerConnector",
            properties.power_connector.as_ref().map(|v| v.as_str()),
        ),
        (
            "PowerFeedDrop",
            properties.power_feed_drop.as_ref().map(|v| v.as_str()),
        ),
        (
            "UplinkGbps",
            properties.uplink_gbps.as_ref().map(|v| v.as_str()),
        ),
        (
            "UplinkCount",
            properties.uplink_count.as_ref().map(|v| v.as_str()),
        ),
        (
            "FiberOpticCableType",
            properties
                .fiber_optic_cable_type
                .as_ref()
                .map(|v| v.as_str()),
        ),
        (
            "OpticalStandard",
            properties.optical_standard.as_ref().map(|v| v.as_str()),
        ),
        (
            "MaximumSupportedWeightLbs",
            properties
                .maximum_supported_weight_lbs
                .as_ref()
                .map(|v| v.as_str()),
        ),
    ];
    for (key, value) in pairs {
        insert(&mut object, key, value);
    }
    Value::Object(object)
}

fn site_json(ctx: &Ctx, site: &Site) -> Value {
    let mut object = Map::new();
    insert(&mut object, "SiteId", Some(site.site_id.as_str()));
    insert(&mut object, "AccountId", Some(ctx.account_id));
    insert(&mut object, "Name", Some(site.name.as_str()));
    insert(&mut object, "Description", site.description.as_deref());
    object.insert("Tags".to_owned(), tags_json(&site.tags));
    insert(&mut object, "SiteArn", Some(site_arn(ctx, &site.site_id)));
    insert(&mut object, "Notes", site.notes.as_deref());
    insert(
        &mut object,
        "OperatingAddressCountryCode",
        site.operating_address_country_code.as_deref(),
    );
    insert(
        &mut object,
        "OperatingAddressStateOrRegion",
        site.operating_address_state_or_region.as_deref(),
    );
    insert(
        &mut object,
        "OperatingAddressCity",
        site.operating_address_city.as_deref(),
    );
    insert(
        &mut object,
        "RackPhysicalProperties",
        site.rack_physical_properties.as_ref().map(physical_json),
    );
    Value::Object(object)
}

fn list_sites(ctx: &Ctx, params: &Params) -> Result<Value, ApiError> {
    let countries = params.all("OperatingAddressCountryCodeFilter");
    let states = params.all("OperatingAddressStateOrRegionFilter");
    let cities = params.all("OperatingAddressCityFilter");
    let sites: Vec<&Site> = ctx
        .data
        .estate
        .sites
        .iter()
        .filter(|site| {
            admits(
                &countries,
                site.operating_address_country_code.as_deref().unwrap_or(""),
            )
        })
        .filter(|site| {
            admits(
                &states,
                site.operating_address_state_or_region
                    .as_deref()
                    .unwrap_or(""),
            )
        })
        .filter(|site| {
            admits(
                &cities,
                site.operating_address_city.as_deref().unwrap_or(""),
            )
        })
        .collect();
    let (page, next) = page(ctx, params, "ListSites", sites)?;
    let items: Vec<Value> = page.into_iter().map(|site| site_json(ctx, site)).collect();
    Ok(with_next(json!({ "Sites": items }), next))
}

fn asset_json(asset: &Asset) -> Value {
    let mut object = Map::new();
    insert(&mut object, "AssetId", Some(asset.asset_id.as_str()));
    insert(&mut object, "RackId", Some(asset.rack_id.as_str()));
    insert(&mut object, "AssetType", Some(asset.asset_type.as_str()));
    if let Some(compute) = &asset.compute_attributes {
        let mut attributes = Map::new();
        insert(&mut attributes, "HostId", compute.host_id.as_deref());
        insert(
            &mut attributes,
            "State",
            compute.state.as_ref().map(|state| state.as_str()),
        );
        attributes.insert(
            "InstanceFamilies".to_owned(),
            json!(compute.instance_families),
        );
        let capacities: Vec<Value> = compute
            .instance_type_capacities
            .iter()
            .map(|capacity| json!({ "InstanceType": capacity.instance_type, "Count": capacity.count }))
            .collect();
        attributes.insert("InstanceTypeCapacities".to_owned(), json!(capacities));
        insert(&mut attributes, "MaxVcpus", compute.max_vcpus);
        object.insert("ComputeAttributes".to_owned(), Value::Object(attributes));
    }
    if let Some(elevation) = asset.rack_elevation {
        object.insert(
            "AssetLocation".to_owned(),
            json!({ "RackElevation": elevation }),
        );
    }
    Value::Object(object)
}

fn list_assets(ctx: &Ctx, params: &Params, outpost_id: &str) -> Result<Value, ApiError> {
    let outpost = find_outpost(ctx, outpost_id)?;
    let hosts = params.all("HostIdFilter");
    let statuses = params.all("StatusFilter");
    let types = params.all("AssetTypeFilter");
    let assets: Vec<&Asset> = ctx
        .data
        .estate
        .assets
        .iter()
        .filter(|asset| asset.outpost_id == outpost.outpost_id)
        .filter(|asset| admits(&types, asset.asset_type.as_str()))
        .filter(|asset| {
            let compute = asset.compute_attributes.as_ref();
            admits(
                &hosts,
                compute.and_then(|c| c.host_id.as_deref()).unwrap_or(""),
            ) && admits(
                &statuses,
                compute
                    .and_then(|c| c.state.as_ref())
                    .map_or("", |s| s.as_str()),
            )
        })
        .collect();
    let (page, next) = page(ctx, params, "ListAssets", assets)?;
    let items: Vec<Value> = page.into_iter().map(asset_json).collect();
    Ok(with_next(json!({ "Assets": items }), next))
}

fn outpost_instance_types(ctx: &Ctx, params: &Params, outpost_id: &str) -> Result<Value, ApiError> {
    let outpost = find_outpost(ctx, outpost_id)?;
    let mut types: Vec<String> = ctx
        .data
        .estate
        .assets
        .iter()
        .filter(|asset| asset.outpost_id == outpost.outpost_id)
        .filter_map(|asset| asset.compute_attributes.as_ref())
        .flat_map(|compute| {
            compute
                .instance_type_capacities
                .iter()
                .map(|c| c.instance_type.clone())
        })
        .collect();
    types.sort();
    types.dedup();
    let (page, next) = page(ctx, params, "GetOutpostInstanceTypes", types)?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|instance_type| {
            let vcpus = edge_atlas::catalog::hardware::vcpus_of(&instance_type) as u32;
            json!({ "InstanceType": instance_type, "VCPUs": vcpus })
        })
        .collect();
    Ok(with_next(
        json!({
            "InstanceTypes": items,
            "OutpostId": outpost.outpost_id,
            "OutpostArn": outpost.outpost_arn,
        }),
        next,
    ))
}

fn catalog_item_json(item: &CatalogItem) -> Value {
    let mut object = Map::new();
    insert(
        &mut object,
        "CatalogItemId",
        Some(item.catalog_item_id.as_str()),
    );
    insert(&mut object, "ItemStatus", Some(item.item_status.as_str()));
    let capacities: Vec<Value> = item
        .ec2_capacities
        .iter()
        .map(|c| json!({ "Family": c.family, "MaxSize": c.max_size, "Quantity": c.quantity }))
        .collect();
    object.insert("EC2Capacities".to_owned(), json!(capacities));
    object.insert("PowerKva".to_owned(), json!(item.power_kva));
    object.insert("WeightLbs".to_owned(), json!(item.weight_lbs));
    object.insert(
        "SupportedUplinkGbps".to_owned(),
        json!(item.supported_uplink_gbps),
    );
    let storage: Vec<&str> = item.supported_storage.iter().map(|s| s.as_str()).collect();
    object.insert("SupportedStorage".to_owned(), json!(storage));
    insert(
        &mut object,
        "RackScalingType",
        item.rack_scaling_type.as_ref().map(|v| v.as_str()),
    );
    Value::Object(object)
}

fn list_catalog_items(ctx: &Ctx, params: &Params) -> Result<Value, ApiError> {
    let classes = params.all("ItemClassFilter");
    let storage = params.all("SupportedStorageFilter");
    let families = params.all("EC2FamilyFilter");
    let items: Vec<&CatalogItem> = ctx
        .data
        .estate
        .catalog_items
        .iter()
        .filter(|_| admits(&classes, "RACK"))
        .filter(|item| {
            storage.is_empty()
                || item
                    .supported_storage
                    .iter()
                    .any(|s| storage.iter().any(|w| w == s.as_str()))
        })
        .filter(|item| {
            families.is_empty()
                || item
                    .ec2_capacities
                    .iter()
                    .any(|c| families.contains(&c.family))
        })
        .collect();
    let (page, next) = page(ctx, params, "ListCatalogItems", items)?;
    let values: Vec<Value> = page.into_iter().map(catalog_item_json).collect();
    Ok(with_next(json!({ "CatalogItems": values }), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_the_model_shape_and_are_checked() {
        let token = make_token("ListAssets", 50);
        assert!(token.starts_with("50##"));
        assert_eq!(parse_token("ListAssets", &token).ok(), Some(50));
        assert!(parse_token("ListSites", &token).is_err());
        assert!(parse_token("ListAssets", "50##deadbeef").is_err());
    }
}
