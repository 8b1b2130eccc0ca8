//! Why a candidate cannot take a workload, as data: cheap to build for hundreds of thousands of
//! candidates, and rendered to a sentence only when shown or serialised.

use std::borrow::Cow;
use std::fmt;

use serde::{Serialize, Serializer};

/// One failed condition of a candidate.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason<'a> {
    /// The RTT is over the budget.
    RttOverBudget {
        /// The candidate's worst RTT, ms.
        rtt_ms: f64,
        /// The workload's budget, ms.
        budget_ms: f64,
    },
    /// Neither coordinates nor a measurement.
    RttUnknown,
    /// A Wavelength Zone for clients that are not on 5G.
    WavelengthNotMobile,
    /// A Wavelength Zone of another carrier.
    OtherCarrier {
        /// The users' carrier.
        users: Option<Cow<'a, str>>,
        /// The zone's carrier.
        zone: Option<Cow<'a, str>>,
    },
    /// The data would leave the allowed countries.
    Residency {
        /// Where the data would be (`None`: unknown).
        country: Option<Cow<'a, str>>,
        /// The allowed countries, joined.
        allowed: Cow<'a, str>,
    },
    /// Services the location does not offer (per the dated table).
    ServicesMissing {
        /// The missing services, joined.
        services: String,
        /// The table's date.
        table: Cow<'a, str>,
    },
    /// Instance families the location does not offer.
    FamiliesMissing(String),
    /// No Graviton families for an arm64-only workload.
    NoGraviton,
    /// Not enough free capacity on an existing Outpost.
    NoCapacity {
        /// Free vCPUs.
        free_vcpus: f64,
        /// Needed vCPUs.
        needed_vcpus: f64,
    },
    /// A zone AWS no longer lists.
    Retired,
    /// A Wavelength Zone of the users' carrier name but another country's network.
    OtherNetwork {
        /// The carrier, as AWS writes it.
        carrier: Cow<'a, str>,
        /// The zone's country.
        zone_country: Cow<'a, str>,
        /// The users' countries, joined.
        users_country: String,
    },
    /// Anything else, in words.
    Other(String),
}

impl Reason<'_> {
    /// The same reason, owning its text.
    pub fn into_owned(self) -> Reason<'static> {
        let own = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        match self {
            Reason::RttOverBudget { rtt_ms, budget_ms } => {
                Reason::RttOverBudget { rtt_ms, budget_ms }
            }
            Reason::RttUnknown => Reason::RttUnknown,
            Reason::WavelengthNotMobile => Reason::WavelengthNotMobile,
            Reason::OtherCarrier { users, zone } => Reason::OtherCarrier {
                users: users.map(own),
                zone: zone.map(own),
            },
            Reason::Residency { country, allowed } => Reason::Residency {
                country: country.map(own),
                allowed: own(allowed),
            },
            Reason::ServicesMissing { services, table } => Reason::ServicesMissing {
                services,
                table: own(table),
            },
            Reason::FamiliesMissing(families) => Reason::FamiliesMissing(families),
            Reason::NoGraviton => Reason::NoGraviton,
            Reason::NoCapacity {
                free_vcpus,
                needed_vcpus,
            } => Reason::NoCapacity {
                free_vcpus,
                needed_vcpus,
            },
            Reason::Retired => Reason::Retired,
            Reason::OtherNetwork {
                carrier,
                zone_country,
                users_country,
            } => Reason::OtherNetwork {
                carrier: own(carrier),
                zone_country: own(zone_country),
                users_country,
            },
            Reason::Other(text) => Reason::Other(text),
        }
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::RttOverBudget { rtt_ms, budget_ms } => write!(f, "RTT {rtt_ms} ms exceeds the {budget_ms} ms budget"),
            Reason::RttUnknown => f.write_str("no coordinates and no measurement: the RTT cannot be judged"),
            Reason::WavelengthNotMobile => {
                f.write_str("Wavelength Zones serve only mobile 5G clients (no inbound path from the internet through a carrier gateway)")
            }
            Reason::OtherCarrier { users, zone } => write!(
                f,
                "{}'s devices cannot reach a Carrier IP of {}",
                users.as_deref().unwrap_or("the users' carrier"),
                zone.as_deref().unwrap_or("another carrier")
            ),
            Reason::Residency { country: Some(country), allowed } => write!(f, "data would be in {country}; residency requires {allowed}"),
            Reason::Residency { country: None, allowed } => write!(f, "country unknown; residency requires {allowed}"),
            Reason::ServicesMissing { services, table } => write!(f, "does not offer {services} (services table {table})"),
            Reason::FamiliesMissing(families) => write!(f, "does not offer instance families {families}"),
            Reason::NoGraviton => f.write_str("offers no Graviton (arm64) instance families"),
            Reason::NoCapacity { free_vcpus, needed_vcpus } => {
                write!(f, "{free_vcpus:.0} vCPUs free on the Outpost, the workload needs {needed_vcpus:.0}")
            }
            Reason::Retired => f.write_str("retired: AWS no longer lists this zone (kept for estates that still have it, never recommended)"),
            Reason::OtherNetwork { carrier, zone_country, users_country } => write!(
                f,
                "{carrier} in {zone_country} is another network than the users' {carrier} in {users_country}"
            ),
            Reason::Other(text) => f.write_str(text),
        }
    }
}

impl Serialize for Reason<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
