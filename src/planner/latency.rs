//! Round-trip time between users and a location: measured when a measurement exists, else the
//! model from the domain notes, every parameter adjustable and printed with the results.
//!
//! Model: `rtt_ms = 2 * distance_km * k / fibre_km_per_ms + access`, great-circle distance,
//! route factor `k` (2.1, a published rule of thumb; best paths are about 1.3), light in fibre
//! about 200 km per ms. Access: `access_ms` on every path except the on-site LAN, where
//! on-premises clients reach an Outpost at their own site in `onsite_lan_ms` (distance 0).
//! Mobile clients add `radio_ms` on every path, Wavelength included, and `carrier_egress_ms` on
//! every path except to a Wavelength Zone of their own carrier.

use std::collections::HashMap;

use serde::Serialize;

/// The model's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ModelParameters {
    /// Route factor over the great-circle distance.
    pub route_factor_k: f64,
    /// Distance light covers in fibre per millisecond, km.
    pub fibre_km_per_ms: f64,
    /// Access network, each path except the on-site LAN, ms.
    pub access_ms: f64,
    /// On-site LAN to an Outpost at the users' own site, ms.
    pub onsite_lan_ms: f64,
    /// 5G radio, every mobile path, ms.
    pub radio_ms: f64,
    /// Carrier core to internet and back, mobile paths except to the carrier's own Wavelength Zone, ms.
    pub carrier_egress_ms: f64,
    /// Largest service link RTT from a new Outpost to its home Region, ms.
    pub max_service_link_rtt_ms: f64,
}

impl Default for ModelParameters {
    fn default() -> Self {
        ModelParameters {
            route_factor_k: 2.1,
            fibre_km_per_ms: 200.0,
            access_ms: 2.0,
            onsite_lan_ms: 0.5,
            radio_ms: 10.0,
            carrier_egress_ms: 10.0,
            max_service_link_rtt_ms: 175.0,
        }
    }
}

impl ModelParameters {
    /// Sets one parameter by name (as printed), e.g. `route_factor_k=1.3`.
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (name, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("`{assignment}` is not NAME=VALUE"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{value}` is not a number"))?;
        if !value.is_finite() || value < 0.0 || (name.trim() == "fibre_km_per_ms" && value == 0.0) {
            return Err(format!(
                "{name} must be a finite number of 0 or more (fibre_km_per_ms above 0)"
            ));
        }
        let slot = match name.trim() {
            "route_factor_k" => &mut self.route_factor_k,
            "fibre_km_per_ms" => &mut self.fibre_km_per_ms,
            "access_ms" => &mut self.access_ms,
            "onsite_lan_ms" => &mut self.onsite_lan_ms,
            "radio_ms" => &mut self.radio_ms,
            "carrier_egress_ms" => &mut self.carrier_egress_ms,
            "max_service_link_rtt_ms" => &mut self.max_service_link_rtt_ms,
            other => {
                return Err(format!(
                    "unknown parameter `{other}`; known: route_factor_k, fibre_km_per_ms, access_ms, onsite_lan_ms, radio_ms, carrier_egress_ms, max_service_link_rtt_ms"
                ));
            }
        };
        *slot = value;
        Ok(())
    }
}

/// What the path between users and a location is like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathShape {
    /// On-premises clients to an Outpost at their own site (distance 0, on-site LAN).
    pub onsite: bool,
    /// Mobile 5G clients.
    pub mobile: bool,
    /// To a Wavelength Zone of the users' own carrier.
    pub own_carrier_wavelength: bool,
}

/// The model RTT over `distance_km`.
pub fn model_rtt_ms(parameters: &ModelParameters, distance_km: f64, path: PathShape) -> f64 {
    let mut rtt = if path.onsite {
        parameters.onsite_lan_ms
    } else {
        2.0 * distance_km * parameters.route_factor_k / parameters.fibre_km_per_ms
            + parameters.access_ms
    };
    if path.mobile {
        rtt += parameters.radio_ms;
        if !path.own_carrier_wavelength {
            rtt += parameters.carrier_egress_ms;
        }
    }
    rtt
}

/// Measured RTTs, by (users as written in the workload, lower case; location).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeasuredRtts {
    values: HashMap<(String, String), f64>,
}

impl MeasuredRtts {
    /// Parses a CSV with the header `from,location,rtt_ms`. Errors name the line.
    pub fn parse_csv(text: &str) -> Result<MeasuredRtts, String> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| format!("line 1: {e}"))?
            .clone();
        if headers.iter().collect::<Vec<_>>() != ["from", "location", "rtt_ms"] {
            return Err("line 1: the header must be `from,location,rtt_ms`".into());
        }
        let mut values = HashMap::new();
        for (index, record) in reader.records().enumerate() {
            let line = index + 2;
            let record = record.map_err(|e| format!("line {line}: {e}"))?;
            let (Some(from), Some(location), Some(rtt)) =
                (record.get(0), record.get(1), record.get(2))
            else {
                return Err(format!("line {line}: expected three fields"));
            };
            let rtt: f64 = rtt
                .parse()
                .map_err(|_| format!("line {line}: rtt_ms `{rtt}` is not a number"))?;
            if !rtt.is_finite() || rtt < 0.0 {
                return Err(format!(
                    "line {line}: rtt_ms must be 0 or more, found {rtt}"
                ));
            }
            values.insert((from.to_lowercase(), location.to_owned()), rtt);
        }
        Ok(MeasuredRtts { values })
    }

    /// Adds or replaces one measurement.
    pub fn insert(&mut self, from: &str, location: &str, rtt_ms: f64) {
        self.values
            .insert((from.to_lowercase(), location.to_owned()), rtt_ms);
    }

    /// The measured RTT from `from` (a workload's user label) to `location`, if any.
    pub fn get(&self, from: &str, location: &str) -> Option<f64> {
        if self.values.is_empty() {
            return None;
        }
        self.values
            .get(&(from.to_lowercase(), location.to_owned()))
            .copied()
    }

    /// True when no measurement is loaded.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_adds_what_the_domain_notes_say() {
        let p = ModelParameters::default();
        let wired = PathShape {
            onsite: false,
            mobile: false,
            own_carrier_wavelength: false,
        };
        assert!(
            (model_rtt_ms(&p, 1000.0, wired) - (2.0 * 1000.0 * 2.1 / 200.0 + 2.0)).abs() < 1e-9
        );
        assert_eq!(
            model_rtt_ms(
                &p,
                0.0,
                PathShape {
                    onsite: true,
                    ..wired
                }
            ),
            0.5
        );
        let mobile = PathShape {
            mobile: true,
            ..wired
        };
        assert_eq!(model_rtt_ms(&p, 0.0, mobile), 22.0);
        assert_eq!(
            model_rtt_ms(
                &p,
                0.0,
                PathShape {
                    own_carrier_wavelength: true,
                    ..mobile
                }
            ),
            12.0
        );
    }

    #[test]
    fn parameters_are_set_by_name_and_checked() {
        let mut p = ModelParameters::default();
        p.set("route_factor_k=1.3").expect("valid");
        assert_eq!(p.route_factor_k, 1.3);
        assert!(p.set("speed_of_light=3").is_err());
        assert!(p.set("access_ms=-1").is_err());
        assert!(p.set("fibre_km_per_ms=0").is_err());
    }

    #[test]
    fn measured_csv_is_checked_line_by_line() {
        let measured = MeasuredRtts::parse_csv("from,location,rtt_ms\nChicago,us-east-2,9.5\n")
            .expect("parses");
        assert_eq!(measured.get("chicago", "us-east-2"), Some(9.5));
        let error = MeasuredRtts::parse_csv("from,location,rtt_ms\nChicago,us-east-2,fast\n")
            .expect_err("bad number");
        assert!(error.starts_with("line 2"), "{error}");
        assert!(MeasuredRtts::parse_csv("a,b\n").is_err());
    }
}
