//! What the sync and fleet benches share: the environment they run the SDK in, and the
//! critical path of a sync (the longest chain of requests that must follow one another, which
//! no sync can beat however concurrent).

use edge_atlas::model::ZoneType;
use edge_atlas_emulator::fixture::RegionData;

/// Fixed keys for the emulator, no instance metadata, no user config files: the SDK's
/// environment for a bench. Call before any thread starts.
pub fn use_bench_credentials() {
    // SAFETY: the benches call this first thing in `main`, before any other thread exists.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "AKIDEDGEATLASBENCH");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/config");
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
        std::env::set_var("AWS_REGION", "us-east-1");
    }
}

/// The page size the benches' emulators serve.
pub const PAGE: usize = 25;

/// Requests to list `count` items in pages of [`PAGE`].
pub fn pages(count: usize) -> usize {
    count.div_ceil(PAGE).max(1)
}

/// The longest chain of dependent requests of one Region, as the sync orders them; without
/// `config_kinds`, as a sync through AWS Config reads an edge Region (no instances, AMIs,
/// VPCs, subnets or carrier gateways).
pub fn region_chain(data: &RegionData, has_outposts: bool, config_kinds: bool) -> usize {
    let estate = &data.estate;
    let edge_zones: Vec<&str> = estate
        .zones
        .iter()
        .filter(|zone| zone.zone_type != ZoneType::AvailabilityZone)
        .map(|zone| zone.zone_name.as_str())
        .collect();
    let edge_offerings = data
        .offerings
        .iter()
        .filter(|o| {
            o.location_type == "availability-zone" && edge_zones.contains(&o.location.as_str())
        })
        .count();
    let zones = 1 + if edge_zones.is_empty() {
        0
    } else {
        pages(edge_offerings)
    };
    let images = data.images.len();
    let instances = if config_kinds {
        pages(estate.instances.len()) + if images > 0 { pages(images) } else { 0 }
    } else {
        0
    };
    let associations: usize = estate
        .route_tables
        .iter()
        .map(|t| t.vpc_associations.len())
        .sum();
    let group_associations: usize = estate
        .route_tables
        .iter()
        .map(|t| t.virtual_interface_group_associations.len())
        .sum();
    let lists = [
        estate.local_gateways.len(),
        estate.vifs.len(),
        estate.vif_groups.len(),
        estate.route_tables.len(),
        associations,
        group_associations,
        estate.coip_pools.len(),
        if config_kinds {
            estate.carrier_gateways.len()
        } else {
            0
        },
        if config_kinds { estate.vpcs.len() } else { 0 },
        if config_kinds {
            estate.subnets.len()
        } else {
            0
        },
        estate.outpost_lags.len(),
        estate.service_link_vifs.len(),
    ]
    .into_iter()
    .map(pages)
    .max()
    .unwrap_or(1);
    let outposts = if has_outposts {
        let per_outpost = estate
            .outposts
            .iter()
            .map(|outpost| {
                let assets = estate
                    .assets
                    .iter()
                    .filter(|a| a.outpost_id == outpost.outpost_id)
                    .count();
                let types = data
                    .offerings
                    .iter()
                    .filter(|o| o.location_type == "outpost" && o.location == outpost.outpost_arn)
                    .count();
                pages(assets).max(pages(types))
            })
            .max()
            .unwrap_or(0);
        let outpost_offerings = data
            .offerings
            .iter()
            .filter(|o| o.location_type == "outpost")
            .count();
        let after_list = if estate.outposts.is_empty() {
            0
        } else {
            per_outpost.max(pages(outpost_offerings))
        };
        (pages(estate.outposts.len()) + after_list)
            .max(pages(estate.sites.len()) + usize::from(!estate.sites.is_empty()))
            .max(pages(estate.catalog_items.len()))
    } else {
        0
    };
    zones.max(instances).max(lists).max(outposts)
}
