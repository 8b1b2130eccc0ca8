//! Where things can run: DescribeRegions, DescribeAvailabilityZones (AZs, Local Zones and
//! Wavelength Zones) and DescribeInstanceTypeOfferings.

use edge_atlas::model::{OptInStatus, Region, Zone, ZoneType};

use super::{Ctx, Listing, Served, describe, describe_into, maybe, one};
use crate::errors::ApiError;
use crate::fixture::Offering;
use crate::params::Params;
use crate::xml::Xml;

/// Answers the location calls; `None` when `action` is not one of them.
pub(super) fn answer(
    action: &str,
    params: &Params,
    ctx: &Ctx,
    xml: &mut Xml,
) -> Option<Result<(), ApiError>> {
    Some(match action {
        "DescribeRegions" => describe_regions(params, ctx, xml),
        "DescribeAvailabilityZones" => describe_zones(params, ctx, xml),
        "DescribeInstanceTypeOfferings" => describe_offerings(params, ctx, xml),
        _ => return None,
    })
}

fn describe_regions(params: &Params, ctx: &Ctx, xml: &mut Xml) -> Result<(), ApiError> {
    let all = params.boolean("AllRegions")?;
    let regions = ctx
        .state
        .fixture
        .all_regions
        .iter()
        .filter(|region| all || region.opt_in_status != OptInStatus::NotOptedIn);
    let listing = Listing {
        id_param: Some("RegionName"),
        not_found: "InvalidParameterValue",
        max_results: None,
    };
    describe_into(xml, ctx, params, &listing, "regionInfo", regions)
}

impl Served for &Region {
    const FILTERS: &'static [&'static str] = &["endpoint", "region-name", "opt-in-status"];

    fn id(&self) -> &str {
        &self.region_name
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "endpoint" => maybe(self.endpoint.as_deref()),
            "region-name" => one(&self.region_name),
            _ => one(self.opt_in_status.as_str()),
        }
    }

    fn write(&self, xml: &mut Xml, _ctx: &Ctx) {
        let endpoint = self
            .endpoint
            .clone()
            .unwrap_or_else(|| format!("ec2.{}.amazonaws.com", self.region_name));
        xml.text("regionName", &self.region_name)
            .text("regionEndpoint", &endpoint)
            .text("optInStatus", self.opt_in_status.as_str());
    }
}

fn describe_zones(params: &Params, ctx: &Ctx, xml: &mut Xml) -> Result<(), ApiError> {
    let all = params.boolean("AllAvailabilityZones")?;
    let zones: Vec<&Zone> = ctx
        .data
        .estate
        .zones
        .iter()
        .filter(|zone| {
            all || zone.zone_type == ZoneType::AvailabilityZone
                || zone.opt_in_status != OptInStatus::NotOptedIn
        })
        .collect();
    // ZoneName.N and ZoneId.N both narrow the list; an unknown one is InvalidParameterValue.
    let names = params.list("ZoneName");
    let zone_ids = params.list("ZoneId");
    for wanted in names.iter().chain(&zone_ids) {
        if !zones
            .iter()
            .any(|zone| &zone.zone_name == wanted || &zone.zone_id == wanted)
        {
            return Err(ApiError::invalid_parameter(format!(
                "The zone '{wanted}' does not exist in the current region."
            )));
        }
    }
    let named = zones.into_iter().filter(|zone| {
        (names.is_empty() && zone_ids.is_empty())
            || names.contains(&zone.zone_name)
            || zone_ids.contains(&zone.zone_id)
    });
    let listing = Listing {
        id_param: None,
        not_found: "InvalidParameterValue",
        max_results: None,
    };
    describe_into(xml, ctx, params, &listing, "availabilityZoneInfo", named)
}

impl Served for &Zone {
    const FILTERS: &'static [&'static str] = &[
        "group-long-name",
        "group-name",
        "message",
        "opt-in-status",
        "parent-zone-id",
        "parent-zone-name",
        "region-name",
        "state",
        "zone-id",
        "zone-name",
        "zone-type",
        "network-border-group",
    ];

    fn id(&self) -> &str {
        &self.zone_name
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "group-long-name" => maybe(self.group_long_name.as_deref()),
            "group-name" => one(&self.group_name),
            "opt-in-status" => one(self.opt_in_status.as_str()),
            "parent-zone-id" => maybe(self.parent_zone_id.as_deref()),
            "parent-zone-name" => maybe(self.parent_zone_name.as_deref()),
            "region-name" => one(&self.region_name),
            "state" => one(self.state.as_str()),
            "zone-id" => one(&self.zone_id),
            "zone-name" => one(&self.zone_name),
            "zone-type" => one(self.zone_type.as_str()),
            "network-border-group" => one(&self.network_border_group),
            _ => Vec::new(),
        }
    }

    fn write(&self, xml: &mut Xml, _ctx: &Ctx) {
        xml.text("optInStatus", self.opt_in_status.as_str());
        xml.list("messageSet", std::iter::empty::<()>(), |_, ()| {});
        xml.text("regionName", &self.region_name)
            .text("zoneName", &self.zone_name)
            .text("zoneId", &self.zone_id)
            .text("groupName", &self.group_name)
            .text("networkBorderGroup", &self.network_border_group)
            .text("zoneType", self.zone_type.as_str())
            .opt_text("parentZoneName", self.parent_zone_name.as_deref())
            .opt_text("parentZoneId", self.parent_zone_id.as_deref())
            .opt_text("groupLongName", self.group_long_name.as_deref())
            .text("zoneState", self.state.as_str());
    }
}

fn describe_offerings(params: &Params, ctx: &Ctx, xml: &mut Xml) -> Result<(), ApiError> {
    let location_type = params.get("LocationType").unwrap_or("region");
    if ![
        "region",
        "availability-zone",
        "availability-zone-id",
        "outpost",
    ]
    .contains(&location_type)
    {
        return Err(ApiError::invalid_parameter(format!(
            "The location type '{location_type}' is not valid. Valid values: region, availability-zone, availability-zone-id, outpost."
        )));
    }
    let offerings = ctx
        .data
        .offerings
        .iter()
        .filter(|offering| offering.location_type == location_type)
        .filter(|offering| location_type != "region" || offering.location == ctx.region);
    let listing = Listing {
        id_param: None,
        not_found: "InvalidParameterValue",
        max_results: Some((5, 1000)),
    };
    let (page, next) = describe(ctx, params, &listing, offerings)?;
    super::write_set(xml, ctx, "instanceTypeOfferingSet", &page, next);
    Ok(())
}

impl Served for &Offering {
    const FILTERS: &'static [&'static str] = &["instance-type", "location"];

    fn id(&self) -> &str {
        &self.instance_type
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "instance-type" => one(&self.instance_type),
            _ => one(&self.location),
        }
    }

    fn write(&self, xml: &mut Xml, _ctx: &Ctx) {
        xml.text("instanceType", &self.instance_type)
            .text("locationType", self.location_type)
            .text("location", &self.location);
    }
}
