//! The difference between two estates: entities added, removed, and changed field by field.
//!
//! Entities are matched by kind and AWS id. Unchanged entities are found by comparing their
//! serialised JSON, so only the few that differ are taken apart field by field; a diff of two
//! 100k-entity snapshots costs about as much as serialising them.
//!
//! A sync that could not read a kind (a denied or failing call) stores a warning naming the
//! kinds it lacks. Those gaps are not changes: an entity absent from a snapshot whose warnings
//! explain its absence, or changed where the snapshot's data of its kind is incomplete, is
//! listed under [`EstateDiff::not_fetched`] with the warning, never as removed, added or
//! emptied.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::model::{EntityKind, Estate, Warning};

/// An entity present on one side only.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntityKey {
    /// Its kind.
    pub kind: EntityKind,
    /// Its AWS id.
    pub id: String,
}

/// One field that differs, by its dotted path (`tags.Name`, `compute_attributes.state`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's path.
    pub field: String,
    /// The value in the older snapshot (`null` when absent).
    pub before: Value,
    /// The value in the newer snapshot (`null` when absent).
    pub after: Value,
}

/// An entity present on both sides with different fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangedEntity {
    /// Its kind.
    pub kind: EntityKind,
    /// Its AWS id.
    pub id: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// Which snapshot of a diff a gap is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffSide {
    /// The older snapshot.
    From,
    /// The newer snapshot.
    To,
}

/// Entities of one kind a snapshot's sync could not read, and what the diff set apart
/// because of it (`diff --json`'s `not_fetched` array).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NotFetched {
    /// The snapshot whose sync could not read them.
    pub snapshot: DiffSide,
    /// The kind.
    pub kind: EntityKind,
    /// The Region, `None` for every Region.
    pub region: Option<String>,
    /// The Outpost, when the failed call was about one.
    pub outpost_id: Option<String>,
    /// The account the snapshot was taken in, when known.
    pub account_id: Option<String>,
    /// The warning: the call and what AWS said.
    pub warning: String,
    /// Entities of this kind the diff would otherwise have listed as removed, added or
    /// changed, sorted.
    pub ids: Vec<String>,
}

/// Everything that differs between two estates, sorted by kind then id.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EstateDiff {
    /// Present only in the newer estate.
    pub added: Vec<EntityKey>,
    /// Present only in the older estate.
    pub removed: Vec<EntityKey>,
    /// Present in both with different fields.
    pub changed: Vec<ChangedEntity>,
    /// What either snapshot could not read: set apart, never counted as a change. (Not part
    /// of the serialised diff: `diff --json` prints it beside it, as `not_fetched`.)
    #[serde(skip)]
    pub not_fetched: Vec<NotFetched>,
}

impl EstateDiff {
    /// True when the two estates hold the same entities with the same fields.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One snapshot of a diff: its entities and what its sync could not read.
#[derive(Clone, Copy, Debug)]
pub struct Snapshot<'a> {
    /// The entities.
    pub estate: &'a Estate,
    /// The warnings of the sync that took it.
    pub warnings: &'a [Warning],
    /// The account it was taken in.
    pub account_id: Option<&'a str>,
}

impl<'a> Snapshot<'a> {
    /// An estate with no warnings (a demo, a complete sync).
    pub fn complete(estate: &'a Estate) -> Snapshot<'a> {
        Snapshot {
            estate,
            warnings: &[],
            account_id: None,
        }
    }
}

/// Compares `before` with `after`, both taken completely.
pub fn diff(before: &Estate, after: &Estate) -> Result<EstateDiff, serde_json::Error> {
    diff_snapshots(Snapshot::complete(before), Snapshot::complete(after))
}

/// Compares two snapshots, setting apart what either one's sync could not read.
pub fn diff_snapshots(
    before: Snapshot<'_>,
    after: Snapshot<'_>,
) -> Result<EstateDiff, serde_json::Error> {
    let old = serialised(before.estate)?;
    let new = serialised(after.estate)?;
    let mut gaps = Gaps::new(before, after);
    let mut result = EstateDiff::default();
    for ((kind, id), (new_json, new_place)) in &new {
        match old.get(&(*kind, *id)) {
            None => {
                if !gaps.explain(DiffSide::From, *kind, id, new_place) {
                    result.added.push(EntityKey {
                        kind: *kind,
                        id: (*id).to_owned(),
                    });
                }
            }
            Some((old_json, _)) if old_json != new_json => {
                if gaps.explain(DiffSide::To, *kind, id, new_place)
                    || gaps.explain(DiffSide::From, *kind, id, new_place)
                {
                    continue;
                }
                let old_value: Value = serde_json::from_str(old_json)?;
                let new_value: Value = serde_json::from_str(new_json)?;
                let mut fields = Vec::new();
                compare("", &old_value, &new_value, &mut fields);
                result.changed.push(ChangedEntity {
                    kind: *kind,
                    id: (*id).to_owned(),
                    fields,
                });
            }
            Some(_) => {}
        }
    }
    for ((kind, id), (_, old_place)) in &old {
        if !new.contains_key(&(*kind, *id)) && !gaps.explain(DiffSide::To, *kind, id, old_place) {
            result.removed.push(EntityKey {
                kind: *kind,
                id: (*id).to_owned(),
            });
        }
    }
    result.added.sort();
    result.removed.sort();
    result
        .changed
        .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    result.not_fetched = gaps.finish();
    Ok(result)
}

/// Where an entity was observed: its Region and account, and its Outpost when it belongs to one.
struct Place<'a> {
    region: &'a str,
    account_id: &'a str,
    outpost_id: Option<String>,
}

/// The gaps of both snapshots (one per warning and kind) and the ids each one explains.
struct Gaps {
    gaps: Vec<(NotFetched, Warning)>,
}

impl Gaps {
    fn new(before: Snapshot<'_>, after: Snapshot<'_>) -> Gaps {
        let mut gaps = Vec::new();
        for (side, snapshot) in [(DiffSide::From, before), (DiffSide::To, after)] {
            for warning in snapshot.warnings {
                for kind in &warning.missing_kinds {
                    let gap = NotFetched {
                        snapshot: side,
                        kind: *kind,
                        region: warning.region.clone(),
                        outpost_id: warning.outpost_id.clone(),
                        account_id: warning
                            .account_id
                            .clone()
                            .or_else(|| snapshot.account_id.map(str::to_owned)),
                        warning: format!("{}: {}", warning.call, warning.message),
                        ids: Vec::new(),
                    };
                    gaps.push((gap, warning.clone()));
                }
            }
        }
        Gaps { gaps }
    }

    /// Records `id` under the first gap of `side` that explains it; false when none does.
    fn explain(&mut self, side: DiffSide, kind: EntityKind, id: &str, place: &Place<'_>) -> bool {
        let found = self.gaps.iter_mut().find(|(gap, warning)| {
            gap.snapshot == side
                && gap.kind == kind
                && warning.explains(kind, place.region, place.outpost_id.as_deref())
                && warning.is_about_account(place.account_id)
        });
        match found {
            Some((gap, _)) => {
                gap.ids.push(id.to_owned());
                true
            }
            None => false,
        }
    }

    fn finish(self) -> Vec<NotFetched> {
        /// Side, kind, Region, Outpost and warning: what one gap is merged by.
        type GapKey = (DiffSide, EntityKind, Option<String>, Option<String>, String);
        let mut merged: BTreeMap<GapKey, NotFetched> = BTreeMap::new();
        for (gap, _) in self.gaps {
            let key = (
                gap.snapshot,
                gap.kind,
                gap.region.clone(),
                gap.outpost_id.clone(),
                gap.warning.clone(),
            );
            match merged.get_mut(&key) {
                Some(existing) => existing.ids.extend(gap.ids),
                None => {
                    merged.insert(key, gap);
                }
            }
        }
        merged
            .into_values()
            .map(|mut gap| {
                gap.ids.sort();
                gap.ids.dedup();
                gap
            })
            .collect()
    }
}

type Serialised<'a> = HashMap<(EntityKind, &'a str), (String, Place<'a>)>;

fn serialised(estate: &Estate) -> Result<Serialised<'_>, serde_json::Error> {
    let mut map = HashMap::with_capacity(estate.entity_count());
    estate.visit_entities(|entity| {
        let json = entity.to_json()?;
        let outpost_id = outpost_of(entity.kind(), &json);
        let place = Place {
            region: entity.region(),
            account_id: entity.account_id(),
            outpost_id,
        };
        map.insert((entity.kind(), entity.id()), (json, place));
        Ok(())
    })?;
    Ok(map)
}

/// The Outpost an entity of `kind` belongs to, for the kinds a per-Outpost call returns.
fn outpost_of(kind: EntityKind, json: &str) -> Option<String> {
    if !matches!(
        kind,
        EntityKind::Asset
            | EntityKind::AssetInstance
            | EntityKind::CapacityTask
            | EntityKind::InstanceTypeOffering
    ) {
        return None;
    }
    let value: Value = serde_json::from_str(json).ok()?;
    if let Some(outpost) = value.get("outpost_id").and_then(Value::as_str) {
        return Some(outpost.to_owned());
    }
    // Offerings on an Outpost are located by its ARN (`...:outpost/op-...`).
    let location = value.get("location").and_then(Value::as_str)?;
    location
        .rsplit_once(":outpost/")
        .map(|(_, outpost)| outpost.to_owned())
}

fn compare(path: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                compare(
                    &child,
                    old.get(key).unwrap_or(&Value::Null),
                    new.get(key).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if before != after => out.push(FieldChange {
            field: path.to_owned(),
            before: before.clone(),
            after: after.clone(),
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(region: &str, call: &str, kinds: &[EntityKind], outpost: Option<&str>) -> Warning {
        Warning {
            region: Some(region.to_owned()),
            call: call.to_owned(),
            message: "InternalError: retries exhausted".to_owned(),
            iam_action: None,
            missing_kinds: kinds.to_vec(),
            outpost_id: outpost.map(str::to_owned),
            account_id: None,
        }
    }

    #[test]
    fn what_a_failed_call_could_not_read_is_not_fetched_never_removed_or_emptied() {
        let before = crate::demo::demo().expect("demo").estate;
        let mut after = before.clone();
        // DescribeLocalGatewayRouteTableVpcAssociations failed: associations look emptied.
        let table = after.route_tables.first_mut().expect("a route table");
        let table_region = table.region.clone();
        let table_id = table.local_gateway_route_table_id.clone();
        table.vpc_associations.clear();
        // ListAssets of one Outpost failed: its assets are missing.
        let outpost = before.outposts.first().expect("an Outpost").clone();
        after
            .assets
            .retain(|asset| asset.outpost_id != outpost.outpost_id);
        let missing_assets = before.assets.len() - after.assets.len();
        assert!(missing_assets > 0);
        let warnings = [
            warning(
                &table_region,
                "ec2:DescribeLocalGatewayRouteTableVpcAssociations",
                &[EntityKind::RouteTable],
                None,
            ),
            warning(
                &outpost.region,
                "outposts:ListAssets",
                &[EntityKind::Asset],
                Some(&outpost.outpost_id),
            ),
        ];
        let changes = diff_snapshots(
            Snapshot::complete(&before),
            Snapshot {
                estate: &after,
                warnings: &warnings,
                account_id: Some("123456789012"),
            },
        )
        .expect("diff");
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(changes.not_fetched.len(), 2);
        let tables = changes
            .not_fetched
            .iter()
            .find(|gap| gap.kind == EntityKind::RouteTable)
            .expect("route tables not fetched");
        assert_eq!(tables.ids, vec![table_id]);
        assert_eq!(tables.snapshot, DiffSide::To);
        let assets = changes
            .not_fetched
            .iter()
            .find(|gap| gap.kind == EntityKind::Asset)
            .expect("assets not fetched");
        assert_eq!(assets.ids.len(), missing_assets);
        assert_eq!(
            assets.outpost_id.as_deref(),
            Some(outpost.outpost_id.as_str())
        );
        assert_eq!(assets.account_id.as_deref(), Some("123456789012"));
        // Without the warnings the same estates are a removal and an emptied field.
        let plain = diff(&before, &after).expect("diff");
        assert_eq!(plain.removed.len(), missing_assets);
        assert_eq!(plain.changed.len(), 1);
    }

    #[test]
    fn another_outposts_assets_still_count_as_removed() {
        let before = crate::demo::demo().expect("demo").estate;
        let mut after = before.clone();
        let outposts: Vec<String> = before
            .outposts
            .iter()
            .map(|o| o.outpost_id.clone())
            .collect();
        assert!(outposts.len() > 1);
        after.assets.retain(|asset| asset.outpost_id != outposts[1]);
        let first = &before.outposts[0];
        let warnings = [warning(
            &first.region,
            "outposts:ListAssets",
            &[EntityKind::Asset],
            Some(&first.outpost_id),
        )];
        let changes = diff_snapshots(
            Snapshot::complete(&before),
            Snapshot {
                estate: &after,
                warnings: &warnings,
                account_id: None,
            },
        )
        .expect("diff");
        assert!(!changes.removed.is_empty(), "a real removal stays one");
        assert!(changes.not_fetched[0].ids.is_empty());
    }
}
