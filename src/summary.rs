//! An at-a-glance summary of an estate: counts per kind, each Outpost with its site, racks and
//! routing, and the edge zones in use. What the app's overview shows, computed here so it is
//! tested without a window.

use std::collections::BTreeSet;

/// A hash map for the summary's lookups by id and ARN: hashing an ARN once beats a tree's dozen
/// comparisons of long shared prefixes per instance (a million-entity fleet's summary is part of
/// its open).
type HashMap<K, V> = foldhash::HashMap<K, V>;

use serde::Serialize;

use crate::model::{EntityKind, Estate, LocalGatewayRouteTableMode, SiteOverlay, ZoneType};

/// One Outpost, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutpostSummary {
    /// The Outpost id.
    pub outpost_id: String,
    /// Its name.
    pub name: String,
    /// The site's name, when the site was observed.
    pub site_name: Option<String>,
    /// The site's city and country, when known.
    pub location: Option<String>,
    /// The home Region.
    pub region: String,
    /// The anchor Availability Zone.
    pub availability_zone: String,
    /// `GENERATION_1`, `GENERATION_2`, or empty when unknown.
    pub generation: String,
    /// Distinct rack ids among the Outpost's assets.
    pub rack_count: usize,
    /// Whether the overlay asserts an ACE rack (`None`: the overlay says nothing).
    pub ace_asserted: Option<bool>,
    /// LGW virtual interfaces on the Outpost's local gateways.
    pub vif_count: usize,
    /// The route tables' modes, e.g. `coip`.
    pub routing: Vec<String>,
    /// Instances running on the Outpost.
    pub instance_count: usize,
}

/// A Local or Wavelength Zone the estate uses (has subnets in).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeZoneUse {
    /// The zone name.
    pub zone_name: String,
    /// Local or Wavelength Zone.
    pub zone_type: ZoneType,
    /// Subnets in the zone.
    pub subnet_count: usize,
    /// Instances in the zone.
    pub instance_count: usize,
}

/// The whole summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EstateSummary {
    /// Entities per kind, in [`EntityKind::ALL`] order.
    pub counts: Vec<(EntityKind, usize)>,
    /// Every Outpost, by name.
    pub outposts: Vec<OutpostSummary>,
    /// Edge zones with subnets, by name.
    pub edge_zones: Vec<EdgeZoneUse>,
}

impl EstateSummary {
    /// Summarises `estate`, reading ACE presence from `overlay`.
    pub fn of(estate: &Estate, overlay: &SiteOverlay) -> EstateSummary {
        let counts = EntityKind::ALL
            .iter()
            .map(|kind| (*kind, estate.count(*kind)))
            .collect();
        // Group once by Outpost (and gateway), so this stays linear in the estate's size.
        let sites: HashMap<&str, &crate::model::Site> = estate
            .sites
            .iter()
            .map(|s| (s.site_id.as_str(), s))
            .collect();
        let mut racks: HashMap<&str, BTreeSet<&str>> = HashMap::default();
        for asset in &estate.assets {
            racks
                .entry(asset.outpost_id.as_str())
                .or_default()
                .insert(asset.rack_id.as_str());
        }
        let mut vifs_per_gateway: HashMap<&str, usize> = HashMap::default();
        for vif in &estate.vifs {
            *vifs_per_gateway
                .entry(vif.local_gateway_id.as_str())
                .or_default() += 1;
        }
        let mut vifs_per_outpost: HashMap<&str, usize> = HashMap::default();
        for gateway in &estate.local_gateways {
            *vifs_per_outpost
                .entry(gateway.outpost_arn.as_str())
                .or_default() += vifs_per_gateway
                .get(gateway.local_gateway_id.as_str())
                .copied()
                .unwrap_or(0);
        }
        let mut routing_per_outpost: HashMap<&str, Vec<String>> = HashMap::default();
        for table in &estate.route_tables {
            routing_per_outpost
                .entry(table.outpost_arn.as_str())
                .or_default()
                .push(match &table.mode {
                    LocalGatewayRouteTableMode::Coip => "CoIP".to_owned(),
                    LocalGatewayRouteTableMode::DirectVpcRouting => "direct VPC routing".to_owned(),
                    other => other.to_string(),
                });
        }
        let mut instances_per_outpost: HashMap<&str, usize> = HashMap::default();
        for instance in &estate.instances {
            if let Some(arn) = &instance.outpost_arn {
                *instances_per_outpost.entry(arn.as_str()).or_default() += 1;
            }
        }
        let mut outposts: Vec<OutpostSummary> = estate
            .outposts
            .iter()
            .map(|outpost| {
                let site = sites.get(outpost.site_id.as_str()).copied();
                let arn = outpost.outpost_arn.as_str();
                OutpostSummary {
                    outpost_id: outpost.outpost_id.clone(),
                    name: outpost.name.clone(),
                    site_name: site.map(|s| s.name.clone()),
                    location: site.and_then(|s| {
                        match (&s.operating_address_city, &s.operating_address_country_code) {
                            (Some(city), Some(country)) => Some(format!("{city}, {country}")),
                            (Some(city), None) => Some(city.clone()),
                            (None, country) => country.clone(),
                        }
                    }),
                    region: outpost.region.clone(),
                    availability_zone: outpost.availability_zone.clone(),
                    generation: outpost
                        .generation
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    rack_count: racks
                        .get(outpost.outpost_id.as_str())
                        .map_or(0, BTreeSet::len),
                    ace_asserted: overlay
                        .for_outpost(&outpost.outpost_id)
                        .map(|entry| entry.ace_rack.is_some()),
                    vif_count: vifs_per_outpost.get(arn).copied().unwrap_or(0),
                    routing: routing_per_outpost.get(arn).cloned().unwrap_or_default(),
                    instance_count: instances_per_outpost.get(arn).copied().unwrap_or(0),
                }
            })
            .collect();
        outposts.sort_by(|a, b| a.name.cmp(&b.name));

        let zone_types: HashMap<&str, &ZoneType> = estate
            .zones
            .iter()
            .filter(|z| z.zone_type != ZoneType::AvailabilityZone)
            .map(|z| (z.zone_name.as_str(), &z.zone_type))
            .collect();
        let mut edge: HashMap<&str, EdgeZoneUse> = HashMap::default();
        for subnet in &estate.subnets {
            if let Some(zone_type) = zone_types.get(subnet.availability_zone.as_str()) {
                edge.entry(subnet.availability_zone.as_str())
                    .or_insert_with(|| EdgeZoneUse {
                        zone_name: subnet.availability_zone.clone(),
                        zone_type: (*zone_type).clone(),
                        subnet_count: 0,
                        instance_count: 0,
                    })
                    .subnet_count += 1;
            }
        }
        for instance in &estate.instances {
            if let Some(entry) = edge.get_mut(instance.availability_zone.as_str()) {
                entry.instance_count += 1;
            }
        }
        let mut edge_zones: Vec<EdgeZoneUse> = edge.into_values().collect();
        edge_zones.sort_by(|a, b| a.zone_name.cmp(&b.zone_name));
        EstateSummary {
            counts,
            outposts,
            edge_zones,
        }
    }
}

/// How long ago an RFC 3339 time was, in words ("just now", "5 min ago", "3 h ago", "2 days
/// ago"); `None` if it does not parse.
pub fn age_text(rfc3339: &str) -> Option<String> {
    let then = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .ok()?;
    Some(age_words(time::OffsetDateTime::now_utc() - then))
}

/// An age in words, rounded down to its largest unit.
pub fn age_words(age: time::Duration) -> String {
    let seconds = age.whole_seconds();
    match seconds {
        s if s < 0 => "in the future (check the clock)".to_owned(),
        s if s < 60 => "just now".to_owned(),
        s if s < 3_600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3_600),
        s if s < 2 * 86_400 => "1 day ago".to_owned(),
        s => format!("{} days ago", s / 86_400),
    }
}

#[cfg(test)]
mod age_tests {
    use super::*;

    #[test]
    fn ages_read_as_words() {
        assert_eq!(age_words(time::Duration::seconds(5)), "just now");
        assert_eq!(age_words(time::Duration::minutes(59)), "59 min ago");
        assert_eq!(age_words(time::Duration::hours(3)), "3 h ago");
        assert_eq!(age_words(time::Duration::days(1)), "1 day ago");
        assert_eq!(age_words(time::Duration::days(40)), "40 days ago");
        assert!(age_words(time::Duration::seconds(-100)).contains("future"));
        assert_eq!(age_text("not a time"), None);
        assert!(age_text("2020-01-01T00:00:00Z").is_some_and(|t| t.ends_with("days ago")));
    }
}
