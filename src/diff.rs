//! The difference between two estates: entities added, removed, and changed field by field.
//!
//! Entities are matched by kind and AWS id. Unchanged entities are found by comparing their
//! serialised JSON, so only the few that differ are taken apart field by field; a diff of two
//! 100k-entity snapshots costs about as much as serialising them.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{EntityKind, Estate};

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

/// Everything that differs between two estates, sorted by kind then id.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EstateDiff {
    /// Present only in the newer estate.
    pub added: Vec<EntityKey>,
    /// Present only in the older estate.
    pub removed: Vec<EntityKey>,
    /// Present in both with different fields.
    pub changed: Vec<ChangedEntity>,
}

impl EstateDiff {
    /// True when the two estates hold the same entities with the same fields.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares `before` with `after`.
pub fn diff(before: &Estate, after: &Estate) -> Result<EstateDiff, serde_json::Error> {
    let old = serialised(before)?;
    let new = serialised(after)?;
    let mut result = EstateDiff::default();
    for ((kind, id), new_json) in &new {
        match old.get(&(*kind, *id)) {
            None => result.added.push(EntityKey {
                kind: *kind,
                id: (*id).to_owned(),
            }),
            Some(old_json) if old_json != new_json => {
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
    for (kind, id) in old.keys() {
        if !new.contains_key(&(*kind, *id)) {
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
    Ok(result)
}

fn serialised(estate: &Estate) -> Result<HashMap<(EntityKind, &str), String>, serde_json::Error> {
    let mut map = HashMap::with_capacity(estate.entity_count());
    estate.visit_entities(|entity| {
        map.insert((entity.kind(), entity.id()), entity.to_json()?);
        Ok(())
    })?;
    Ok(map)
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
