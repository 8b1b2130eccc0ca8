//! Credentials in another account of the organisation: STS `AssumeRole`.
//!
//! The role is assumed once up front, through the sync's retry and rate limiter, so that a
//! missing role or a trust policy that refuses the caller becomes a warning naming the account
//! before any of its Regions is touched. The account's SDK clients then share a credentials
//! provider ([`RoleCredentials`]) that hands that session to every client and assumes the role
//! again only when the session is about to expire, so an account whose sync outlives one
//! session (an hour by default) goes on. Nothing here is logged or stored: the session lives in the
//! clients of one sync.

use std::time::{Duration, SystemTime};

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider};
use tokio::sync::Mutex;

use crate::failure::CallFailure;
use crate::rate_limit::AdaptiveLimiter;
use crate::retry::{self, RetryPolicy};

/// The session name every assumed role carries (CloudTrail shows it).
pub const SESSION_NAME: &str = "edge-atlas";

/// What to assume in one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleToAssume {
    /// `arn:aws:iam::ACCOUNT:role/NAME`.
    pub role_arn: String,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
}

impl RoleToAssume {
    /// The role `role_name` in `account_id`.
    pub fn in_account(account_id: &str, role_name: &str, external_id: Option<&str>) -> Self {
        RoleToAssume {
            role_arn: format!("arn:aws:iam::{account_id}:role/{role_name}"),
            external_id: external_id.map(str::to_owned),
        }
    }

    /// The account of `role_arn` (its fifth field), when it is an IAM role ARN.
    pub fn account_id(&self) -> Option<&str> {
        let account = self.role_arn.split(':').nth(4)?;
        (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
    }
}

/// Assumes `role` with the caller's `sts` client and returns `base` with the role's
/// credentials (renewed as they expire).
pub async fn assume(
    base: &SdkConfig,
    sts: &aws_sdk_sts::Client,
    policy: &RetryPolicy,
    limiter: &AdaptiveLimiter,
    role: &RoleToAssume,
) -> Result<SdkConfig, CallFailure> {
    let request = sts
        .assume_role()
        .role_arn(&role.role_arn)
        .role_session_name(SESSION_NAME)
        .set_external_id(role.external_id.clone());
    let output = retry::send(policy, limiter, || request.clone().send()).await?;
    let first = output.credentials.map(session_credentials);
    let provider = RoleCredentials {
        sts: sts.clone(),
        role: role.clone(),
        current: Mutex::new(first),
    };
    Ok(base
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build())
}

fn session_credentials(credentials: aws_sdk_sts::types::Credentials) -> Credentials {
    let expires = SystemTime::try_from(*credentials.expiration()).ok();
    Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
        expires,
        "edge-atlas-assume-role",
    )
}

/// A session is assumed again once it has less than this left (AWS sessions last at least
/// 15 minutes; the SDK's identity cache asks again 10 seconds before expiry).
const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// The credentials of one assumed role, shared by every SDK client of its account: the session
/// assumed up front, handed to each client that asks, and a new one assumed only when it is
/// about to expire (one AssumeRole per session, however many clients the account's Regions
/// have).
#[derive(Debug)]
struct RoleCredentials {
    sts: aws_sdk_sts::Client,
    role: RoleToAssume,
    current: Mutex<Option<Credentials>>,
}

impl RoleCredentials {
    async fn load(&self) -> provider::Result {
        let mut current = self.current.lock().await;
        if let Some(session) = current.as_ref() {
            let fresh = session
                .expiry()
                .is_none_or(|expiry| expiry > SystemTime::now() + RENEW_BEFORE);
            if fresh {
                return Ok(session.clone());
            }
        }
        let output = self
            .sts
            .assume_role()
            .role_arn(&self.role.role_arn)
            .role_session_name(SESSION_NAME)
            .set_external_id(self.role.external_id.clone())
            .send()
            .await
            .map_err(CredentialsError::provider_error)?;
        let session = output
            .credentials
            .map(session_credentials)
            .ok_or_else(|| CredentialsError::not_loaded("AssumeRole returned no credentials"))?;
        *current = Some(session.clone());
        Ok(session)
    }
}

impl ProvideCredentials for RoleCredentials {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_names_its_account() {
        let role = RoleToAssume::in_account("210987654321", "EdgeAtlasReadOnly", None);
        assert_eq!(
            role.role_arn,
            "arn:aws:iam::210987654321:role/EdgeAtlasReadOnly"
        );
        assert_eq!(role.account_id(), Some("210987654321"));
        let odd = RoleToAssume {
            role_arn: "arn:aws:iam::not-an-account:role/x".to_owned(),
            external_id: None,
        };
        assert_eq!(odd.account_id(), None);
    }
}
