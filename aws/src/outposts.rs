//! Outposts API calls of one Region (REST/JSON) and their output as model entities: sites,
//! Outposts, their assets and what runs on each host, capacity tasks, catalog items and the
//! instance types each Outpost has capacity for.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_outposts::Client;
use edge_atlas::model::{
    Asset, AssetInstance, CapacityTask, CatalogItem, ComputeAttributes, Ec2Capacity,
    InstanceTypeCapacity, Outpost, RackPhysicalProperties, Site,
};

use crate::ec2::all_pages;
use crate::failure::CallFailure;
use crate::region::RegionContext;

/// The rate limiters' name for this service.
const SERVICE: &str = "outposts";

fn tags(tags: Option<HashMap<String, String>>) -> BTreeMap<String, String> {
    tags.unwrap_or_default().into_iter().collect()
}

fn text(value: Option<String>) -> String {
    value.unwrap_or_default()
}

/// A float AWS sends as 32-bit, kept to the precision it was written with (`9.1`, not
/// `9.100000381`).
fn widen(value: f32) -> f64 {
    (f64::from(value) * 1000.0).round() / 1000.0
}

/// ListOutposts.
pub async fn outposts(ctx: &RegionContext, client: &Client) -> Result<Vec<Outpost>, CallFailure> {
    let request = client.list_outposts().max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, outposts)?;
    Ok(items
        .into_iter()
        .map(|outpost| Outpost {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            outpost_id: text(outpost.outpost_id),
            outpost_arn: text(outpost.outpost_arn),
            site_id: text(outpost.site_id),
            name: text(outpost.name),
            description: outpost.description,
            life_cycle_status: text(outpost.life_cycle_status),
            availability_zone: text(outpost.availability_zone),
            availability_zone_id: text(outpost.availability_zone_id),
            supported_hardware_type: outpost
                .supported_hardware_type
                .map_or_else(String::new, |kind| kind.as_str().to_owned())
                .into(),
            generation: outpost.generation.map(|value| value.as_str().into()),
            rack_scaling_type: outpost.rack_scaling_type.map(|value| value.as_str().into()),
            tags: tags(outpost.tags),
            owner_id: outpost.owner_id,
            shared_with: Vec::new(),
        })
        .collect())
}

fn site(ctx: &RegionContext, site: aws_sdk_outposts::types::Site) -> Site {
    Site {
        account_id: ctx.account_id.clone(),
        region: ctx.region.clone(),
        site_id: text(site.site_id),
        site_arn: site.site_arn,
        name: text(site.name),
        description: site.description,
        notes: site.notes,
        operating_address_city: site.operating_address_city,
        operating_address_state_or_region: site.operating_address_state_or_region,
        operating_address_country_code: site.operating_address_country_code,
        rack_physical_properties: site
            .rack_physical_properties
            .map(|p| RackPhysicalProperties {
                power_draw_kva: p.power_draw_kva.map(|v| v.as_str().into()),
                power_phase: p.power_phase.map(|v| v.as_str().into()),
                power_connector: p.power_connector.map(|v| v.as_str().into()),
                power_feed_drop: p.power_feed_drop.map(|v| v.as_str().into()),
                uplink_gbps: p.uplink_gbps.map(|v| v.as_str().into()),
                uplink_count: p.uplink_count.map(|v| v.as_str().into()),
                fiber_optic_cable_type: p.fiber_optic_cable_type.map(|v| v.as_str().into()),
                optical_standard: p.optical_standard.map(|v| v.as_str().into()),
                maximum_supported_weight_lbs: p
                    .maximum_supported_weight_lbs
                    .map(|v| v.as_str().into()),
            }),
        tags: tags(site.tags),
    }
}

/// ListSites.
pub async fn sites(ctx: &RegionContext, client: &Client) -> Result<Vec<Site>, CallFailure> {
    let request = client.list_sites().max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, sites)?;
    Ok(items.into_iter().map(|item| site(ctx, item)).collect())
}

/// GetSite: the site's full record.
pub async fn get_site(
    ctx: &RegionContext,
    client: &Client,
    site_id: &str,
) -> Result<Option<Site>, CallFailure> {
    let output = ctx
        .page(SERVICE, || client.get_site().site_id(site_id).send())
        .await?;
    Ok(output.site.map(|item| site(ctx, item)))
}

/// ListAssets of one Outpost: hosts, switches and power shelves with their racks.
pub async fn assets(
    ctx: &RegionContext,
    client: &Client,
    outpost_id: &str,
) -> Result<Vec<Asset>, CallFailure> {
    let request = client
        .list_assets()
        .outpost_identifier(outpost_id)
        .max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, assets)?;
    Ok(items
        .into_iter()
        .map(|asset| Asset {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            outpost_id: outpost_id.to_owned(),
            asset_id: text(asset.asset_id),
            rack_id: text(asset.rack_id),
            asset_type: asset
                .asset_type
                .map_or_else(String::new, |kind| kind.as_str().to_owned())
                .into(),
            compute_attributes: asset.compute_attributes.map(|compute| ComputeAttributes {
                host_id: compute.host_id,
                state: compute.state.map(|state| state.as_str().into()),
                instance_families: compute.instance_families.unwrap_or_default(),
                instance_type_capacities: compute
                    .instance_type_capacities
                    .unwrap_or_default()
                    .into_iter()
                    .map(|capacity| InstanceTypeCapacity {
                        instance_type: capacity.instance_type,
                        count: u32::try_from(capacity.count).unwrap_or(0),
                    })
                    .collect(),
                max_vcpus: compute
                    .max_vcpus
                    .and_then(|vcpus| u32::try_from(vcpus).ok()),
            }),
            rack_elevation: asset
                .asset_location
                .and_then(|location| location.rack_elevation)
                .map(widen),
        })
        .collect())
}

/// ListAssetInstances of one Outpost: which host each instance (customer or service) runs on.
pub async fn asset_instances(
    ctx: &RegionContext,
    client: &Client,
    outpost_id: &str,
) -> Result<Vec<AssetInstance>, CallFailure> {
    let request = client
        .list_asset_instances()
        .outpost_identifier(outpost_id)
        .max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, asset_instances)?;
    Ok(items
        .into_iter()
        .map(|item| AssetInstance {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            outpost_id: outpost_id.to_owned(),
            instance_id: text(item.instance_id),
            instance_type: text(item.instance_type),
            asset_id: text(item.asset_id),
            instance_account_id: item.account_id,
            aws_service_name: item.aws_service_name.map(|name| name.as_str().into()),
        })
        .collect())
}

/// An AWS timestamp as RFC 3339.
fn date(value: Option<aws_sdk_outposts::primitives::DateTime>) -> Option<String> {
    value.and_then(|time| {
        time.fmt(aws_sdk_outposts::primitives::DateTimeFormat::DateTime)
            .ok()
    })
}

/// ListCapacityTasks: every capacity task of the Region's Outposts, without their pools (the
/// list does not carry them; [`capacity_task`] adds them).
pub async fn capacity_tasks(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<CapacityTask>, CallFailure> {
    let request = client
        .list_capacity_tasks()
        .max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, capacity_tasks)?;
    Ok(items
        .into_iter()
        .map(|task| CapacityTask {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            outpost_id: text(task.outpost_id),
            capacity_task_id: text(task.capacity_task_id),
            order_id: task.order_id,
            asset_id: task.asset_id,
            capacity_task_status: task
                .capacity_task_status
                .map_or_else(String::new, |status| status.as_str().to_owned())
                .into(),
            requested_instance_pools: Vec::new(),
            dry_run: false,
            failure_reason: None,
            creation_date: date(task.creation_date),
            completion_date: date(task.completion_date),
            last_modified_date: date(task.last_modified_date),
        })
        .collect())
}

/// GetCapacityTask: one listed task completed with its requested pools, dry-run flag and
/// failure reason (an empty list when AWS returns nothing).
pub async fn capacity_task(
    ctx: &RegionContext,
    client: &Client,
    listed: &CapacityTask,
) -> Result<Vec<CapacityTask>, CallFailure> {
    let output = ctx
        .page(SERVICE, || {
            client
                .get_capacity_task()
                .outpost_identifier(&listed.outpost_id)
                .capacity_task_id(&listed.capacity_task_id)
                .send()
        })
        .await?;
    let mut task = listed.clone();
    task.requested_instance_pools = output
        .requested_instance_pools
        .unwrap_or_default()
        .into_iter()
        .map(|pool| InstanceTypeCapacity {
            instance_type: pool.instance_type,
            count: u32::try_from(pool.count).unwrap_or(0),
        })
        .collect();
    task.dry_run = output.dry_run;
    task.failure_reason = output.failed.map(|failure| failure.reason);
    if let Some(status) = output.capacity_task_status {
        task.capacity_task_status = status.as_str().into();
    }
    task.order_id = output.order_id.or(task.order_id);
    task.asset_id = output.asset_id.or(task.asset_id);
    task.completion_date = date(output.completion_date).or(task.completion_date);
    task.last_modified_date = date(output.last_modified_date).or(task.last_modified_date);
    Ok(vec![task])
}

/// ListCatalogItems: the rack configurations orderable in this Region.
pub async fn catalog_items(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<CatalogItem>, CallFailure> {
    let request = client
        .list_catalog_items()
        .max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, catalog_items)?;
    Ok(items
        .into_iter()
        .map(|item| CatalogItem {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            catalog_item_id: text(item.catalog_item_id),
            item_status: item
                .item_status
                .map_or_else(String::new, |status| status.as_str().to_owned())
                .into(),
            ec2_capacities: item
                .ec2_capacities
                .unwrap_or_default()
                .into_iter()
                .map(|capacity| Ec2Capacity {
                    family: text(capacity.family),
                    max_size: text(capacity.max_size),
                    quantity: text(capacity.quantity),
                })
                .collect(),
            power_kva: item.power_kva.map(widen).unwrap_or(0.0),
            weight_lbs: item
                .weight_lbs
                .and_then(|weight| u32::try_from(weight).ok())
                .unwrap_or(0),
            supported_uplink_gbps: item
                .supported_uplink_gbps
                .unwrap_or_default()
                .into_iter()
                .filter_map(|gbps| u32::try_from(gbps).ok())
                .collect(),
            supported_storage: item
                .supported_storage
                .unwrap_or_default()
                .into_iter()
                .map(|storage| storage.as_str().into())
                .collect(),
            rack_scaling_type: item.rack_scaling_type.map(|value| value.as_str().into()),
        })
        .collect())
}

/// GetOutpostInstanceTypes: the instance types an Outpost has capacity for.
pub async fn instance_types(
    ctx: &RegionContext,
    client: &Client,
    outpost_id: &str,
) -> Result<Vec<String>, CallFailure> {
    let request = client
        .get_outpost_instance_types()
        .outpost_id(outpost_id)
        .max_results(ctx.page_size.min(1000));
    let items = all_pages!(ctx, SERVICE, request, instance_types)?;
    Ok(items
        .into_iter()
        .filter_map(|item| item.instance_type)
        .collect())
}
