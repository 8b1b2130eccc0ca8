//! AWS Organizations: which accounts an organisation sync reads.
//!
//! `ListAccounts` (from the management account or a delegated administrator) lists every
//! account; with an organisational unit, `ListAccountsForParent` lists the unit's accounts and
//! `ListOrganizationalUnitsForParent` its child units, walked to the bottom. Only accounts whose
//! `State` is `ACTIVE` are read: AWS is retiring the older `Status` field, so it is used only
//! when an answer has no `State`.

use aws_sdk_organizations::Client;
use aws_sdk_organizations::types::Account;

use crate::failure::CallFailure;
use crate::rate_limit::AdaptiveLimiter;
use crate::retry::{self, RetryPolicy};

/// An account of the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationAccount {
    /// The 12-digit account id.
    pub account_id: String,
    /// The account's name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_ACTIVATION`, `PENDING_CLOSURE` or `CLOSED` (from `State`,
    /// or `Status` when AWS gave no `State`).
    pub state: String,
}

impl OrganizationAccount {
    /// Whether the account can be read (its state is `ACTIVE`).
    pub fn is_active(&self) -> bool {
        self.state == "ACTIVE"
    }

    fn from_sdk(account: &Account) -> OrganizationAccount {
        let state = match (account.state(), account.status()) {
            (Some(state), _) => state.as_str().to_owned(),
            (None, Some(status)) => status.as_str().to_owned(),
            (None, None) => String::new(),
        };
        OrganizationAccount {
            account_id: account.id().unwrap_or_default().to_owned(),
            name: account.name().unwrap_or_default().to_owned(),
            state,
        }
    }
}

/// Every account of the organisation (`ou: None`) or of one organisational unit and the units
/// below it, in the order AWS lists them, whatever their state; and the requests made.
pub async fn list_accounts(
    client: &Client,
    policy: &RetryPolicy,
    limiter: &AdaptiveLimiter,
    ou: Option<&str>,
) -> Result<(Vec<OrganizationAccount>, u64), CallFailure> {
    let mut requests = 0;
    let Some(ou) = ou else {
        let mut accounts = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let request = client.list_accounts().set_next_token(token.take());
            let output = retry::send(policy, limiter, || request.clone().send()).await?;
            requests += 1;
            accounts.extend(output.accounts().iter().map(OrganizationAccount::from_sdk));
            match output.next_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => return Ok((accounts, requests)),
            }
        }
    };
    let mut accounts = Vec::new();
    let mut units = vec![ou.to_owned()];
    while let Some(parent) = units.pop() {
        let mut token: Option<String> = None;
        loop {
            let request = client
                .list_accounts_for_parent()
                .parent_id(&parent)
                .set_next_token(token.take());
            let output = retry::send(policy, limiter, || request.clone().send()).await?;
            requests += 1;
            accounts.extend(output.accounts().iter().map(OrganizationAccount::from_sdk));
            match output.next_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => break,
            }
        }
        let mut token: Option<String> = None;
        loop {
            let request = client
                .list_organizational_units_for_parent()
                .parent_id(&parent)
                .set_next_token(token.take());
            let output = retry::send(policy, limiter, || request.clone().send()).await?;
            requests += 1;
            units.extend(
                output
                    .organizational_units()
                    .iter()
                    .filter_map(|unit| unit.id().map(str::to_owned)),
            );
            match output.next_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => break,
            }
        }
    }
    Ok((accounts, requests))
}
