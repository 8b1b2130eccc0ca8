//! What is recorded about a snapshot besides its entities: where it came from and what went
//! wrong while it was taken.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::EntityKind;

/// Where a snapshot came from, who took it, and the problems met while taking it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotMeta {
    /// `sync`, `demo`, `import` or another producer's name.
    pub source: String,
    /// The AWS account, when known.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The AWS profile name used, when any (never credentials).
    #[serde(default)]
    pub profile: Option<String>,
    /// The Regions the snapshot covers.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Problems met while taking the snapshot.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// Every account read, sorted (an organisation sync reads many; empty for a snapshot that
    /// did not record it, where `account_id` is the one account).
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Account names by account id, as AWS Organizations lists them.
    #[serde(default)]
    pub account_names: BTreeMap<String, String>,
}

impl SnapshotMeta {
    /// The accounts the snapshot read: `accounts`, or the one `account_id` of a snapshot from
    /// before organisation syncs.
    pub fn accounts_read(&self) -> Vec<String> {
        if self.accounts.is_empty() {
            self.account_id.iter().cloned().collect()
        } else {
            self.accounts.clone()
        }
    }
}

/// A problem met while taking a snapshot: which Region and call, what happened, what is
/// missing because of it, and (for permission errors) the IAM action to grant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// The Region, or `None` for an account-wide problem.
    #[serde(default)]
    pub region: Option<String>,
    /// The API call, e.g. `DescribeLocalGateways`.
    pub call: String,
    /// What happened.
    pub message: String,
    /// The IAM action that was denied, for permission errors.
    #[serde(default)]
    pub iam_action: Option<String>,
    /// The account the problem was met in, when a sync read several (an organisation's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The kinds the snapshot may lack in that Region because of this problem. References to
    /// them from the same Region are tolerated when a snapshot file is checked on import.
    #[serde(default)]
    pub missing_kinds: Vec<EntityKind>,
    /// The Outpost the failed call was about (`ListAssets` of one Outpost), when it was about
    /// one: only that Outpost's entities of `missing_kinds` may be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outpost_id: Option<String>,
}

impl Warning {
    /// True when this warning explains why `kind` may be missing in `region`.
    pub fn explains_missing(&self, kind: EntityKind, region: &str) -> bool {
        self.missing_kinds.contains(&kind) && self.region.as_deref().is_none_or(|r| r == region)
    }

    /// The warnings of `warnings` that leave an Outpost's rack network (its Outpost, site,
    /// assets, local gateway, VIFs, route tables, LAGs, service link) incomplete.
    pub fn about_rack_network<'a>(
        warnings: &'a [Warning],
        region: &str,
        outpost_id: &str,
    ) -> Vec<&'a Warning> {
        const RACK_NETWORK_KINDS: &[EntityKind] = &[
            EntityKind::Outpost,
            EntityKind::Site,
            EntityKind::Asset,
            EntityKind::LocalGateway,
            EntityKind::Vif,
            EntityKind::VifGroup,
            EntityKind::RouteTable,
            EntityKind::OutpostLag,
            EntityKind::ServiceLinkVif,
        ];
        warnings
            .iter()
            .filter(|warning| {
                RACK_NETWORK_KINDS
                    .iter()
                    .any(|kind| warning.explains(*kind, region, Some(outpost_id)))
            })
            .collect()
    }

    /// One line saying what is missing and why: `asset, vif not fetched in us-east-2
    /// (outposts:ListAssets: AccessDeniedException: ...)`.
    pub fn missing_summary(&self) -> String {
        let kinds: Vec<&str> = self
            .missing_kinds
            .iter()
            .map(|kind| kind.as_str())
            .collect();
        let place = match (&self.region, &self.outpost_id) {
            (Some(region), Some(outpost)) => format!(" in {region} on {outpost}"),
            (Some(region), None) => format!(" in {region}"),
            (None, _) => String::new(),
        };
        format!(
            "{} not fetched{place} ({}: {})",
            kinds.join(", "),
            self.call,
            self.message
        )
    }

    /// True when this warning was met in `account` or names no account (a single-account
    /// sync's, or one from before organisation syncs).
    pub fn is_about_account(&self, account: &str) -> bool {
        self.account_id
            .as_deref()
            .is_none_or(|wanted| wanted == account)
    }

    /// True when this warning explains why an entity of `kind` in `region`, on `outpost_id`
    /// when it belongs to an Outpost, may be missing or incomplete.
    pub fn explains(&self, kind: EntityKind, region: &str, outpost_id: Option<&str>) -> bool {
        self.explains_missing(kind, region)
            && match (&self.outpost_id, outpost_id) {
                (Some(wanted), Some(outpost)) => wanted == outpost,
                (Some(_), None) => false,
                (None, _) => true,
            }
    }
}

/// An integer snapshot id; ids only grow, so the largest is the latest.
pub type SnapshotId = i64;

/// A stored snapshot's record, without its entities.
/// (Plain data, so views and reports can hold it without the store.)
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotInfo {
    /// The snapshot id.
    pub id: SnapshotId,
    /// When it was stored, RFC 3339 UTC.
    pub created_at: String,
    /// `sync`, `demo`, `import`, ...
    pub source: String,
    /// The AWS account, when known.
    pub account_id: Option<String>,
    /// The AWS profile used, when any.
    pub profile: Option<String>,
    /// The Regions covered.
    pub regions: Vec<String>,
    /// Problems met while taking it.
    pub warnings: Vec<Warning>,
    /// Every account read (see [`SnapshotMeta::accounts`]).
    pub accounts: Vec<String>,
    /// Account names by account id.
    pub account_names: BTreeMap<String, String>,
    /// Number of entities.
    pub entity_count: u64,
}

impl SnapshotInfo {
    /// An account as people know it: `name (id)` when Organizations named it, else the id.
    pub fn account_label(&self, account_id: &str) -> String {
        match self.account_names.get(account_id) {
            Some(name) if !name.is_empty() => format!("{name} ({account_id})"),
            _ => account_id.to_owned(),
        }
    }

    /// The accounts the snapshot's entities were read in, with their labels, sorted by id:
    /// the recorded `accounts`, or the single `account_id` of an older snapshot.
    pub fn account_labels(&self) -> Vec<(String, String)> {
        let ids: Vec<&String> = if self.accounts.is_empty() {
            self.account_id.iter().collect()
        } else {
            self.accounts.iter().collect()
        };
        ids.into_iter()
            .map(|id| (id.clone(), self.account_label(id)))
            .collect()
    }

    /// The metadata part, as written into a snapshot file.
    pub fn meta(&self) -> SnapshotMeta {
        SnapshotMeta {
            source: self.source.clone(),
            account_id: self.account_id.clone(),
            profile: self.profile.clone(),
            regions: self.regions.clone(),
            warnings: self.warnings.clone(),
            accounts: self.accounts.clone(),
            account_names: self.account_names.clone(),
        }
    }
}
