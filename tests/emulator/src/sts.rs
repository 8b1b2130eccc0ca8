//! AWS STS, query protocol: `GetCallerIdentity`, which the sync calls first to check the
//! credentials and learn the account id, and `AssumeRole`, with which an organisation sync gets
//! into each member account.
//!
//! An assumed session is a key pair starting `ASIA` and a session token that names its account
//! and when it expires ([`Session`]); the server answers every request signed with it for that
//! account ([`crate::server`]), and with `ExpiredToken` once the emulator's clock passes the
//! expiry. Any role name is assumable in any account of the fixture except the accounts a run
//! denies (`deny_roles`, as a role missing or a trust policy refusing the caller would).

use crate::errors::ApiError;
use crate::params::Params;
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;
use crate::xml::Xml;

const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// What a session token starts with.
const TOKEN_PREFIX: &str = "EdgeAtlasEmulatorSession/";
/// AWS's default session length, in seconds.
pub const DEFAULT_SESSION_SECONDS: i64 = 3600;

/// The action named by a request.
pub fn operation_name(request: &ApiRequest) -> String {
    let body = Params::parse(&request.body);
    let query = Params::parse(&request.query);
    body.get("Action")
        .or_else(|| query.get("Action"))
        .unwrap_or("")
        .to_owned()
}

/// An assumed-role session, as its token carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The account the role is in.
    pub account_id: String,
    /// The role's name.
    pub role_name: String,
    /// When it expires, epoch seconds on the emulator's clock.
    pub expires_at: i64,
}

impl Session {
    /// The session a token stands for, when it is one of the emulator's.
    pub fn from_token(token: &str) -> Option<Session> {
        let mut parts = token.strip_prefix(TOKEN_PREFIX)?.split('/');
        let account_id = parts.next()?.to_owned();
        let role_name = parts.next()?.to_owned();
        let expires_at = parts.next()?.parse().ok()?;
        Some(Session {
            account_id,
            role_name,
            expires_at,
        })
    }

    /// The session token that stands for this session (what AssumeRole hands out).
    pub fn token(&self) -> String {
        format!(
            "{TOKEN_PREFIX}{}/{}/{}",
            self.account_id, self.role_name, self.expires_at
        )
    }
}

/// Answers one STS request from `caller` (its account and, for an assumed role, the session).
pub fn handle(
    state: &State,
    caller_account: &str,
    session: Option<&Session>,
    request: &ApiRequest,
    request_id: &str,
) -> Result<Reply, ApiError> {
    let action = operation_name(request);
    let mut xml = Xml::new();
    match action.as_str() {
        "GetCallerIdentity" => {
            let arn = match session {
                Some(session) => format!(
                    "arn:aws:sts::{}:assumed-role/{}/edge-atlas",
                    session.account_id, session.role_name
                ),
                None => format!("arn:aws:iam::{caller_account}:user/edge-atlas-reader"),
            };
            xml.open_ns("GetCallerIdentityResponse", NAMESPACE);
            xml.open("GetCallerIdentityResult")
                .text("Arn", &arn)
                .text("UserId", "AIDAEDGEATLASEMULATOR")
                .text("Account", caller_account)
                .close("GetCallerIdentityResult");
        }
        "AssumeRole" => {
            let params = Params::parse(&request.body);
            let role_arn = params.get("RoleArn").unwrap_or("");
            let session_name = params.get("RoleSessionName").unwrap_or("");
            let (account, role_name) = parse_role_arn(role_arn).ok_or_else(|| {
                ApiError::new("ValidationError", 400, format!("{role_arn} is invalid"))
            })?;
            let valid_name = (2..=64).contains(&session_name.len())
                && session_name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(c));
            if !valid_name {
                return Err(ApiError::new(
                    "ValidationError",
                    400,
                    "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                ));
            }
            if !state.fixture.knows_account(account) || state.faults().deny_roles.contains(account)
            {
                return Err(ApiError::new(
                    "AccessDenied",
                    403,
                    format!(
                        "User: arn:aws:iam::{caller_account}:user/edge-atlas-reader is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
                    ),
                ));
            }
            let duration = params
                .get("DurationSeconds")
                .and_then(|seconds| seconds.parse::<i64>().ok())
                .unwrap_or(DEFAULT_SESSION_SECONDS);
            let lifetime = match state.faults().session_seconds {
                0 => duration,
                shortened => shortened as i64,
            };
            let session = Session {
                account_id: account.to_owned(),
                role_name: role_name.to_owned(),
                expires_at: state.now() + lifetime,
            };
            let sequence = state.next_request() % 10_000;
            xml.open_ns("AssumeRoleResponse", NAMESPACE);
            xml.open("AssumeRoleResult");
            xml.open("Credentials")
                .text("AccessKeyId", &format!("ASIA{account}{sequence:04}"))
                .text("SecretAccessKey", "emulator-session-secret-not-a-real-key")
                .text("SessionToken", &session.token())
                .text("Expiration", &iso8601_utc(session.expires_at))
                .close("Credentials");
            xml.open("AssumedRoleUser")
                .text(
                    "AssumedRoleId",
                    &format!("AROAEDGEATLASEMULATOR:{session_name}"),
                )
                .text(
                    "Arn",
                    &format!("arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}"),
                )
                .close("AssumedRoleUser");
            xml.close("AssumeRoleResult");
        }
        other => {
            return Err(ApiError::new(
                "InvalidAction",
                400,
                format!("Could not find operation {other} for version 2011-06-15 in this emulator"),
            ));
        }
    }
    xml.open("ResponseMetadata")
        .text("RequestId", request_id)
        .close("ResponseMetadata");
    xml.close(&format!("{action}Response"));
    Ok(Reply::xml(200, xml.finish()))
}

/// The account and role name of `arn:aws:iam::ACCOUNT:role/NAME`.
fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("arn:aws:iam::")?;
    let (account, role) = rest.split_once(":role/")?;
    let valid_account = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    let role_name = role.rsplit('/').next()?;
    (valid_account && !role_name.is_empty()).then_some((account, role_name))
}

/// `2026-12-01T13:00:00Z` for epoch seconds (the proleptic Gregorian calendar, UTC).
pub fn iso8601_utc(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let second_of_day = epoch_seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_iso_8601() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_utc(1_705_309_200), "2024-01-15T09:00:00Z");
        assert_eq!(iso8601_utc(1_709_164_800), "2024-02-29T00:00:00Z");
    }

    #[test]
    fn role_arns_and_session_tokens_parse() {
        assert_eq!(
            parse_role_arn("arn:aws:iam::200000000001:role/EdgeAtlasReadOnly"),
            Some(("200000000001", "EdgeAtlasReadOnly"))
        );
        assert_eq!(
            parse_role_arn("arn:aws:iam::200000000001:role/path/to/Reader"),
            Some(("200000000001", "Reader"))
        );
        assert_eq!(parse_role_arn("arn:aws:iam::2000:role/x"), None);
        let session = Session {
            account_id: "200000000001".into(),
            role_name: "Reader".into(),
            expires_at: 42,
        };
        assert_eq!(Session::from_token(&session.token()), Some(session));
        assert_eq!(Session::from_token("FwoGZXIvYXdzE"), None);
    }
}
