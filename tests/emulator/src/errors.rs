//! AWS errors and how each protocol writes them.
//!
//! Handlers fail with an [`ApiError`] (code, message, HTTP status); [`Protocol`] renders it the
//! way the service's real endpoint does: EC2's `<Response><Errors>` document, STS's
//! `<ErrorResponse>`, REST-JSON's `x-amzn-ErrorType` header with a `message` body, and JSON 1.1's
//! `__type` body. The SDKs classify retries by these codes and statuses, so they must be exact.

use crate::reply::Reply;
use crate::xml::Xml;

/// An error as AWS reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The error code, e.g. `InvalidParameterValue`, `NotFoundException`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// The HTTP status the endpoint answers with.
    pub status: u16,
}

impl ApiError {
    /// An error with a code, a status and a message.
    pub fn new(code: &str, status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_owned(),
            message: message.into(),
            status,
        }
    }

    /// EC2's `InvalidParameterValue` (400).
    pub fn invalid_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new("InvalidParameterValue", 400, message)
    }
}

/// The wire protocol of a service, which decides how errors look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// EC2's query protocol with XML responses.
    Ec2,
    /// The AWS query protocol (STS).
    Query,
    /// REST with JSON bodies (Outposts).
    RestJson,
    /// JSON 1.1 with `X-Amz-Target` (EC2 Instance Connect).
    Json11,
}

impl Protocol {
    /// The error response for this protocol.
    pub fn error_reply(self, error: &ApiError, request_id: &str) -> Reply {
        match self {
            Protocol::Ec2 => {
                let mut xml = Xml::new();
                xml.open("Response").open("Errors").open("Error");
                xml.text("Code", &error.code)
                    .text("Message", &error.message);
                xml.close("Error").close("Errors");
                xml.text("RequestID", request_id).close("Response");
                Reply::xml(error.status, xml.finish())
            }
            Protocol::Query => {
                let mut xml = Xml::new();
                xml.open_ns("ErrorResponse", "https://sts.amazonaws.com/doc/2011-06-15/");
                xml.open("Error");
                let fault = if error.status >= 500 {
                    "Receiver"
                } else {
                    "Sender"
                };
                xml.text("Type", fault)
                    .text("Code", &error.code)
                    .text("Message", &error.message);
                xml.close("Error").text("RequestId", request_id);
                xml.close("ErrorResponse");
                Reply::xml(error.status, xml.finish())
            }
            Protocol::RestJson => {
                let body = serde_json::json!({ "message": error.message });
                Reply::json(error.status, body.to_string())
                    .with_header("x-amzn-ErrorType", &error.code)
            }
            Protocol::Json11 => {
                let body = serde_json::json!({ "__type": error.code, "Message": error.message });
                Reply::json(error.status, body.to_string())
                    .with_content_type("application/x-amz-json-1.1")
            }
        }
    }
}
