//! The demo's Regions (every commercial Region, with realistic opt-in status) and the zones
//! of the Regions it uses (their AZs and every Local and Wavelength Zone the catalog lists).

use super::{Builder, DEMO_ACCOUNT_ID};
use crate::catalog::LocationCatalog;
use crate::model::{OptInStatus, Region, Zone, ZoneState, ZoneType};

/// Regions the demo uses, with their Availability Zone letters.
pub(super) const REGIONS_IN_USE: &[(&str, &[char])] = &[
    ("us-east-1", &['a', 'b', 'c', 'd', 'e', 'f']),
    ("us-east-2", &['a', 'b', 'c']),
    ("us-west-2", &['a', 'b', 'c', 'd']),
    ("eu-central-1", &['a', 'b', 'c']),
    ("ap-northeast-1", &['a', 'c', 'd']),
];

/// Regions that need opting in; the account has opted in to the first two.
const OPT_IN_REGIONS: &[&str] = &[
    "me-central-1",
    "il-central-1",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "me-south-1",
    "mx-central-1",
];

/// Local and Wavelength Zones the account has opted in to (and uses).
pub(super) const ZONES_IN_USE: &[&str] = &[
    "us-west-2-lax-1a",
    "us-east-1-mia-1a",
    "us-east-1-wl1-bos-wlz-1",
];

pub(super) fn add_regions_and_zones(builder: &mut Builder, catalog: &LocationCatalog) {
    for info in &catalog.regions {
        let opt_in_status = match OPT_IN_REGIONS.iter().position(|r| *r == info.region) {
            None => OptInStatus::NotRequired,
            Some(0 | 1) => OptInStatus::OptedIn,
            Some(_) => OptInStatus::NotOptedIn,
        };
        builder.estate.regions.push(Region {
            account_id: DEMO_ACCOUNT_ID.to_owned(),
            region_name: info.region.clone(),
            endpoint: Some(format!("ec2.{}.amazonaws.com", info.region)),
            opt_in_status,
        });
    }
    for (region, letters) in REGIONS_IN_USE {
        let short = region_short_code(region);
        let long_name = catalog
            .region(region)
            .map_or_else(|| (*region).to_owned(), |r| r.name.clone());
        for (index, letter) in letters.iter().enumerate() {
            builder.estate.zones.push(Zone {
                account_id: DEMO_ACCOUNT_ID.to_owned(),
                region_name: (*region).to_owned(),
                zone_name: format!("{region}{letter}"),
                zone_id: format!("{short}-az{}", index + 1),
                zone_type: ZoneType::AvailabilityZone,
                parent_zone_name: None,
                parent_zone_id: None,
                network_border_group: (*region).to_owned(),
                group_name: format!("{region}-zg-1"),
                group_long_name: Some(long_name.clone()),
                opt_in_status: OptInStatus::NotRequired,
                state: ZoneState::Available,
            });
        }
        for (index, info) in catalog
            .zones
            .iter()
            .filter(|z| z.parent_region == *region)
            .enumerate()
        {
            let parent_letter = letters[index % letters.len()];
            let parent_position = index % letters.len() + 1;
            let suffix = info
                .zone_name
                .trim_start_matches(region)
                .trim_start_matches('-');
            let metro_city = info
                .metro
                .split(',')
                .next()
                .unwrap_or(&info.metro)
                .trim()
                .to_owned();
            let (zone_id, group_long_name) = match info.zone_type {
                ZoneType::WavelengthZone => (
                    format!("{short}-{}", suffix.replace("-wlz-", "-wlz")),
                    format!(
                        "{} ({}) Wavelength - {metro_city}",
                        long_name,
                        info.carrier.as_deref().unwrap_or("carrier")
                    ),
                ),
                _ => {
                    // `lax-1a` -> `lax1-az1`, `las-1b` -> `las1-az2`.
                    let (body, letter) = suffix.split_at(suffix.len().saturating_sub(1));
                    let az = letter
                        .chars()
                        .next()
                        .map_or(1, |c| (c as u32).saturating_sub('a' as u32) + 1);
                    (
                        format!("{short}-{}-az{az}", body.replace('-', "")),
                        format!("{long_name} ({metro_city}) Local Zone"),
                    )
                }
            };
            let opted_in = ZONES_IN_USE.contains(&info.zone_name.as_str());
            builder.estate.zones.push(Zone {
                account_id: DEMO_ACCOUNT_ID.to_owned(),
                region_name: (*region).to_owned(),
                zone_name: info.zone_name.clone(),
                zone_id,
                zone_type: info.zone_type.clone(),
                parent_zone_name: Some(format!("{region}{parent_letter}")),
                parent_zone_id: Some(format!("{short}-az{parent_position}")),
                network_border_group: info.network_border_group.clone(),
                group_name: info.network_border_group.clone(),
                group_long_name: Some(group_long_name),
                opt_in_status: if opted_in {
                    OptInStatus::OptedIn
                } else {
                    OptInStatus::NotOptedIn
                },
                state: ZoneState::Available,
            });
        }
    }
}

/// AWS's short Region code used in zone ids: `us-east-1` -> `use1`, `ap-northeast-1` -> `apne1`.
pub(super) fn region_short_code(region: &str) -> String {
    let mut parts = region.split('-');
    let area = parts.next().unwrap_or_default();
    let direction = parts.next().unwrap_or_default();
    let number = parts.next().unwrap_or_default();
    let direction = match direction {
        "northeast" => "ne",
        "northwest" => "nw",
        "southeast" => "se",
        "southwest" => "sw",
        other => other.get(..1).unwrap_or_default(),
    };
    format!("{area}{direction}{number}")
}

#[cfg(test)]
mod tests {
    use super::region_short_code;

    #[test]
    fn short_codes_match_aws_zone_ids() {
        assert_eq!(region_short_code("us-east-1"), "use1");
        assert_eq!(region_short_code("us-west-2"), "usw2");
        assert_eq!(region_short_code("ap-northeast-1"), "apne1");
        assert_eq!(region_short_code("eu-central-1"), "euc1");
    }
}
