//! Workload files: one `[[workload]]` per latency-sensitive workload, in TOML.
//!
//! Malformed files and impossible values are rejected with the line and the field, never
//! guessed: a negative or NaN budget, no users, a metro the catalog does not know, an unknown
//! country code or service. Metros match the city part of the catalog's metros
//! case-insensitively ("Honolulu" matches "Honolulu, HI"); `"lat,lon"` users take their country
//! from the country outlines.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::catalog::LocationCatalog;
use crate::catalog::countries::{country_at, known_country_codes};
use crate::catalog::hardware::{HardwareCatalog, RackCapacity};
use crate::planner::racks::MAX_COMPUTE_RACKS;

/// Who the workload serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clients {
    /// Wired users on the internet or a corporate network.
    Wired,
    /// Mobile devices on a 5G network.
    Mobile5g,
    /// Systems in the customer's own site.
    OnPremises,
}

/// Processor architectures the workload runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    /// x86-64 only.
    X86_64,
    /// arm64 (Graviton) only.
    Arm64,
    /// Either.
    Any,
}

/// Where a workload's users are.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UserLocation {
    /// As written in the file.
    pub label: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166 alpha-2 country, when known.
    pub country: Option<String>,
}

/// A validated workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// Unique name.
    pub name: String,
    /// Where its users are (at least one).
    pub users: Vec<UserLocation>,
    /// Round-trip budget between users and workload, ms.
    pub latency_budget_ms: f64,
    /// Wired, mobile 5G or on-premises.
    pub clients: Clients,
    /// The mobile users' carrier, when given.
    pub carrier: Option<String>,
    /// ISO codes the data must stay in (empty: no constraint).
    pub residency: Vec<String>,
    /// Services the workload needs.
    pub services: Vec<String>,
    /// Instance types or families it needs (empty: any).
    pub instance_types: Vec<String>,
    /// Architectures it runs on.
    pub arch: Arch,
    /// vCPUs, for rack sizing.
    pub vcpus: f64,
    /// Memory in GiB, for rack sizing.
    pub memory_gib: f64,
    /// Storage in TiB, for rack sizing.
    pub storage_tib: f64,
    /// Compute racks planned in the long run, when given.
    pub racks_long_term: Option<u32>,
    /// An existing Outposts site id, when given.
    pub site: Option<String>,
}

/// A workload file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}, field `{field}`: {message}")]
pub struct WorkloadError {
    /// 1-based line.
    pub line: usize,
    /// The field (`workload[2].latency_ms`).
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    workload: Vec<RawWorkload>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    name: Spanned<String>,
    users: Spanned<Vec<Spanned<String>>>,
    latency_ms: Spanned<f64>,
    clients: Spanned<String>,
    carrier: Option<Spanned<String>>,
    residency: Option<Spanned<Vec<Spanned<String>>>>,
    services: Option<Spanned<Vec<Spanned<String>>>>,
    instance_types: Option<Vec<String>>,
    arch: Option<Spanned<String>>,
    vcpus: Option<Spanned<f64>>,
    memory_gib: Option<Spanned<f64>>,
    storage_tib: Option<Spanned<f64>>,
    racks_long_term: Option<Spanned<u32>>,
    site: Option<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses and validates a workload file. `known_services` are the service names the services
/// table knows.
pub fn parse_workloads(
    text: &str,
    catalog: &LocationCatalog,
    known_services: &[String],
) -> Result<Vec<Workload>, WorkloadError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |span| line_of(text, span.start));
        let message = e.message().to_owned();
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| message.contains("field") || message.contains("key"))
            .unwrap_or("(file)")
            .to_owned();
        WorkloadError {
            line,
            field,
            message,
        }
    })?;
    if raw.workload.is_empty() {
        return Err(WorkloadError {
            line: 1,
            field: "workload".into(),
            message: "the file has no [[workload]] tables".into(),
        });
    }
    let countries = known_country_codes(catalog);
    let carriers: Vec<String> = catalog
        .zones
        .iter()
        .filter_map(|zone| zone.carrier.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let largest = HardwareCatalog::embedded()
        .map(HardwareCatalog::largest_rack)
        .unwrap_or(RackCapacity {
            vcpus: 0.0,
            memory_gib: 0.0,
            storage_tib: 0.0,
        });
    let metros: Vec<(String, f64, f64, String)> = catalog
        .regions
        .iter()
        .map(|r| (r.metro.clone(), r.lat, r.lon, r.country.clone()))
        .chain(
            catalog
                .zones
                .iter()
                .filter_map(|z| Some((z.metro.clone(), z.lat?, z.lon?, z.country.clone()))),
        )
        .collect();
    let mut names = BTreeSet::new();
    let mut workloads = Vec::with_capacity(raw.workload.len());
    for (index, item) in raw.workload.into_iter().enumerate() {
        let error = |span: std::ops::Range<usize>, field: &str, message: String| WorkloadError {
            line: line_of(text, span.start),
            field: format!("workload[{index}].{field}"),
            message,
        };
        let name = item.name.get_ref().trim().to_owned();
        if name.is_empty() {
            return Err(error(item.name.span(), "name", "a name is required".into()));
        }
        if !names.insert(name.clone()) {
            return Err(error(
                item.name.span(),
                "name",
                format!("`{name}` is used by another workload; names must be unique"),
            ));
        }
        let latency = *item.latency_ms.get_ref();
        if !latency.is_finite() || latency <= 0.0 {
            return Err(error(
                item.latency_ms.span(),
                "latency_ms",
                format!("must be a number of milliseconds above 0, found {latency}"),
            ));
        }
        let clients = match item.clients.get_ref().as_str() {
            "wired" => Clients::Wired,
            "mobile-5g" => Clients::Mobile5g,
            "on-premises" => Clients::OnPremises,
            other => {
                return Err(error(
                    item.clients.span(),
                    "clients",
                    format!("`{other}` is not one of wired, mobile-5g, on-premises"),
                ));
            }
        };
        if item.users.get_ref().is_empty() {
            return Err(error(
                item.users.span(),
                "users",
                "at least one metro or \"lat,lon\" is required".into(),
            ));
        }
        let mut users = Vec::new();
        for user in item.users.get_ref() {
            let label = user.get_ref().trim();
            let location = match parse_coordinates(label) {
                Some(Ok((lat, lon))) => UserLocation {
                    label: label.to_owned(),
                    lat,
                    lon,
                    country: country_at(lat, lon),
                },
                Some(Err(message)) => return Err(error(user.span(), "users", message)),
                None => {
                    let wanted = label.to_lowercase();
                    let found = metros.iter().find(|(metro, ..)| {
                        metro
                            .split(',')
                            .next()
                            .is_some_and(|city| city.trim().to_lowercase() == wanted)
                    });
                    match found {
                        Some((_, lat, lon, country)) => UserLocation {
                            label: label.to_owned(),
                            lat: *lat,
                            lon: *lon,
                            country: Some(country.clone()),
                        },
                        None => {
                            return Err(error(
                                user.span(),
                                "users",
                                format!(
                                    "`{label}` is not a metro in the catalog; use a catalog metro's city (e.g. \"Honolulu\") or \"lat,lon\""
                                ),
                            ));
                        }
                    }
                }
            };
            users.push(location);
        }
        let mut residency = Vec::new();
        if let Some(codes) = &item.residency {
            for code in codes.get_ref() {
                let upper = code.get_ref().trim().to_uppercase();
                if upper.len() != 2 || !countries.contains(&upper) {
                    return Err(error(
                        code.span(),
                        "residency",
                        format!(
                            "`{}` is not an ISO 3166 alpha-2 country code Edge Atlas knows",
                            code.get_ref()
                        ),
                    ));
                }
                residency.push(upper);
            }
        }
        let mut services = vec!["ec2".to_owned()];
        if let Some(list) = &item.services {
            services.clear();
            for service in list.get_ref() {
                let lower = service.get_ref().trim().to_lowercase();
                if !known_services.contains(&lower) {
                    return Err(error(
                        service.span(),
                        "services",
                        format!(
                            "`{}` is not a service the services table knows ({})",
                            service.get_ref(),
                            known_services.join(", ")
                        ),
                    ));
                }
                services.push(lower);
            }
        }
        let arch = match item.arch.as_ref().map(|a| a.get_ref().as_str()) {
            None | Some("any") => Arch::Any,
            Some("x86_64") => Arch::X86_64,
            Some("arm64") => Arch::Arm64,
            Some(other) => {
                let span = item.arch.as_ref().map_or(0..0, |a| a.span());
                return Err(error(
                    span,
                    "arch",
                    format!("`{other}` is not one of x86_64, arm64, any"),
                ));
            }
        };
        let amount = |value: &Option<Spanned<f64>>, field: &str| -> Result<f64, WorkloadError> {
            match value {
                None => Ok(0.0),
                Some(v) if v.get_ref().is_finite() && *v.get_ref() >= 0.0 => Ok(*v.get_ref()),
                Some(v) => Err(error(
                    v.span(),
                    field,
                    format!("must be a number of 0 or more, found {}", v.get_ref()),
                )),
            }
        };
        let racks_long_term = match &item.racks_long_term {
            Some(value) if *value.get_ref() == 0 || *value.get_ref() > MAX_COMPUTE_RACKS => {
                return Err(error(
                    value.span(),
                    "racks_long_term",
                    format!(
                        "must be from 1 to {MAX_COMPUTE_RACKS}, found {}",
                        value.get_ref()
                    ),
                ));
            }
            other => other.as_ref().map(|v| *v.get_ref()),
        };
        // What 1,000 racks of the largest configuration hold: beyond it, an input error.
        for (value, field, what, per_rack) in [
            (&item.vcpus, "vcpus", "vCPUs", largest.vcpus),
            (
                &item.memory_gib,
                "memory_gib",
                "GiB of memory",
                largest.memory_gib,
            ),
            (
                &item.storage_tib,
                "storage_tib",
                "TiB of storage",
                largest.storage_tib,
            ),
        ] {
            let bound = per_rack * f64::from(MAX_COMPUTE_RACKS);
            if let Some(value) = value
                && per_rack > 0.0
                && *value.get_ref() > bound
            {
                return Err(error(
                    value.span(),
                    field,
                    format!(
                        "{} is more {what} than {MAX_COMPUTE_RACKS} racks hold (at most {bound}: {MAX_COMPUTE_RACKS} of the hardware catalog's largest configuration, {per_rack} each)",
                        value.get_ref()
                    ),
                ));
            }
        }
        // A carrier is one AWS names in a Wavelength Zone's GroupLongName, matched exactly
        // (case aside) and kept in AWS's spelling.
        let carrier = match &item.carrier {
            Some(given) if !given.get_ref().trim().is_empty() => {
                let wanted = given.get_ref().trim();
                match carriers
                    .iter()
                    .find(|known| known.eq_ignore_ascii_case(wanted))
                {
                    Some(known) => Some(known.clone()),
                    None => {
                        return Err(error(
                            given.span(),
                            "carrier",
                            format!(
                                "`{wanted}` is not a carrier of any Wavelength Zone; known carriers: {}",
                                carriers.join(", ")
                            ),
                        ));
                    }
                }
            }
            _ => None,
        };
        workloads.push(Workload {
            name,
            users,
            latency_budget_ms: latency,
            clients,
            carrier,
            residency,
            services,
            instance_types: item
                .instance_types
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.trim().to_lowercase())
                .collect(),
            arch,
            vcpus: amount(&item.vcpus, "vcpus")?,
            memory_gib: amount(&item.memory_gib, "memory_gib")?,
            storage_tib: amount(&item.storage_tib, "storage_tib")?,
            racks_long_term,
            site: item.site,
        });
    }
    Ok(workloads)
}

/// `Some(Ok)` for a valid "lat,lon", `Some(Err)` for a malformed one, `None` for a metro name.
pub(super) fn parse_coordinates(text: &str) -> Option<Result<(f64, f64), String>> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon) = (lat.trim(), lon.trim());
    let numeric =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    if !numeric(lat) || !numeric(lon) {
        return None;
    }
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(lat), Ok(lon))
            if lat.is_finite()
                && lon.is_finite()
                && (-90.0..=90.0).contains(&lat)
                && (-180.0..=180.0).contains(&lon) =>
        {
            Some(Ok((lat, lon)))
        }
        _ => Some(Err(format!(
            "`{text}` is not a valid \"lat,lon\" (latitude -90..90, longitude -180..180)"
        ))),
    }
}

/// A workload as a form collects it (the app's Planner view): validated through exactly the
/// same path as a file, so the form and the file accept and reject the same things.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorkloadFields {
    /// Unique name.
    pub name: String,
    /// Metros or `"lat,lon"`.
    pub users: Vec<String>,
    /// Round-trip budget, ms.
    pub latency_ms: f64,
    /// `wired`, `mobile-5g` or `on-premises`.
    pub clients: String,
    /// The mobile users' carrier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// ISO codes the data must stay in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub residency: Vec<String>,
    /// Services needed (empty: the default, `ec2`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// vCPUs, for rack sizing.
    pub vcpus: f64,
}

/// Validates form fields as a one-workload file would be.
pub fn parse_fields(
    fields: &WorkloadFields,
    catalog: &LocationCatalog,
    known_services: &[String],
) -> Result<Workload, WorkloadError> {
    #[derive(Serialize)]
    struct File<'a> {
        workload: [&'a WorkloadFields; 1],
    }
    let text = toml::to_string(&File { workload: [fields] }).map_err(|e| WorkloadError {
        line: 1,
        field: "workload".into(),
        message: e.to_string(),
    })?;
    let mut workloads = parse_workloads(&text, catalog, known_services)?;
    Ok(workloads.remove(0))
}
