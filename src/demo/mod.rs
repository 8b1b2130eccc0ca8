//! The embedded demo estate, and the synthetic estate generator for scale tests.
//!
//! Northwind Freight (fictional) runs logistics sites on three continents. Its estate has the
//! shapes Edge Atlas exists for: Regions with opt-in status, zones in two Local Zones and one
//! Wavelength Zone (carrier gateway, subnet, instances with carrier IPs), and three Outposts
//! sites: a 15-rack first-generation Outpost behind an ACE rack with four customer devices and
//! a CoIP route table (Chicago), a 3-rack Outpost without ACE in direct VPC routing (Frankfurt),
//! and a second-generation single rack with Outpost LAGs and service link VIFs (Osaka). What no
//! API shows (the ACE rack, the customer devices and their port channels) is in the returned
//! [`SiteOverlay`], never in the estate.
//!
//! [`generate`] repeats the demo's business units `scale` times (about 350 entities each) with
//! the same Regions and zones. Ids come from stable names ([`ids`]); the seed only perturbs
//! what changes between two syncs of a real estate (instances come and go, stop and start;
//! hosts are isolated), so a diff of two seeds reads like a diff of two days.

mod host_usage;
pub mod ids;
mod locations;
mod outpost_network;
mod outposts;
mod workloads;

use crate::catalog::{CatalogError, HardwareCatalog, LocationCatalog};
use crate::model::{Estate, SiteOverlay, SnapshotMeta};

/// The demo's AWS account id (AWS's documentation example).
pub const DEMO_ACCOUNT_ID: &str = "123456789012";

/// A generated estate with its overlay and snapshot record.
#[derive(Clone, Debug)]
pub struct GeneratedEstate {
    /// The AWS-observable part.
    pub estate: Estate,
    /// The user-asserted part (ACE rack, customer devices, port channels).
    pub overlay: SiteOverlay,
    /// The snapshot record to store it under.
    pub meta: SnapshotMeta,
}

/// The demo estate: [`generate`] with scale 1 and seed 0 (no churn).
pub fn demo() -> Result<GeneratedEstate, &'static CatalogError> {
    generate(1, 0)
}

/// `scale` business units of the demo, perturbed by `seed` (0: exactly the demo).
pub fn generate(scale: u32, seed: u64) -> Result<GeneratedEstate, &'static CatalogError> {
    let locations = LocationCatalog::embedded()?;
    let hardware = HardwareCatalog::embedded()?;
    let mut builder = Builder {
        estate: Estate::default(),
        overlay: SiteOverlay::default(),
        churn: (seed != 0).then(|| ids::SplitMix64::new(seed)),
        hardware,
    };
    locations::add_regions_and_zones(&mut builder, locations);
    outposts::add_catalog_items(&mut builder);
    for unit in 0..scale.max(1) {
        let sites = outposts::add_sites(&mut builder, unit);
        workloads::add_workloads(&mut builder, unit, &sites);
    }
    host_usage::add_host_usage(&mut builder);
    let regions = builder.estate.regions_covered();
    let source = if scale <= 1 {
        "demo".to_owned()
    } else {
        format!("demo --scale {scale}")
    };
    let meta = SnapshotMeta {
        source: if seed == 0 {
            source
        } else {
            format!("{source} --seed {seed}")
        },
        account_id: Some(DEMO_ACCOUNT_ID.to_owned()),
        profile: None,
        regions,
        warnings: Vec::new(),
        accounts: vec![DEMO_ACCOUNT_ID.to_owned()],
        account_names: Default::default(),
    };
    Ok(GeneratedEstate {
        estate: builder.estate,
        overlay: builder.overlay,
        meta,
    })
}

/// State shared by the parts of the generator.
struct Builder {
    estate: Estate,
    overlay: SiteOverlay,
    /// `None` for the canonical demo; otherwise the seed's generator.
    churn: Option<ids::SplitMix64>,
    hardware: &'static HardwareCatalog,
}

impl Builder {
    /// True with probability `p` under churn; always false for the canonical demo.
    fn churn(&mut self, p: f64) -> bool {
        self.churn.as_mut().is_some_and(|rng| rng.chance(p))
    }
}

/// Tags from `(key, value)` pairs.
fn tags(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
