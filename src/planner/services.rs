//! The dated services and instance-family table (`assets/catalog/edge-services.toml`): which
//! services and families each kind of location offers, as the planner assumes them.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::catalog::CatalogError;

pub(crate) const SERVICES_TOML: &str = include_str!("../../assets/catalog/edge-services.toml");

/// `"all"` or a list.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Offered {
    /// Everything (`"all"`).
    All(String),
    /// Only these.
    Some(Vec<String>),
}

impl Offered {
    /// Whether `item` is offered.
    pub fn includes(&self, item: &str) -> bool {
        match self {
            Offered::All(word) => word == "all",
            Offered::Some(items) => items.iter().any(|i| i == item),
        }
    }
}

/// What one kind of location offers.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    /// Services.
    pub services: Offered,
    /// Instance families (absent for Outposts: they come from the hardware).
    #[serde(default = "nothing")]
    pub instance_families: Offered,
    /// Graviton (arm64) families.
    #[serde(default)]
    pub graviton_families: Vec<String>,
}

fn nothing() -> Offered {
    Offered::Some(Vec::new())
}

/// More for some Local Zone groups.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalZoneExtra {
    /// Network border groups it applies to.
    pub groups: Vec<String>,
    /// Additional services.
    pub services: Vec<String>,
    /// Additional instance families.
    pub instance_families: Vec<String>,
    /// Additional Graviton families.
    pub graviton_families: Vec<String>,
}

/// The whole table.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceTable {
    /// Where it comes from.
    pub source: String,
    /// When it was retrieved.
    pub retrieved: String,
    /// Service names a workload may ask for.
    pub known_services: Vec<String>,
    /// Regions.
    pub region: Offering,
    /// Local Zones (base).
    pub local_zone: Offering,
    /// Local Zone groups with more.
    #[serde(default)]
    pub local_zone_extra: Vec<LocalZoneExtra>,
    /// Wavelength Zones.
    pub wavelength_zone: Offering,
    /// Outposts racks.
    pub outpost: Offering,
}

impl ServiceTable {
    /// The embedded table, parsed on first use.
    pub fn embedded() -> Result<&'static ServiceTable, &'static CatalogError> {
        static TABLE: OnceLock<Result<ServiceTable, CatalogError>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                toml::from_str(SERVICES_TOML).map_err(|source| CatalogError::Toml {
                    file: "edge-services.toml",
                    source,
                })
            })
            .as_ref()
    }

    /// Extras of a Local Zone's network border group.
    pub fn local_zone_extras<'a>(
        &'a self,
        group: &'a str,
    ) -> impl Iterator<Item = &'a LocalZoneExtra> + 'a {
        self.local_zone_extra
            .iter()
            .filter(move |extra| extra.groups.iter().any(|g| g == group))
    }
}

/// The family of an instance type (`m5.2xlarge` -> `m5`); a bare family stays as it is.
pub fn family_of(instance_type: &str) -> &str {
    instance_type.split('.').next().unwrap_or(instance_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_names_at_most_64_services() {
        let table = ServiceTable::embedded().expect("services table parses");
        assert!(
            table.known_services.len() <= 64,
            "the planner keeps services as a 64-bit mask"
        );
        for listed in [
            &table.local_zone.services,
            &table.wavelength_zone.services,
            &table.outpost.services,
        ] {
            if let Offered::Some(items) = listed {
                for item in items {
                    assert!(
                        table.known_services.contains(item),
                        "{item} is a known service"
                    );
                }
            }
        }
        assert!(
            !table.wavelength_zone.services.includes("nlb"),
            "no NLB in Wavelength"
        );
    }
}
