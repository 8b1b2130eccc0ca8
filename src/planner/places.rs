//! The places a workload can be judged at, built once per plan context: every Region, Local
//! Zone and Wavelength Zone of the catalog merged with what the snapshot observed, and every
//! existing Outpost with its capacity, each described with the services and instance families
//! it offers.

use std::collections::{BTreeSet, HashMap};

use super::outposts::site_coordinates;
use super::placement::{OutpostFacts, Place, Trig, offered_list, service_mask};
use super::plan::CandidateKind;
use super::services::{Offered, ServiceTable, family_of};
use crate::catalog::hardware::vcpus_of;
use crate::catalog::{LocationCatalog, LocationKind, merge};
use crate::model::{AssetType, Estate, ZoneType};

/// A candidate place per Region, Local Zone and Wavelength Zone of the catalog merged with the
/// snapshot: coordinates, country, carrier, opt-in, services and instance families (the dated
/// table's, with a Local Zone's border-group extras; what a sync observed replaces them).
pub(super) fn location_places(
    catalog: &LocationCatalog,
    services: &ServiceTable,
    observed: &Estate,
) -> Vec<Place> {
    let mut places = Vec::new();
    for location in merge(catalog, observed) {
        let coordinates = location
            .lat
            .zip(location.lon)
            .map(|(lat, lon)| Trig::new(lat, lon));
        let (kind, offering) = match &location.kind {
            LocationKind::Region => (CandidateKind::Region, &services.region),
            LocationKind::Zone(ZoneType::LocalZone) => {
                (CandidateKind::LocalZone, &services.local_zone)
            }
            LocationKind::Zone(ZoneType::WavelengthZone) => {
                (CandidateKind::WavelengthZone, &services.wavelength_zone)
            }
            // Availability Zones are served by their Region's candidate; unknown zone types
            // cannot be judged.
            LocationKind::Zone(_) => continue,
        };
        let mut place = Place {
            kind,
            location: location.name.clone(),
            coordinates,
            country: location.country.clone(),
            region: location.region.clone(),
            carrier: location.carrier.clone(),
            retired: catalog
                .zone(&location.name)
                .is_some_and(|zone| zone.is_retired()),
            opt_in: location.opt_in_status.clone(),
            services: offered_list(&offering.services),
            all_services: matches!(&offering.services, Offered::All(w) if w == "all"),
            service_mask: 0,
            families: offering.instance_families.clone(),
            graviton: offering.graviton_families.clone(),
            graviton_note: None,
            outpost: None,
        };
        if kind == CandidateKind::LocalZone {
            let group = catalog
                .zone(&location.name)
                .map(|z| z.network_border_group.clone())
                .or_else(|| {
                    observed
                        .zones
                        .iter()
                        .find(|z| z.zone_name == location.name)
                        .map(|z| z.network_border_group.clone())
                });
            if let Some(group) = group {
                for extra in services.local_zone_extras(&group) {
                    place.services.extend(extra.services.iter().cloned());
                    if let Offered::Some(families) = &mut place.families {
                        families.extend(extra.instance_families.iter().cloned());
                    }
                    place
                        .graviton
                        .extend(extra.graviton_families.iter().cloned());
                }
            }
        }
        // What a sync observed (DescribeInstanceTypeOfferings for the zone) replaces the
        // dated table's instance families.
        if let Some(offered) = observed.instance_type_offerings.iter().find(|offering| {
            offering.location_type == "availability-zone" && offering.location == location.name
        }) {
            let families: BTreeSet<String> = offered
                .instance_types
                .iter()
                .map(|instance_type| family_of(instance_type).to_owned())
                .collect();
            place.families = Offered::Some(families.into_iter().collect());
        }
        places.push(place);
    }
    places
}

/// A candidate place per observed Outpost: its site's coordinates and country, its families,
/// free vCPUs (the compute assets' capacity less the instances running there) and rack count.
pub(super) fn outpost_places(
    catalog: &LocationCatalog,
    services: &ServiceTable,
    observed: &Estate,
) -> Vec<Place> {
    let mut places = Vec::new();
    let mut used_vcpus: HashMap<&str, f64> = HashMap::new();
    for instance in &observed.instances {
        if let Some(arn) = instance.outpost_arn.as_deref() {
            *used_vcpus.entry(arn).or_default() += vcpus_of(&instance.instance_type);
        }
    }
    for observations in crate::topology::derive::group_by_outpost(observed) {
        let outpost = observations.outpost;
        let site = observations.site;
        let located = site.and_then(|s| site_coordinates(s, catalog));
        let coordinates = located
            .or_else(|| catalog.region(&outpost.region).map(|r| (r.lat, r.lon)))
            .map(|(lat, lon)| Trig::new(lat, lon));
        let assets = &observations.assets;
        let capacity: f64 = assets
            .iter()
            .filter(|a| a.asset_type == AssetType::Compute)
            .filter_map(|a| a.compute_attributes.as_ref()?.max_vcpus)
            .map(f64::from)
            .sum();
        let used = used_vcpus
            .get(outpost.outpost_arn.as_str())
            .copied()
            .unwrap_or(0.0);
        let families: BTreeSet<String> = assets
            .iter()
            .filter_map(|a| a.compute_attributes.as_ref())
            .flat_map(|c| c.instance_families.iter().cloned())
            .collect();
        let racks: BTreeSet<&str> = assets.iter().map(|a| a.rack_id.as_str()).collect();
        places.push(Place {
            kind: CandidateKind::Outpost,
            location: outpost.outpost_id.clone(),
            coordinates,
            country: site.and_then(|s| s.operating_address_country_code.clone()),
            region: outpost.region.clone(),
            carrier: None,
            retired: false,
            opt_in: None,
            services: offered_list(&services.outpost.services),
            all_services: false,
            service_mask: 0,
            families: Offered::Some(families.into_iter().collect()),
            graviton: services.outpost.graviton_families.clone(),
            graviton_note: None,
            outpost: Some(OutpostFacts {
                site_id: outpost.site_id.clone(),
                location_unknown: located.is_none(),
                free_vcpus: (capacity - used).max(0.0),
                rack_count: racks.len() as u32,
            }),
        });
    }
    places
}

/// A place's service bits and, where it offers Graviton, the note saying so.
pub(super) fn describe(place: &mut Place, services: &ServiceTable) {
    place.service_mask = if place.all_services {
        u64::MAX
    } else {
        service_mask(services, &place.services)
    };
    let graviton = !place.graviton.is_empty()
        || place.kind == CandidateKind::Region && matches!(place.families, Offered::All(_));
    if graviton {
        place.graviton_note = Some(format!(
            "offers Graviton (arm64) families ({}): prefer them, AWS positions Graviton as its most power-efficient processor family",
            place.graviton.join(", ")
        ));
    }
}
