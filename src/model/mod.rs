//! The estate model: plain serde data, one type per AWS concept, identical whatever the source.
//!
//! A synced estate, the embedded demo and an imported file all become an [`Estate`], so nothing
//! downstream can tell them apart. Field names follow the AWS API in snake_case (`zone_name`,
//! `local_bgp_asn`), every entity keeps its account id and Region, and enums keep values they do
//! not know ([`enums`]). What no AWS API shows (customer devices, the ACE rack, ports) is not
//! here: it lives in the [`overlay`], beside the snapshots, never mixed into what was observed.
//!
//! The list of entity kinds is written once, in `estate_kinds!` below; the [`Estate`] struct,
//! [`EntityKind`] and the generic per-entity access the store and CLI use all come from it.

pub mod enums;
pub mod location;
pub mod network;
pub mod outposts;
pub mod overlay;
pub mod references;
pub mod snapshot;
pub mod vpc;

use serde::{Deserialize, Serialize};

pub use enums::*;
pub use location::{InstanceTypeOffering, Region, Zone};
pub use network::{
    CoipPool, LocalGateway, LocalGatewayRouteTable, LocalGatewayVirtualInterface,
    LocalGatewayVirtualInterfaceGroup, OutpostLag, RouteTableVifGroupAssociation,
    RouteTableVpcAssociation, ServiceLinkVirtualInterface,
};
pub use outposts::{
    Asset, AssetInstance, CapacityTask, CatalogItem, ComputeAttributes, Ec2Capacity,
    InstanceTypeCapacity, Outpost, RackPhysicalProperties, Site,
};
pub use overlay::{AceRack, AwsDevice, CustomerDevice, OutpostOverlay, PortChannel, SiteOverlay};
pub use snapshot::{SnapshotId, SnapshotInfo, SnapshotMeta, Warning};
pub use vpc::{CarrierGateway, Instance, Subnet, Vpc};

/// The model's source files, by name: every type an entity holds is declared in one of them.
const MODEL_SOURCES: &[(&str, &str)] = &[
    ("enums.rs", include_str!("enums.rs")),
    ("location.rs", include_str!("location.rs")),
    ("mod.rs", include_str!("mod.rs")),
    ("network.rs", include_str!("network.rs")),
    ("outposts.rs", include_str!("outposts.rs")),
    ("overlay.rs", include_str!("overlay.rs")),
    ("references.rs", include_str!("references.rs")),
    ("snapshot.rs", include_str!("snapshot.rs")),
    ("vpc.rs", include_str!("vpc.rs")),
];

/// A fingerprint (64-bit FNV-1a) of the model's source: any edit to a stored type, or to
/// anything else in `src/model`, changes it. The store's binary entity encoding names no fields,
/// so it is read only by a build whose fingerprint it was written with; any other build reads
/// the JSON instead.
pub const MODEL_FINGERPRINT: u64 = {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut file = 0;
    while file < MODEL_SOURCES.len() {
        let (name, text) = MODEL_SOURCES[file];
        let mut part = 0;
        while part < 2 {
            let bytes = if part == 0 {
                name.as_bytes()
            } else {
                text.as_bytes()
            };
            let mut at = 0;
            while at < bytes.len() {
                hash ^= bytes[at] as u64;
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
                at += 1;
            }
            part += 1;
        }
        file += 1;
    }
    hash
};

/// One AWS-observable entity type of the estate.
pub trait Entity: Serialize + for<'de> Deserialize<'de> {
    /// The kind this type is stored and listed under.
    const KIND: EntityKind;
    /// The entity's AWS id, unique within its kind in one snapshot.
    fn id(&self) -> &str;
    /// The Region the entity was observed in.
    fn region(&self) -> &str;
    /// The account the entity was read in (for a resource shared through AWS RAM and seen from
    /// several accounts, its owner's when the owner was read).
    fn account_id(&self) -> &str;
    /// The account id, to change (the emulator spreads one estate over an organisation).
    fn account_id_mut(&mut self) -> &mut String;
}

macro_rules! estate_kinds {
    ($($(#[$doc:meta])* $variant:ident, $field:ident: $ty:ty, $name:literal, id = $id:ident, region = $region:ident;)+) => {
        /// The kinds of entity an [`Estate`] holds; `as_str` gives the CLI's kind name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum EntityKind {
            $($(#[$doc])* $variant,)+
        }

        impl EntityKind {
            /// Every kind, in the order the estate lists them (containers before contents).
            pub const ALL: &'static [EntityKind] = &[$(EntityKind::$variant),+];

            /// The [`Estate`] field that holds this kind, e.g. `vif_groups` (for paths in messages).
            pub fn field_name(self) -> &'static str {
                match self {
                    $(EntityKind::$variant => stringify!($field),)+
                }
            }

            /// The field holding an entity's id, e.g. `outpost_id` (its JSON key).
            pub fn id_field(self) -> &'static str {
                match self {
                    $(EntityKind::$variant => stringify!($id),)+
                }
            }

            /// The kind's name on the command line and in stored rows, e.g. `vif`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EntityKind::$variant => $name,)+
                }
            }
        }

        impl std::str::FromStr for EntityKind {
            type Err = UnknownKind;
            fn from_str(text: &str) -> Result<Self, UnknownKind> {
                match text {
                    $($name => Ok(EntityKind::$variant),)+
                    _ => Err(UnknownKind(text.to_owned())),
                }
            }
        }

        /// Everything a snapshot observed, one list per entity kind.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Estate {
            $($(#[$doc])* #[serde(default)] pub $field: Vec<$ty>,)+
        }

        $(
            impl Entity for $ty {
                const KIND: EntityKind = EntityKind::$variant;
                fn id(&self) -> &str { &self.$id }
                fn region(&self) -> &str { &self.$region }
                fn account_id(&self) -> &str { &self.account_id }
                fn account_id_mut(&mut self) -> &mut String { &mut self.account_id }
            }
        )+

        impl Estate {
            /// Number of entities of one kind.
            pub fn count(&self, kind: EntityKind) -> usize {
                match kind {
                    $(EntityKind::$variant => self.$field.len(),)+
                }
            }

            /// Calls `visit` with every entity as a [`EntityRef`], kind by kind.
            pub fn visit_entities<'a, E>(
                &'a self,
                mut visit: impl FnMut(EntityRef<'a>) -> Result<(), E>,
            ) -> Result<(), E> {
                $(
                    for entity in &self.$field {
                        visit(EntityRef::$variant(entity))?;
                    }
                )+
                Ok(())
            }

            /// Entities of one kind as JSON objects (the records `inventory --json` prints).
            pub fn records(&self, kind: EntityKind) -> Vec<serde_json::Value> {
                fn to_values<T: Serialize>(items: &[T]) -> Vec<serde_json::Value> {
                    items.iter().filter_map(|item| serde_json::to_value(item).ok()).collect()
                }
                match kind {
                    $(EntityKind::$variant => to_values(&self.$field),)+
                }
            }

            /// Makes room for `additional` more entities of `kind` (a load that knows its
            /// counts allocates each list once).
            pub fn reserve(&mut self, kind: EntityKind, additional: usize) {
                match kind {
                    $(EntityKind::$variant => self.$field.reserve(additional),)+
                }
            }

            /// Moves every entity of `other` into this estate.
            pub fn append(&mut self, other: Estate) {
                $( self.$field.extend(other.$field); )+
            }

            /// Keeps the first entity of each kind, Region and id and drops later ones: one estate
            /// from several accounts' reads, where every account sees the same Regions and zones
            /// and a shared resource once per account that sees it.
            pub fn dedupe_by_id(&mut self) {
                $( dedupe_entities(&mut self.$field); )+
            }

            /// Sets every entity's account id with `account_for(kind, entity's account id)`.
            pub fn reassign_accounts(&mut self, mut account_for: impl FnMut(EntityKind, &str) -> String) {
                $(
                    for entity in &mut self.$field {
                        let account = account_for(EntityKind::$variant, entity.account_id());
                        *entity.account_id_mut() = account;
                    }
                )+
            }

            /// Splits the estate by the Region each entity was observed in.
            pub fn split_by_region(self) -> std::collections::BTreeMap<String, Estate> {
                self.split_by(|entity| entity.region())
            }

            /// Splits the estate by the account each entity was read in.
            pub fn split_by_account(self) -> std::collections::BTreeMap<String, Estate> {
                self.split_by(|entity| entity.account_id())
            }

            /// Splits the estate into parts keyed by `key` of each entity, each kind in order.
            fn split_by(
                self,
                key: impl for<'e> Fn(EntityRef<'e>) -> &'e str,
            ) -> std::collections::BTreeMap<String, Estate> {
                let mut parts: std::collections::BTreeMap<String, Estate> = Default::default();
                $(
                    for entity in self.$field {
                        let part = key(EntityRef::$variant(&entity)).to_owned();
                        parts.entry(part).or_default().$field.push(entity);
                    }
                )+
                parts
            }

            /// The entity of `kind` at `index` in its list.
            pub fn entity(&self, kind: EntityKind, index: usize) -> Option<EntityRef<'_>> {
                match kind {
                    $(EntityKind::$variant => self.$field.get(index).map(EntityRef::$variant),)+
                }
            }

            /// Parses one stored entity of `kind` from its JSON text and appends it.
            pub fn push_json(&mut self, kind: EntityKind, json: &str) -> serde_json::Result<()> {
                match kind {
                    $(EntityKind::$variant => self.$field.push(serde_json::from_str(json)?),)+
                }
                Ok(())
            }

            /// Parses one entity of `kind` from the start of `bytes`, in the binary encoding of
            /// [`EntityRef::write_binary`], appends it and returns the bytes after it.
            pub fn push_binary<'b>(
                &mut self,
                kind: EntityKind,
                bytes: &'b [u8],
            ) -> postcard::Result<&'b [u8]> {
                match kind {
                    $(EntityKind::$variant => {
                        let (entity, rest) = postcard::take_from_bytes(bytes)?;
                        self.$field.push(entity);
                        Ok(rest)
                    })+
                }
            }
        }

        /// A borrowed entity of any kind.
        #[derive(Clone, Copy, Debug)]
        pub enum EntityRef<'a> {
            $($(#[$doc])* $variant(&'a $ty),)+
        }

        impl<'a> EntityRef<'a> {
            /// The entity's kind.
            pub fn kind(&self) -> EntityKind {
                match self {
                    $(EntityRef::$variant(_) => EntityKind::$variant,)+
                }
            }

            /// The entity's AWS id.
            pub fn id(&self) -> &'a str {
                match *self {
                    $(EntityRef::$variant(entity) => entity.id(),)+
                }
            }

            /// The Region the entity was observed in.
            pub fn region(&self) -> &'a str {
                match *self {
                    $(EntityRef::$variant(entity) => entity.region(),)+
                }
            }

            /// The account the entity was read in.
            pub fn account_id(&self) -> &'a str {
                match *self {
                    $(EntityRef::$variant(entity) => entity.account_id(),)+
                }
            }

            /// The entity as a JSON value (field names as in the model).
            pub fn to_value(&self) -> serde_json::Result<serde_json::Value> {
                match self {
                    $(EntityRef::$variant(entity) => serde_json::to_value(entity),)+
                }
            }

            /// Serialises the entity as compact JSON.
            pub fn to_json(&self) -> serde_json::Result<String> {
                match self {
                    $(EntityRef::$variant(entity) => serde_json::to_string(entity),)+
                }
            }

            /// Appends the entity as compact JSON to `buffer` (reused across entities by bulk
            /// writers, so a 100k-entity snapshot does not allocate 100k strings).
            pub fn write_json(&self, buffer: &mut Vec<u8>) -> serde_json::Result<()> {
                match self {
                    $(EntityRef::$variant(entity) => serde_json::to_writer(&mut *buffer, entity),)+
                }
            }

            /// Appends the entity to `buffer` in the compact binary encoding (postcard) the
            /// store's load cache uses: every field in declaration order, without names, so it
            /// reads back only with the same model ([`MODEL_FINGERPRINT`]).
            pub fn write_binary(&self, buffer: &mut Vec<u8>) -> postcard::Result<()> {
                let written = match self {
                    $(EntityRef::$variant(entity) => postcard::to_extend(entity, std::mem::take(buffer)),)+
                }?;
                *buffer = written;
                Ok(())
            }
        }
    };
}

estate_kinds! {
    /// Regions (`DescribeRegions`).
    Region, regions: Region, "region", id = region_name, region = region_name;
    /// Availability, Local and Wavelength Zones (`DescribeAvailabilityZones`).
    Zone, zones: Zone, "zone", id = zone_name, region = region_name;
    /// Outposts sites.
    Site, sites: Site, "site", id = site_id, region = region;
    /// Outposts.
    Outpost, outposts: Outpost, "outpost", id = outpost_id, region = region;
    /// Outposts hardware assets (servers, switches, shelves in racks).
    Asset, assets: Asset, "asset", id = asset_id, region = region;
    /// Instances on Outposts hosts (`ListAssetInstances`): which host each runs on.
    AssetInstance, asset_instances: AssetInstance, "asset-instance", id = instance_id, region = region;
    /// Outposts capacity tasks (slotting changes, pending or done).
    CapacityTask, capacity_tasks: CapacityTask, "capacity-task", id = capacity_task_id, region = region;
    /// Outposts catalog items.
    CatalogItem, catalog_items: CatalogItem, "catalog-item", id = catalog_item_id, region = region;
    /// Local gateways.
    LocalGateway, local_gateways: LocalGateway, "local-gateway", id = local_gateway_id, region = region;
    /// Local gateway virtual interfaces.
    Vif, vifs: LocalGatewayVirtualInterface, "vif", id = local_gateway_virtual_interface_id, region = region;
    /// Local gateway virtual interface groups.
    VifGroup, vif_groups: LocalGatewayVirtualInterfaceGroup, "vif-group", id = local_gateway_virtual_interface_group_id, region = region;
    /// Local gateway route tables.
    RouteTable, route_tables: LocalGatewayRouteTable, "route-table", id = local_gateway_route_table_id, region = region;
    /// Customer-owned IP pools.
    CoipPool, coip_pools: CoipPool, "coip-pool", id = pool_id, region = region;
    /// Outpost LAGs (second generation).
    OutpostLag, outpost_lags: OutpostLag, "outpost-lag", id = outpost_lag_id, region = region;
    /// Service link virtual interfaces (second generation).
    ServiceLinkVif, service_link_vifs: ServiceLinkVirtualInterface, "service-link-vif", id = service_link_virtual_interface_id, region = region;
    /// Carrier gateways.
    CarrierGateway, carrier_gateways: CarrierGateway, "carrier-gateway", id = carrier_gateway_id, region = region;
    /// VPCs.
    Vpc, vpcs: Vpc, "vpc", id = vpc_id, region = region;
    /// Subnets.
    Subnet, subnets: Subnet, "subnet", id = subnet_id, region = region;
    /// Instances.
    Instance, instances: Instance, "instance", id = instance_id, region = region;
    /// Instance types offered in an edge zone or on an Outpost (`DescribeInstanceTypeOfferings`,
    /// `GetOutpostInstanceTypes`).
    InstanceTypeOffering, instance_type_offerings: InstanceTypeOffering, "instance-type-offering", id = location, region = region;
}

/// Drops every entity whose (Region, id) an earlier one of the list has.
fn dedupe_entities<T: Entity>(items: &mut Vec<T>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert((item.region().to_owned(), item.id().to_owned())));
}

/// A resource AWS RAM shares: the account that owns it, and the other accounts that see it.
pub trait Shared: Entity {
    /// AWS's `OwnerId`, when the API gave one.
    fn owner_id(&self) -> Option<&str>;
    /// The other accounts read that see it.
    fn shared_with_mut(&mut self) -> &mut Vec<String>;
}

impl Shared for Outpost {
    fn owner_id(&self) -> Option<&str> {
        self.owner_id.as_deref()
    }
    fn shared_with_mut(&mut self) -> &mut Vec<String> {
        &mut self.shared_with
    }
}

impl Shared for Subnet {
    fn owner_id(&self) -> Option<&str> {
        self.owner_id.as_deref()
    }
    fn shared_with_mut(&mut self) -> &mut Vec<String> {
        &mut self.shared_with
    }
}

/// A kind name the CLI or a stored row used that is not one of [`EntityKind::ALL`].
#[derive(Debug, thiserror::Error)]
#[error("unknown entity kind `{0}`; expected one of: {list}", list = kind_names())]
pub struct UnknownKind(pub String);

/// The kind names, comma-separated, for messages.
pub fn kind_names() -> String {
    EntityKind::ALL
        .iter()
        .map(|kind| kind.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'a> EntityRef<'a> {
    /// The entity's AWS tags, for the kinds that have them.
    pub fn tags(&self) -> Option<&'a std::collections::BTreeMap<String, String>> {
        match *self {
            EntityRef::LocalGateway(e) => Some(&e.tags),
            EntityRef::Vif(e) => Some(&e.tags),
            EntityRef::VifGroup(e) => Some(&e.tags),
            EntityRef::RouteTable(e) => Some(&e.tags),
            EntityRef::CoipPool(e) => Some(&e.tags),
            EntityRef::OutpostLag(e) => Some(&e.tags),
            EntityRef::ServiceLinkVif(e) => Some(&e.tags),
            EntityRef::Site(e) => Some(&e.tags),
            EntityRef::Outpost(e) => Some(&e.tags),
            EntityRef::CarrierGateway(e) => Some(&e.tags),
            EntityRef::Vpc(e) => Some(&e.tags),
            EntityRef::Subnet(e) => Some(&e.tags),
            EntityRef::Instance(e) => Some(&e.tags),
            EntityRef::Region(_)
            | EntityRef::Zone(_)
            | EntityRef::Asset(_)
            | EntityRef::AssetInstance(_)
            | EntityRef::CapacityTask(_)
            | EntityRef::CatalogItem(_)
            | EntityRef::InstanceTypeOffering(_) => None,
        }
    }
}

impl Estate {
    /// Total number of entities of every kind.
    pub fn entity_count(&self) -> usize {
        EntityKind::ALL.iter().map(|kind| self.count(*kind)).sum()
    }

    /// The distinct Regions entities were observed in, sorted.
    pub fn regions_covered(&self) -> Vec<String> {
        let mut regions = std::collections::BTreeSet::new();
        let _ = self.visit_entities::<std::convert::Infallible>(|entity| {
            if entity.kind() != EntityKind::Region {
                regions.insert(entity.region().to_owned());
            }
            Ok(())
        });
        regions.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_name_parses_back_to_its_kind() {
        for kind in EntityKind::ALL {
            assert_eq!(kind.as_str().parse::<EntityKind>().ok(), Some(*kind));
        }
        let error = "rack".parse::<EntityKind>().expect_err("not a kind");
        assert!(
            error.to_string().contains("coip-pool"),
            "lists the kinds: {error}"
        );
    }
}

#[cfg(test)]
mod fingerprint_tests {
    /// The fingerprint covers every file of the model: a new one must be added to the list.
    #[test]
    fn every_model_file_is_fingerprinted() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/model is readable")
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".rs"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = super::MODEL_SOURCES.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            on_disk, listed,
            "MODEL_SOURCES lists every file of src/model"
        );
    }
}
