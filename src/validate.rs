//! Checks that an estate from outside (an imported file) is coherent: ids unique within their
//! kind, every reference resolves (the references are those of [`crate::model::references`],
//! the same the estate graph draws), VLANs and ASNs in range.
//!
//! Every problem names the path of the offending field (`estate.vifs[3].local_gateway_id`), so a
//! person can find it in the file. A reference to an entity that the snapshot's own warnings
//! say could not be fetched in that Region is not a problem: a sync that lost one call still
//! exports a file that imports again.

use std::collections::{HashMap, HashSet};

use crate::model::references::{ASN_RANGE, Target, VLAN_RANGE, visit_references};
use crate::model::{EntityKind, Estate, Warning};

/// One problem found in an estate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending field, e.g. `estate.vifs[3].vlan`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

struct Checker<'a> {
    ids: HashMap<EntityKind, HashSet<&'a str>>,
    outpost_arns: HashSet<&'a str>,
    warnings: &'a [Warning],
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn problem(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }

    /// Records a problem when `id` is not an entity of `kind` (and no warning explains it).
    fn reference(
        &mut self,
        path: impl FnOnce() -> String,
        kind: EntityKind,
        id: &str,
        region: &str,
    ) {
        let known = self.ids.get(&kind).is_some_and(|ids| ids.contains(id));
        if !known
            && !self
                .warnings
                .iter()
                .any(|w| w.explains_missing(kind, region))
        {
            self.problem(
                path(),
                format!("refers to {kind} `{id}`, which is not in the snapshot"),
            );
        }
    }

    fn outpost_arn(&mut self, path: impl FnOnce() -> String, arn: &str, region: &str) {
        if !self.outpost_arns.contains(arn)
            && !self
                .warnings
                .iter()
                .any(|w| w.explains_missing(EntityKind::Outpost, region))
        {
            self.problem(
                path(),
                format!("refers to Outpost ARN `{arn}`, which is not in the snapshot"),
            );
        }
    }

    fn vlan(&mut self, path: String, vlan: u16) {
        if !VLAN_RANGE.contains(&vlan) {
            self.problem(
                path,
                format!(
                    "VLAN {vlan} is outside {}-{}",
                    VLAN_RANGE.start(),
                    VLAN_RANGE.end()
                ),
            );
        }
    }

    fn asn(&mut self, path: String, asn: u32) {
        if !ASN_RANGE.contains(&asn) {
            self.problem(
                path,
                format!(
                    "BGP ASN {asn} is reserved (valid: {}-{})",
                    ASN_RANGE.start(),
                    ASN_RANGE.end()
                ),
            );
        }
    }
}

/// Checks `estate`, tolerating references that `warnings` explain. Returns every problem found.
pub fn check_estate(estate: &Estate, warnings: &[Warning]) -> Vec<Problem> {
    let mut checker = Checker {
        ids: HashMap::new(),
        outpost_arns: estate
            .outposts
            .iter()
            .map(|o| o.outpost_arn.as_str())
            .collect(),
        warnings,
        problems: Vec::new(),
    };
    let mut positions: HashMap<EntityKind, usize> = HashMap::new();
    let _ = estate.visit_entities::<std::convert::Infallible>(|entity| {
        let kind = entity.kind();
        let index = positions.entry(kind).or_default();
        if !checker.ids.entry(kind).or_default().insert(entity.id()) {
            let path = format!("estate.{}[{index}]", kind.field_name());
            checker.problem(
                path,
                format!("{kind} id `{}` appears more than once", entity.id()),
            );
        }
        *index += 1;
        Ok(())
    });

    visit_references(estate, |reference| {
        if !reference.required {
            return;
        }
        let path = || reference.path();
        match reference.target {
            Target::Entity(kind) => checker.reference(path, kind, reference.id, reference.region),
            Target::OutpostArn => checker.outpost_arn(path, reference.id, reference.region),
        }
    });
    for (i, vif) in estate.vifs.iter().enumerate() {
        let at = |field: &str| format!("estate.vifs[{i}].{field}");
        checker.vlan(at("vlan"), vif.vlan);
        checker.asn(at("local_bgp_asn"), vif.local_bgp_asn);
        checker.asn(at("peer_bgp_asn"), vif.peer_bgp_asn);
    }
    for (i, vif) in estate.service_link_vifs.iter().enumerate() {
        checker.vlan(format!("estate.service_link_vifs[{i}].vlan"), vif.vlan);
        checker.asn(
            format!("estate.service_link_vifs[{i}].peer_bgp_asn"),
            vif.peer_bgp_asn,
        );
    }
    checker.problems
}
