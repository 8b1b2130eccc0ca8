//! How a failed AWS call is classified and reported.
//!
//! Each failed attempt is classified ([`Transience`]): throttling, server errors and requests
//! that got no answer heal by themselves and are retried ([`crate::retry`]); everything else
//! (permissions, opt-in, bad input) will not. What is left after the retries becomes a
//! [`Warning`]: the Region, the call (`ec2:DescribeVpcs`), AWS's code and message, and for
//! permission errors the IAM action the policy must allow, which for these read calls is the
//! call itself.

use aws_sdk_ec2::config::http::HttpResponse;
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
    /// The HTTP status of AWS's answer, when there was one.
    pub status: Option<u16>,
    /// The innermost cause in plain words (`the credential provider was not enabled`), for
    /// messages that must stay one sentence.
    pub cause: String,
}

/// Whether a failed attempt may succeed when tried again, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transience {
    /// AWS asked the caller to slow down (`RequestLimitExceeded`, `ThrottlingException`, 429).
    Throttled,
    /// AWS failed on its side (500, 502, 503, 504, `InternalError`, `Unavailable`).
    ServerError,
    /// The request got no answer (connection refused or dropped, timeout).
    NoAnswer,
    /// Retrying will not help (permissions, opt-in, validation, missing credentials).
    Permanent,
}

/// Codes AWS uses for throttling (the SDK's own list, plus EC2's).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Codes of failures on AWS's side that heal.
const SERVER_ERROR_CODES: &[&str] = &[
    "InternalError",
    "InternalFailure",
    "InternalServerError",
    "InternalServerException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "Unavailable",
    "RequestTimeout",
    "RequestTimeoutException",
];

/// Codes meaning the caller lacks a permission (the IAM action is worth naming).
const PERMISSION_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
];

impl CallFailure {
    /// Classifies an SDK error of any service.
    pub fn from_sdk<E>(error: &SdkError<E, HttpResponse>) -> CallFailure
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let no_answer = match error {
            SdkError::TimeoutError(_) => true,
            SdkError::DispatchFailure(failure) => !failure.is_user(),
            // The connection dropped while the answer was read.
            SdkError::ResponseError(_) => true,
            _ => false,
        };
        let unreachable = match error {
            SdkError::TimeoutError(_) => true,
            SdkError::DispatchFailure(failure) => failure.is_io() || failure.is_timeout(),
            _ => false,
        };
        let code = error.code().map(str::to_owned);
        let status = error
            .raw_response()
            .map(|response| response.status().as_u16());
        let message = match (error.code(), error.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_owned(),
            _ => DisplayErrorContext(error).to_string(),
        };
        let mut cause = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            let text = inner.to_string();
            if !text.is_empty() && text != "other" {
                cause = text;
            }
            source = inner.source();
        }
        CallFailure {
            code,
            message,
            no_answer,
            unreachable,
            status,
            cause,
        }
    }

    /// Whether trying again may help.
    pub fn transience(&self) -> Transience {
        let code = self.code.as_deref().unwrap_or("");
        if THROTTLING_CODES.contains(&code) || self.status == Some(429) {
            Transience::Throttled
        } else if SERVER_ERROR_CODES.contains(&code)
            || self
                .status
                .is_some_and(|status| matches!(status, 500 | 502 | 503 | 504))
        {
            Transience::ServerError
        } else if self.no_answer {
            Transience::NoAnswer
        } else {
            Transience::Permanent
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
            outpost_id: None,
            account_id: None,
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
            status: Some(403),
            cause: "denied".into(),
        };
        let warning = failure.warning("eu-central-1", "ec2:DescribeVpcs", &[EntityKind::Vpc]);
        assert_eq!(warning.iam_action.as_deref(), Some("ec2:DescribeVpcs"));
        assert_eq!(warning.region.as_deref(), Some("eu-central-1"));
        let throttled = CallFailure {
            code: Some("RequestLimitExceeded".into()),
            message: "slow down".into(),
            no_answer: false,
            unreachable: false,
            status: Some(503),
            cause: "slow down".into(),
        };
        assert_eq!(throttled.transience(), Transience::Throttled);
        assert_eq!(failure.transience(), Transience::Permanent);
        assert_eq!(
            throttled.warning("r", "ec2:DescribeVpcs", &[]).iam_action,
            None
        );
    }
}
