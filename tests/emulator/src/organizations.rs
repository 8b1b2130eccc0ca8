//! AWS Organizations (JSON 1.1): the account listings an organisation sync makes, over the
//! `org:N` fixture's organisation ([`crate::org_fixture`]).
//!
//! `ListAccounts`, `ListAccountsForParent` and `ListOrganizationalUnitsForParent`, paged by
//! `NextToken` in the emulator's page size. Only the management account may list (AWS also
//! lets a delegated administrator; the fixture has none): any other caller gets
//! `AccessDeniedException`, and a fixture without an organisation answers
//! `AWSOrganizationsNotInUseException`, as an account outside any organisation does. Accounts
//! a run suspends ([`crate::faults::FaultConfig::suspended_accounts`]) are listed with the
//! `State` (and the retiring `Status`) `SUSPENDED`.

use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::faults::FaultConfig;
use crate::org_fixture::{ORGANIZATION_ID, Organization, ROOT_ID};
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;

const TARGET_PREFIX: &str = "AWSOrganizationsV20161128.";
/// When every fixture account joined (2024-01-15T09:00:00Z), in epoch seconds.
const JOINED_EPOCH_SECONDS: i64 = 1_705_309_200;

/// The operation named by `X-Amz-Target`.
pub fn operation_name(request: &ApiRequest) -> String {
    request.target_operation(TARGET_PREFIX)
}

/// Answers one Organizations request from `caller_account`.
pub fn handle(
    state: &State,
    caller_account: &str,
    request: &ApiRequest,
    faults: &FaultConfig,
) -> Result<Reply, ApiError> {
    let operation = operation_name(request);
    let body = request.json_body()?;
    let Some(organization) = &state.fixture.organization else {
        return Err(ApiError::new(
            "AWSOrganizationsNotInUseException",
            400,
            "Your account is not a member of an organization.",
        ));
    };
    if caller_account != organization.management_account_id {
        return Err(ApiError::new(
            "AccessDeniedException",
            400,
            "You don't have permissions to access this resource.",
        ));
    }
    let parent = || -> Result<String, ApiError> {
        let parent = body
            .get("ParentId")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ApiError::new(
                    "InvalidInputException",
                    400,
                    "You provided a value that does not match the required pattern: ParentId is required.",
                )
            })?;
        let known = parent == ROOT_ID || organization.units.iter().any(|unit| unit.id == parent);
        if !known {
            return Err(ApiError::new(
                "ParentNotFoundException",
                400,
                "We can't find a root or OU with the ParentId that you specified.",
            ));
        }
        Ok(parent.to_owned())
    };
    let (field, items): (&str, Vec<Value>) = match operation.as_str() {
        "ListAccounts" => (
            "Accounts",
            organization
                .accounts
                .iter()
                .map(|account| account_json(organization, account, faults))
                .collect(),
        ),
        "ListAccountsForParent" => {
            let parent = parent()?;
            (
                "Accounts",
                organization
                    .accounts
                    .iter()
                    .filter(|account| account.parent_id == parent)
                    .map(|account| account_json(organization, account, faults))
                    .collect(),
            )
        }
        "ListOrganizationalUnitsForParent" => {
            let parent = parent()?;
            (
                "OrganizationalUnits",
                organization
                    .units
                    .iter()
                    .filter(|unit| unit.parent_id == parent)
                    .map(|unit| {
                        json!({
                            "Id": unit.id,
                            "Arn": format!(
                                "arn:aws:organizations::{}:ou/{ORGANIZATION_ID}/{}",
                                organization.management_account_id, unit.id
                            ),
                            "Name": unit.name,
                        })
                    })
                    .collect(),
            )
        }
        other => {
            return Err(ApiError::new(
                "UnknownOperationException",
                400,
                format!("This emulator does not serve the Organizations operation `{other}`."),
            ));
        }
    };
    let page_size = body
        .get("MaxResults")
        .and_then(Value::as_u64)
        .map_or(state.page_size, |asked| (asked as usize).clamp(1, 20))
        .min(state.page_size);
    let start = match body.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => token
            .strip_prefix("page-")
            .and_then(|offset| offset.parse::<usize>().ok())
            .filter(|offset| *offset <= items.len())
            .ok_or_else(|| {
                ApiError::new(
                    "InvalidInputException",
                    400,
                    "You specified an invalid value for nextToken.",
                )
            })?,
    };
    let end = (start + page_size).min(items.len());
    let mut answer = json!({ field: items[start..end].to_vec() });
    if end < items.len() {
        answer["NextToken"] = json!(format!("page-{end}"));
    }
    Ok(Reply::json(200, answer.to_string()).with_content_type("application/x-amz-json-1.1"))
}

fn account_json(
    organization: &Organization,
    account: &crate::org_fixture::OrganizationAccount,
    faults: &FaultConfig,
) -> Value {
    let state = if faults.suspended_accounts.contains(&account.id) {
        "SUSPENDED"
    } else {
        account.state.as_str()
    };
    json!({
        "Id": account.id,
        "Arn": format!(
            "arn:aws:organizations::{}:account/{ORGANIZATION_ID}/{}",
            organization.management_account_id, account.id
        ),
        "Email": account.email,
        "Name": account.name,
        "Status": state,
        "State": state,
        "JoinedMethod": if account.id == organization.management_account_id { "CREATED" } else { "INVITED" },
        "JoinedTimestamp": JOINED_EPOCH_SECONDS,
    })
}
