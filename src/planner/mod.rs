//! The planner: where a latency-sensitive workload should run (Region, Local Zone, Wavelength
//! Zone or an Outpost), and if on Outposts, how many racks, with or without an ACE rack, and
//! what that costs in ports, fibres, VLANs, addresses, power and floor weight. Every
//! recommendation explains itself; every parameter is adjustable and printed.
//!
//! - [`workload`]: the workload file (TOML), validated with line and field in every error.
//! - [`latency`]: measured RTTs, else the model, with its parameters.
//! - [`services`]: the dated table of services and instance families per kind of location.
//! - [`placement`]: candidates, feasibility with reasons, ranking, caveats.
//! - [`plan`]: what a plan says (the `plan --json` contract).
//! - [`racks`]: rack counts and bills of materials, counted from planned topologies.
//! - [`sizing`]: from a server inventory to hosts, slotting, racks and a capacity task.

pub mod build_plan;
pub mod latency;
mod outposts;
pub mod placement;
mod places;
pub mod plan;
pub mod racks;
pub mod reason;
pub mod services;
pub mod sizing;
pub mod workload;
pub mod workload_file;

use crate::catalog::{CatalogError, HardwareCatalog, LocationCatalog};

pub use latency::{MeasuredRtts, ModelParameters};
pub use placement::PlanContext;
pub use plan::{PlanReport, WorkloadPlan};
pub use racks::{RackPlan, RackPlanInput, plan_racks};
pub use services::ServiceTable;
pub use workload::{Workload, WorkloadError, parse_workloads};

/// The three embedded catalogs every plan reads: where locations are, the Outposts hardware, and
/// the services per kind of location. Loaded here once for the CLI, the app and benchmarks.
#[derive(Clone, Copy)]
pub struct Catalogs {
    /// Regions, Local Zones and Wavelength Zones with coordinates.
    pub locations: &'static LocationCatalog,
    /// Outposts rack configurations, power and weight.
    pub hardware: &'static HardwareCatalog,
    /// Services and instance families per kind of location.
    pub services: &'static ServiceTable,
}

impl Catalogs {
    /// The embedded catalogs (parsed on first use), or the first that does not parse.
    pub fn embedded() -> Result<Catalogs, &'static CatalogError> {
        Ok(Catalogs {
            locations: LocationCatalog::embedded()?,
            hardware: HardwareCatalog::embedded()?,
            services: ServiceTable::embedded()?,
        })
    }
}
