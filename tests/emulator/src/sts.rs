//! AWS STS, query protocol: GetCallerIdentity, which the sync calls first to check the
//! credentials and learn the account id.

use crate::errors::ApiError;
use crate::params::Params;
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;
use crate::xml::Xml;

const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The action named by a request.
pub fn operation_name(request: &ApiRequest) -> String {
    let body = Params::parse(&request.body);
    let query = Params::parse(&request.query);
    body.get("Action")
        .or_else(|| query.get("Action"))
        .unwrap_or("")
        .to_owned()
}

/// Answers one STS request.
pub fn handle(state: &State, request: &ApiRequest, request_id: &str) -> Result<Reply, ApiError> {
    let action = operation_name(request);
    if action != "GetCallerIdentity" {
        return Err(ApiError::new(
            "InvalidAction",
            400,
            format!("Could not find operation {action} for version 2011-06-15 in this emulator"),
        ));
    }
    let account = &state.fixture.account_id;
    let mut xml = Xml::new();
    xml.open_ns("GetCallerIdentityResponse", NAMESPACE);
    xml.open("GetCallerIdentityResult")
        .text(
            "Arn",
            &format!("arn:aws:iam::{account}:user/edge-atlas-reader"),
        )
        .text("UserId", "AIDAEDGEATLASEMULATOR")
        .text("Account", account)
        .close("GetCallerIdentityResult");
    xml.open("ResponseMetadata")
        .text("RequestId", request_id)
        .close("ResponseMetadata");
    xml.close("GetCallerIdentityResponse");
    Ok(Reply::xml(200, xml.finish()))
}
