//! The estate the emulator serves, split by Region as AWS answers, plus what AWS derives.
//!
//! A fixture is an [`Estate`] (the demo, a generated estate of any scale, or an exported snapshot
//! file): only its AWS-observable part, never the site overlay. Each entity is answered only
//! in its own Region, as each EC2 and Outposts endpoint does; DescribeRegions answers every
//! Region everywhere. What AWS would also show but the estate model does not keep (VPC route
//! tables, AMIs, instance type offerings) is derived here, deterministically, from the estate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use edge_atlas::model::{Estate, Region, ZoneType};
use edge_atlas::snapshot_file::SnapshotFile;

/// Where a fixture comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixtureSource {
    /// The embedded demo estate (Northwind Freight).
    Demo,
    /// The demo repeated `scale` times (`demo --scale N`).
    Scale(u32),
    /// An exported snapshot file (`edge-atlas export-snapshot`).
    File(PathBuf),
    /// An organisation of N + 2 accounts: the management account (the caller's, holding
    /// nothing), an infrastructure account owning the demo's Outposts and sharing them
    /// through AWS RAM, and N member accounts the demo's VPCs are spread over
    /// ([`crate::org_fixture`]).
    Org(u32),
}

impl std::str::FromStr for FixtureSource {
    type Err = String;

    /// `demo`, `scale:N` or `file:PATH`.
    fn from_str(text: &str) -> Result<Self, String> {
        if text == "demo" {
            return Ok(FixtureSource::Demo);
        }
        if let Some(scale) = text.strip_prefix("scale:") {
            return match scale.parse::<u32>() {
                Ok(scale) if scale >= 1 => Ok(FixtureSource::Scale(scale)),
                _ => Err(format!(
                    "`{text}`: the scale must be a whole number of at least 1"
                )),
            };
        }
        if let Some(path) = text.strip_prefix("file:") {
            return Ok(FixtureSource::File(PathBuf::from(path)));
        }
        if let Some(members) = text.strip_prefix("org:") {
            return match members.parse::<u32>() {
                Ok(members) if (1..=10_000).contains(&members) => Ok(FixtureSource::Org(members)),
                _ => Err(format!(
                    "`{text}`: the number of member accounts must be a whole number from 1 to 10000"
                )),
            };
        }
        Err(format!(
            "unknown fixture `{text}`: use `demo`, `scale:N`, `org:N` (an organisation of N member accounts) or `file:PATH` (an exported snapshot)"
        ))
    }
}

/// A VPC route table derived from the estate (the model does not keep them).
#[derive(Debug, Clone)]
pub struct VpcRouteTable {
    /// `rtb-…`, stable for the VPC.
    pub route_table_id: String,
    /// The VPC whose main route table this is.
    pub vpc_id: String,
    /// `rtbassoc-…` of the main association.
    pub main_association_id: String,
    /// The routes: destination CIDR and target (`local`, a local gateway or a carrier gateway).
    pub routes: Vec<VpcRoute>,
}

/// One route of a derived VPC route table.
#[derive(Debug, Clone)]
pub struct VpcRoute {
    /// Destination CIDR block.
    pub destination_cidr_block: String,
    /// Where the route points.
    pub target: RouteTarget,
}

/// The target of a derived route.
#[derive(Debug, Clone)]
pub enum RouteTarget {
    /// The VPC's own CIDR (`gatewayId` `local`).
    Local,
    /// A local gateway of an Outpost.
    LocalGateway(String),
    /// A Wavelength carrier gateway.
    CarrierGateway(String),
}

/// An AMI derived from the instances that use it.
#[derive(Debug, Clone)]
pub struct Image {
    /// `ami-…`.
    pub image_id: String,
    /// The instances' image name, or a readable one built from the platform and architecture.
    pub name: String,
    /// `x86_64` or `arm64`.
    pub architecture: String,
    /// e.g. `Linux/UNIX`.
    pub platform_details: String,
    /// The owner's alias (`amazon` for Amazon's images), if any.
    pub owner_alias: Option<String>,
}

/// One row of DescribeInstanceTypeOfferings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Offering {
    /// `region`, `availability-zone`, `availability-zone-id` or `outpost`.
    pub location_type: &'static str,
    /// The Region code, zone name, zone id or Outpost ARN.
    pub location: String,
    /// e.g. `m5.xlarge`.
    pub instance_type: String,
}

/// Everything one Region's endpoints answer.
#[derive(Debug, Default)]
pub struct RegionData {
    /// The entities observed in this Region.
    pub estate: Estate,
    /// Derived VPC route tables.
    pub route_tables: Vec<VpcRouteTable>,
    /// Derived AMIs.
    pub images: Vec<Image>,
    /// Derived instance type offerings, sorted.
    pub offerings: Vec<Offering>,
}

/// The emulator's data: every account's Regions' answers.
#[derive(Debug)]
pub struct Fixture {
    /// The account of requests signed with long-term keys (STS GetCallerIdentity): the one
    /// account of a single-account fixture, the management account of an organisation.
    pub account_id: String,
    /// Every Region (DescribeRegions answers them all, from any Region).
    pub all_regions: Vec<Region>,
    accounts: BTreeMap<String, BTreeMap<String, RegionData>>,
    /// The organisation, for an `org:N` fixture.
    pub organization: Option<crate::org_fixture::Organization>,
    empty: RegionData,
}

/// Why a fixture could not be built.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    /// The embedded catalogs behind the demo failed to load.
    #[error("the demo estate could not be built: {0}")]
    Demo(String),
    /// The snapshot file was unreadable or invalid.
    #[error("{0}")]
    File(String),
}

/// Instance types every Region (and each of its Availability Zones) offers in the fixture.
const REGION_TYPES: &[&str] = &[
    "t3.medium",
    "t3.large",
    "t3.xlarge",
    "m5.large",
    "m5.xlarge",
    "m5.2xlarge",
    "c5.large",
    "c5.xlarge",
    "c5.2xlarge",
    "r5.large",
    "r5.xlarge",
    "r5.2xlarge",
    "m6i.large",
    "m6i.xlarge",
    "c6i.large",
    "r6i.large",
    "m6g.large",
    "m6g.xlarge",
    "c6g.large",
    "r6g.large",
    "m7g.large",
    "g4dn.xlarge",
    "g4dn.2xlarge",
];
/// Instance types a Local Zone offers in the fixture (families of the planner's Local Zone table).
const LOCAL_ZONE_TYPES: &[&str] = &[
    "t3.medium",
    "t3.xlarge",
    "c5.2xlarge",
    "c5.4xlarge",
    "m5.2xlarge",
    "m5.4xlarge",
    "r5.2xlarge",
    "g4dn.2xlarge",
];
/// Instance types a Wavelength Zone offers (AWS's published Wavelength list).
const WAVELENGTH_TYPES: &[&str] = &["t3.medium", "t3.xlarge", "r5.2xlarge", "g4dn.2xlarge"];

impl Fixture {
    /// Builds the fixture for `source`; `seed` perturbs a generated estate as `demo --seed` does.
    pub fn load(source: &FixtureSource, seed: u64) -> Result<Fixture, FixtureError> {
        if let FixtureSource::Org(members) = source {
            let generated = edge_atlas::demo::generate(1, seed)
                .map_err(|error| FixtureError::Demo(error.to_string()))?;
            let (organization, estates) =
                crate::org_fixture::spread(generated.estate, *members as usize);
            return Ok(Fixture::from_accounts(
                organization.management_account_id.clone(),
                estates,
                Some(organization),
            ));
        }
        let (estate, account_id) = match source {
            FixtureSource::Demo | FixtureSource::Scale(_) => {
                let scale = match source {
                    FixtureSource::Scale(scale) => *scale,
                    _ => 1,
                };
                let generated = edge_atlas::demo::generate(scale, seed)
                    .map_err(|error| FixtureError::Demo(error.to_string()))?;
                let account = generated
                    .meta
                    .account_id
                    .unwrap_or_else(|| edge_atlas::demo::DEMO_ACCOUNT_ID.to_owned());
                (generated.estate, account)
            }
            FixtureSource::File(path) => {
                let file = SnapshotFile::read(path)
                    .map_err(|error| FixtureError::File(error.to_string()))?;
                let account = file
                    .snapshot
                    .account_id
                    .clone()
                    .unwrap_or_else(|| edge_atlas::demo::DEMO_ACCOUNT_ID.to_owned());
                (file.estate, account)
            }
            FixtureSource::Org(_) => unreachable!("answered above"),
        };
        Ok(Fixture::from_estate(estate, account_id))
    }

    /// Splits an estate by Region and derives route tables, AMIs and offerings.
    pub fn from_estate(estate: Estate, account_id: String) -> Fixture {
        let estates = BTreeMap::from([(account_id.clone(), estate)]);
        Fixture::from_accounts(account_id, estates, None)
    }

    /// One estate per account, each split by Region (see [`Fixture::from_estate`]); every
    /// account lists the Regions of the first.
    pub fn from_accounts(
        account_id: String,
        estates: BTreeMap<String, Estate>,
        organization: Option<crate::org_fixture::Organization>,
    ) -> Fixture {
        let all_regions = estates
            .values()
            .map(|estate| estate.regions.clone())
            .find(|regions| !regions.is_empty())
            .unwrap_or_default();
        let accounts = estates
            .into_iter()
            .map(|(account, mut estate)| {
                // DescribeRegions answers every Region from anywhere; each Region's endpoints
                // answer for their own entities only.
                estate.regions.clear();
                let mut regions: BTreeMap<String, RegionData> = estate
                    .split_by_region()
                    .into_iter()
                    .map(|(region, estate)| {
                        let data = RegionData {
                            estate,
                            ..RegionData::default()
                        };
                        (region, data)
                    })
                    .collect();
                for data in regions.values_mut() {
                    data.route_tables = derive_route_tables(&data.estate);
                    data.images = derive_images(&data.estate);
                    data.offerings = derive_offerings(&data.estate);
                }
                (account, regions)
            })
            .collect();
        Fixture {
            account_id,
            all_regions,
            accounts,
            organization,
            empty: RegionData::default(),
        }
    }

    /// What `region`'s endpoints answer to `account` (nothing for a Region or an account the
    /// fixture does not have).
    pub fn region(&self, account: &str, region: &str) -> &RegionData {
        self.accounts
            .get(account)
            .and_then(|regions| regions.get(region))
            .unwrap_or(&self.empty)
    }

    /// Every account's Regions' answers, in account order.
    pub fn accounts(&self) -> impl Iterator<Item = (&String, &BTreeMap<String, RegionData>)> {
        self.accounts.iter()
    }

    /// Whether `account` is an account of the fixture.
    pub fn knows_account(&self, account: &str) -> bool {
        self.accounts.contains_key(account)
    }

    /// Whether `region` is a Region of the fixture (DescribeRegions lists it).
    pub fn knows_region(&self, region: &str) -> bool {
        self.all_regions
            .iter()
            .any(|known| known.region_name == region)
    }

    /// Number of entities served, over every Region (for the start-up line).
    pub fn entity_count(&self) -> usize {
        self.all_regions.len()
            + self
                .accounts
                .values()
                .flat_map(|regions| regions.values())
                .map(|data| {
                    let mut count = 0;
                    let _ = data.estate.visit_entities(|_| {
                        count += 1;
                        Ok::<(), ()>(())
                    });
                    count
                })
                .sum::<usize>()
    }
}

/// A stable 17-hex-digit suffix for derived ids.
fn derived_suffix(text: &str) -> String {
    format!(
        "{:017x}",
        edge_atlas::demo::ids::stable_hash(text) & 0x0fff_ffff_ffff_ffff
    )
}

fn derive_route_tables(estate: &Estate) -> Vec<VpcRouteTable> {
    estate
        .vpcs
        .iter()
        .map(|vpc| {
            let mut routes = vec![VpcRoute {
                destination_cidr_block: vpc.cidr_block.clone(),
                target: RouteTarget::Local,
            }];
            let local_gateway = estate.route_tables.iter().find(|table| {
                table
                    .vpc_associations
                    .iter()
                    .any(|association| association.vpc_id == vpc.vpc_id)
            });
            if let Some(table) = local_gateway {
                routes.push(VpcRoute {
                    destination_cidr_block: "0.0.0.0/0".to_owned(),
                    target: RouteTarget::LocalGateway(table.local_gateway_id.clone()),
                });
            } else if let Some(gateway) = estate
                .carrier_gateways
                .iter()
                .find(|gateway| gateway.vpc_id == vpc.vpc_id)
            {
                routes.push(VpcRoute {
                    destination_cidr_block: "0.0.0.0/0".to_owned(),
                    target: RouteTarget::CarrierGateway(gateway.carrier_gateway_id.clone()),
                });
            }
            VpcRouteTable {
                route_table_id: format!("rtb-{}", derived_suffix(&vpc.vpc_id)),
                vpc_id: vpc.vpc_id.clone(),
                main_association_id: format!(
                    "rtbassoc-{}",
                    derived_suffix(&format!("main {}", vpc.vpc_id))
                ),
                routes,
            }
        })
        .collect()
}

fn derive_images(estate: &Estate) -> Vec<Image> {
    let mut images: BTreeMap<&str, Image> = BTreeMap::new();
    for instance in &estate.instances {
        let Some(image_id) = instance.image_id.as_deref() else {
            continue;
        };
        images.entry(image_id).or_insert_with(|| {
            let architecture = instance
                .architecture
                .as_ref()
                .map_or("x86_64", |architecture| architecture.as_str())
                .to_owned();
            let platform_details = instance
                .platform_details
                .clone()
                .unwrap_or_else(|| "Linux/UNIX".to_owned());
            Image {
                image_id: image_id.to_owned(),
                name: instance.image_name.clone().unwrap_or_else(|| {
                    format!(
                        "northwind-{}-{architecture}",
                        platform_details.to_lowercase().replace(['/', ' '], "-")
                    )
                }),
                architecture,
                platform_details,
                owner_alias: instance.image_owner_alias.clone(),
            }
        });
    }
    images.into_values().collect()
}

fn derive_offerings(estate: &Estate) -> Vec<Offering> {
    let mut offerings: BTreeSet<Offering> = BTreeSet::new();
    let mut offer = |location_type: &'static str, location: &str, instance_type: String| {
        offerings.insert(Offering {
            location_type,
            location: location.to_owned(),
            instance_type,
        });
    };
    let owned = |types: &[&str]| -> Vec<String> { types.iter().map(|t| (*t).to_owned()).collect() };
    let region_types = owned(REGION_TYPES);
    if let Some(region) = estate.zones.first().map(|zone| zone.region_name.clone()) {
        for instance_type in &region_types {
            offer("region", &region, instance_type.clone());
        }
    }
    for zone in &estate.zones {
        let types = match zone.zone_type {
            ZoneType::LocalZone => owned(LOCAL_ZONE_TYPES),
            ZoneType::WavelengthZone => owned(WAVELENGTH_TYPES),
            _ => region_types.clone(),
        };
        let running_here = estate
            .instances
            .iter()
            .filter(|instance| {
                instance.availability_zone == zone.zone_name && instance.outpost_arn.is_none()
            })
            .map(|instance| instance.instance_type.clone());
        for instance_type in types.into_iter().chain(running_here) {
            offer("availability-zone", &zone.zone_name, instance_type.clone());
            offer("availability-zone-id", &zone.zone_id, instance_type.clone());
            offer("region", &zone.region_name, instance_type);
        }
    }
    // Offerings a synced estate recorded are served as they were observed.
    for recorded in &estate.instance_type_offerings {
        for instance_type in &recorded.instance_types {
            let location_type = if recorded.location_type == "outpost" {
                "outpost"
            } else {
                "availability-zone"
            };
            offer(location_type, &recorded.location, instance_type.clone());
        }
    }
    for outpost in &estate.outposts {
        let capacities = estate
            .assets
            .iter()
            .filter(|asset| asset.outpost_id == outpost.outpost_id)
            .filter_map(|asset| asset.compute_attributes.as_ref())
            .flat_map(|compute| compute.instance_type_capacities.iter());
        for capacity in capacities {
            offer(
                "outpost",
                &outpost.outpost_arn,
                capacity.instance_type.clone(),
            );
        }
    }
    offerings.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_splits_by_region_and_derives_what_aws_adds() {
        let fixture = Fixture::load(&FixtureSource::Demo, 0).expect("demo fixture");
        assert!(fixture.all_regions.len() > 20);
        let chicago = fixture.region(&fixture.account_id, "us-east-2");
        assert!(!chicago.estate.outposts.is_empty());
        assert!(
            chicago
                .estate
                .zones
                .iter()
                .all(|zone| zone.region_name == "us-east-2")
        );
        assert_eq!(chicago.route_tables.len(), chicago.estate.vpcs.len());
        assert!(
            chicago
                .offerings
                .iter()
                .any(|offer| offer.location_type == "outpost")
        );
        assert!(
            fixture
                .region(&fixture.account_id, "xx-nowhere-1")
                .estate
                .zones
                .is_empty()
        );
    }

    #[test]
    fn fixture_names_parse() {
        assert_eq!("demo".parse::<FixtureSource>(), Ok(FixtureSource::Demo));
        assert_eq!(
            "scale:10".parse::<FixtureSource>(),
            Ok(FixtureSource::Scale(10))
        );
        assert!("scale:0".parse::<FixtureSource>().is_err());
        assert!("prod".parse::<FixtureSource>().is_err());
    }
}
