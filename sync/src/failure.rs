//! How a failed AWS call is classified and reported.
//!
//! The SDK has already retried what retrying can fix (throttling, 5xx, dropped connections)
//! by the time a call fails here. What is left becomes a [`Warning`]: the Region, the call
//! (`ec2:DescribeVpcs`), AWS's code and message, and for permission errors the IAM action the
//! policy must allow, which for these read calls is the call itself.

use aws_sdk_ec2::error::SdkError;
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata};
use edge_atlas::model::{EntityKind, Warning};

/// A call that failed after the SDK's retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFailure {
    /// AWS's error code, when AWS answered (`UnauthorizedOperation`, `OptInRequired`, …).
    pub code: Option<String>,
    /// What went wrong, AWS's message or the transport error.
    pub message: String,
    /// The request never got an answer (DNS, connect, dropped connection, timeout).
    pub no_answer: bool,
    /// The endpoint could not be reached at all (connect or I/O failure, timeout), as opposed
    /// to a request that failed before it was sent (no credentials in the chain).
    pub unreachable: bool,
}

/// Codes meaning the caller lacks a permission (the IAM action is worth naming).
const PERMISSION_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
];

impl CallFailure {
    /// Classifies an SDK error of any service.
    pub fn from_sdk<E, R>(error: &SdkError<E, R>) -> CallFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        let no_answer = matches!(
            error,
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
        );
        let unreachable = match error {
            SdkError::TimeoutError(_) => true,
            SdkError::DispatchFailure(failure) => failure.is_io() || failure.is_timeout(),
            _ => false,
        };
        let code = error.code().map(str::to_owned);
        let message = match (error.code(), error.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_owned(),
            _ => DisplayErrorContext(error).to_string(),
        };
        CallFailure {
            code,
            message,
            no_answer,
            unreachable,
        }
    }

    /// Whether a permission was missing.
    pub fn is_permission(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(|code| PERMISSION_CODES.contains(&code))
    }

    /// The warning for this failure of `call` (`service:Operation`) in `region`.
    pub fn warning(&self, region: &str, call: &str, missing_kinds: &[EntityKind]) -> Warning {
        Warning {
            region: Some(region.to_owned()),
            call: call.to_owned(),
            message: self.message.clone(),
            iam_action: self.is_permission().then(|| call.to_owned()),
            missing_kinds: missing_kinds.to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_failures_name_the_iam_action() {
        let failure = CallFailure {
            code: Some("UnauthorizedOperation".into()),
            message: "denied".into(),
            no_answer: false,
            unreachable: false,
        };
        let warning = failure.warning("eu-central-1", "ec2:DescribeVpcs", &[EntityKind::Vpc]);
        assert_eq!(warning.iam_action.as_deref(), Some("ec2:DescribeVpcs"));
        assert_eq!(warning.region.as_deref(), Some("eu-central-1"));
        let throttled = CallFailure {
            code: Some("RequestLimitExceeded".into()),
            message: "slow down".into(),
            no_answer: false,
            unreachable: false,
        };
        assert_eq!(
            throttled.warning("r", "ec2:DescribeVpcs", &[]).iam_action,
            None
        );
    }
}
