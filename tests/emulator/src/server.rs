//! The HTTP server: one listener on 127.0.0.1 for every service and Region.
//!
//! AWS endpoints are per service and Region; clients tell the emulator which one they meant
//! through the SigV4 credential scope (`Credential=AKID/date/REGION/SERVICE/aws4_request`),
//! so one `--endpoint-url` serves them all. Each request then passes the faults in force
//! (latency, random drops, server errors and throttling, denied or disabled Regions, missing
//! Outposts endpoints, expired credentials) before the service handler answers it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::errors::{ApiError, Protocol};
use crate::faults::{FaultConfig, RandomFault, uniform_draw};
use crate::fixture::{Fixture, FixtureError, FixtureSource};
use crate::reply::Reply;
use crate::state::State;
use crate::{admin, config_service, ec2, instance_connect, organizations, outposts, sts};

/// Largest request body accepted (AWS's query APIs cap requests well below this).
const MAX_BODY_BYTES: usize = 1 << 20;

/// How to start an emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The estate served.
    pub fixture: FixtureSource,
    /// Churn seed for generated fixtures (0: exactly the demo).
    pub seed: u64,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Largest page a paginated call returns.
    pub page_size: usize,
    /// Faults from the start.
    pub faults: FaultConfig,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            fixture: FixtureSource::Demo,
            seed: 0,
            port: 0,
            page_size: 25,
            faults: FaultConfig::default(),
        }
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The fixture could not be built.
    #[error(transparent)]
    Fixture(#[from] FixtureError),
    /// The fault configuration is invalid.
    #[error("invalid faults: {0}")]
    Faults(String),
    /// The port could not be bound or the runtime not started.
    #[error("could not listen on 127.0.0.1: {0}")]
    Io(#[from] std::io::Error),
}

/// An emulator serving on a background thread until dropped.
pub struct RunningEmulator {
    address: SocketAddr,
    state: Arc<State>,
    shutdown: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningEmulator {
    /// Builds the fixture, binds the port and serves on a thread of its own.
    pub fn start(config: EmulatorConfig) -> Result<RunningEmulator, StartError> {
        config.faults.validate().map_err(StartError::Faults)?;
        let fixture = Fixture::load(&config.fixture, config.seed)?;
        let state = Arc::new(State::new(fixture, config.page_size, config.faults));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let listener = runtime.block_on(TcpListener::bind(("127.0.0.1", config.port)))?;
        let address = listener.local_addr()?;
        let (shutdown, stopped) = watch::channel(false);
        let serving = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name("edge-atlas-emulator".to_owned())
            .spawn(move || runtime.block_on(serve(listener, serving, stopped)))?;
        Ok(RunningEmulator {
            address,
            state,
            shutdown,
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:PORT`, for `--endpoint-url`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The shared state (faults, clock, accepted keys, call counts).
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Stops serving and waits for the thread.
    pub fn stop(mut self) {
        self.stop_inner();
    }

    fn stop_inner(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        self.stop_inner();
    }
}

/// Accepts connections until `stopped` turns true.
pub async fn serve(listener: TcpListener, state: Arc<State>, mut stopped: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped.changed() => return,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { handle(state, request).await }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The error a handler returns to make hyper close the connection without a response.
#[derive(Debug)]
pub struct DroppedConnection;

impl std::fmt::Display for DroppedConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DroppedConnection {}

/// A request as the handlers see it.
pub struct ApiRequest {
    /// HTTP method.
    pub method: hyper::Method,
    /// Path without the query string.
    pub path: String,
    /// Raw query string.
    pub query: String,
    /// `X-Amz-Target` for JSON protocols.
    pub target: Option<String>,
    /// The body, as text.
    pub body: String,
}

impl ApiRequest {
    /// The body of a JSON-protocol request (`{}` when empty), or AWS's
    /// `SerializationException` when it is not JSON.
    pub fn json_body(&self) -> Result<serde_json::Value, ApiError> {
        if self.body.trim().is_empty() {
            return Ok(serde_json::Value::Object(serde_json::Map::new()));
        }
        serde_json::from_str(&self.body).map_err(|_| {
            ApiError::new(
                "SerializationException",
                400,
                "The request body is not valid JSON",
            )
        })
    }

    /// The operation a JSON 1.1 request names: its `X-Amz-Target` after the service's
    /// `prefix` (`AWSOrganizationsV20161128.`), or empty.
    pub fn target_operation(&self, prefix: &str) -> String {
        self.target
            .as_deref()
            .and_then(|target| target.strip_prefix(prefix))
            .unwrap_or("")
            .to_owned()
    }
}

/// The access key id, service and Region of a request's SigV4 credential scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The access key id the request was signed with.
    pub access_key_id: String,
    /// The signing Region.
    pub region: String,
    /// The signing name: `ec2`, `outposts`, `sts`, `ec2-instance-connect`.
    pub service: String,
}

/// Reads the credential scope from an `Authorization: AWS4-HMAC-SHA256 Credential=…` header or a
/// presigned URL's `X-Amz-Credential` parameter.
pub fn credential_scope(authorization: Option<&str>, query: &str) -> Option<Scope> {
    let credential = match authorization {
        Some(header) => header
            .strip_prefix("AWS4-HMAC-SHA256")?
            .split(',')
            .find_map(|part| part.trim().strip_prefix("Credential="))?
            .to_owned(),
        None => crate::params::Params::parse(query)
            .get("X-Amz-Credential")?
            .to_owned(),
    };
    let mut parts = credential.split('/');
    let access_key_id = parts.next()?.to_owned();
    let _date = parts.next()?;
    let region = parts.next()?.to_owned();
    let service = parts.next()?.to_owned();
    (parts.next()? == "aws4_request").then_some(Scope {
        access_key_id,
        region,
        service,
    })
}

fn request_id(sequence: u64) -> String {
    let a = edge_atlas::demo::ids::stable_hash(&format!("request {sequence}"));
    let b = edge_atlas::demo::ids::stable_hash(&format!("id {sequence}"));
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DroppedConnection> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Ok(to_response(Reply::json(
                413,
                r#"{"message":"request body too large"}"#.to_owned(),
            )));
        }
    };
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let incoming = ApiRequest {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        target: header("x-amz-target"),
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    if incoming.path.starts_with("/_emulator/") {
        return Ok(to_response(admin::handle(&state, &incoming)));
    }
    let sequence = state.next_request();
    let request_id = request_id(sequence);
    let reply = answer(
        &state,
        &incoming,
        header("authorization").as_deref(),
        header("x-amz-security-token").as_deref(),
        sequence,
        &request_id,
    )
    .await;
    match reply {
        Reply::Drop => Err(DroppedConnection),
        reply => Ok(to_response(
            reply.with_header("x-amzn-RequestId", &request_id),
        )),
    }
}

async fn answer(
    state: &State,
    incoming: &ApiRequest,
    authorization: Option<&str>,
    security_token: Option<&str>,
    sequence: u64,
    request_id: &str,
) -> Reply {
    let Some(scope) = credential_scope(authorization, &incoming.query) else {
        let protocol = if incoming.target.is_some() {
            Protocol::Json11
        } else if incoming.body.contains("Action=") {
            Protocol::Ec2
        } else {
            Protocol::RestJson
        };
        let error = ApiError::new(
            "MissingAuthenticationToken",
            403,
            "Request is missing Authentication Token (sign requests with AWS Signature Version 4).",
        );
        return protocol.error_reply(&error, request_id);
    };
    let (protocol, operation) = match scope.service.as_str() {
        "ec2" => (Protocol::Ec2, ec2::operation_name(incoming)),
        "sts" => (Protocol::Query, sts::operation_name(incoming)),
        "outposts" => (Protocol::RestJson, outposts::operation_name(incoming)),
        "ec2-instance-connect" => (Protocol::Json11, instance_connect::operation_name(incoming)),
        "organizations" => (Protocol::Json11, organizations::operation_name(incoming)),
        "config" => (Protocol::Json11, config_service::operation_name(incoming)),
        other => {
            let error = ApiError::new(
                "UnknownService",
                404,
                format!(
                    "This emulator serves ec2, outposts, sts, organizations, config and ec2-instance-connect, not `{other}`."
                ),
            );
            return Protocol::RestJson.error_reply(&error, request_id);
        }
    };
    state.count_call(&scope.service, &scope.region, &operation);
    state.record_access_key_id(&scope.access_key_id);
    let faults = state.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let caller = match caller(state, &scope, protocol, security_token) {
        Ok(caller) => caller,
        Err(error) => return protocol.error_reply(&error, request_id),
    };
    let account = caller
        .as_ref()
        .map_or(state.fixture.account_id.as_str(), |session| {
            session.account_id.as_str()
        });
    if let Some(error) = injected(&faults, &scope, account, &operation, protocol, sequence) {
        return match error {
            Injected::Drop => Reply::Drop,
            Injected::Error(error) => protocol.error_reply(&error, request_id),
        };
    }
    let answered = match (protocol, scope.service.as_str()) {
        (Protocol::Ec2, _) => ec2::handle(state, account, &scope.region, incoming, request_id),
        (Protocol::Query, _) => sts::handle(state, account, caller.as_ref(), incoming, request_id),
        (Protocol::RestJson, _) => outposts::handle(state, account, &scope.region, incoming),
        (Protocol::Json11, "organizations") => {
            organizations::handle(state, account, incoming, &faults)
        }
        (Protocol::Json11, "config") => config_service::handle(state, account, incoming, &faults),
        (Protocol::Json11, _) => {
            instance_connect::handle(state, account, &scope.region, incoming, request_id, &faults)
        }
    };
    answered.unwrap_or_else(|error| protocol.error_reply(&error, request_id))
}

/// The assumed-role session a request was signed with, or `None` for long-term keys (the
/// fixture's own account). A session key without a token, or with one past its expiry on the
/// emulator's clock, is refused as AWS refuses them.
fn caller(
    state: &State,
    scope: &Scope,
    protocol: Protocol,
    security_token: Option<&str>,
) -> Result<Option<sts::Session>, ApiError> {
    if !scope.access_key_id.starts_with("ASIA") {
        return Ok(None);
    }
    let Some(session) = security_token.and_then(sts::Session::from_token) else {
        return Err(ApiError::new(
            "InvalidClientTokenId",
            403,
            "The security token included in the request is invalid.",
        ));
    };
    if state.now() >= session.expires_at {
        return Err(expired_token(protocol));
    }
    Ok(Some(session))
}

/// The answer to a request signed with expired credentials, as each protocol gives it.
fn expired_token(protocol: Protocol) -> ApiError {
    let (code, status) = match protocol {
        Protocol::Ec2 => ("ExpiredToken", 400),
        Protocol::Query => ("ExpiredToken", 403),
        Protocol::RestJson | Protocol::Json11 => ("ExpiredTokenException", 403),
    };
    ApiError::new(
        code,
        status,
        "The security token included in the request is expired",
    )
}

enum Injected {
    Drop,
    Error(ApiError),
}

/// The fault, if any, this request meets, in the order a real request would meet them.
fn injected(
    faults: &FaultConfig,
    scope: &Scope,
    account: &str,
    operation: &str,
    protocol: Protocol,
    sequence: u64,
) -> Option<Injected> {
    if scope.service == "outposts" && !faults.has_outposts_endpoint(&scope.region) {
        return Some(Injected::Drop);
    }
    if faults.expired_credentials {
        return Some(Injected::Error(expired_token(protocol)));
    }
    match faults.random_fault(uniform_draw(faults.seed, sequence)) {
        Some(RandomFault::Drop) => return Some(Injected::Drop),
        Some(RandomFault::ServerError) => {
            let error = match protocol {
                Protocol::Ec2 if sequence.is_multiple_of(2) => {
                    ApiError::new("InternalError", 500, "An internal error has occurred")
                }
                Protocol::Ec2 => ApiError::new(
                    "Unavailable",
                    503,
                    "The server is overloaded and can't handle the request.",
                ),
                Protocol::Query => ApiError::new(
                    "InternalFailure",
                    500,
                    "The request processing has failed because of an unknown error.",
                ),
                Protocol::RestJson => ApiError::new(
                    "InternalServerException",
                    500,
                    "An internal error has occurred.",
                ),
                Protocol::Json11 => ApiError::new(
                    "ServiceException",
                    500,
                    "The service encountered an error. Follow the instructions in the error message and try again.",
                ),
            };
            return Some(Injected::Error(error));
        }
        Some(RandomFault::Throttle) => {
            let error = match protocol {
                Protocol::Ec2 => {
                    ApiError::new("RequestLimitExceeded", 503, "Request limit exceeded.")
                }
                Protocol::Query => ApiError::new("Throttling", 400, "Rate exceeded"),
                Protocol::RestJson => ApiError::new("ThrottlingException", 429, "Rate exceeded."),
                Protocol::Json11 => ApiError::new(
                    "ThrottlingException",
                    400,
                    "The requests were made too frequently and have been throttled.",
                ),
            };
            return Some(Injected::Error(error));
        }
        None => {}
    }
    if scope.service == "sts" || scope.service == "organizations" {
        return None;
    }
    if faults.not_opted_in_regions.contains(&scope.region) {
        return Some(Injected::Error(ApiError::new(
            "OptInRequired",
            401,
            format!(
                "You are not subscribed to this service in {}. Enable the Region for the account and try again.",
                scope.region
            ),
        )));
    }
    if faults.access_denied_regions.contains(&scope.region)
        || faults.access_denied_operations.contains(operation)
        || faults.access_denied_accounts.contains(account)
    {
        let action = format!("{}:{operation}", scope.service);
        let message = format!(
            "You are not authorized to perform this operation. User: arn:aws:iam::{account}:user/edge-atlas is not authorized to perform: {action} because no identity-based policy allows the {action} action"
        );
        let error = match protocol {
            Protocol::Ec2 => ApiError::new("UnauthorizedOperation", 403, message),
            _ => ApiError::new("AccessDeniedException", 403, message),
        };
        return Some(Injected::Error(error));
    }
    None
}

fn to_response(reply: Reply) -> Response<Full<Bytes>> {
    let Reply::Response {
        status,
        headers,
        body,
    } = reply
    else {
        // Only answered replies reach here; a drop is turned into a closed connection earlier.
        return Response::new(Full::new(Bytes::new()));
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_come_from_the_authorization_header_or_a_presigned_url() {
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/eu-central-1/outposts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";
        assert_eq!(
            credential_scope(Some(header), ""),
            Some(Scope {
                access_key_id: "AKIDEXAMPLE".into(),
                region: "eu-central-1".into(),
                service: "outposts".into()
            })
        );
        let query = "X-Amz-Credential=AKID%2F20261126%2Fus-east-1%2Fsts%2Faws4_request";
        assert_eq!(
            credential_scope(None, query).map(|scope| scope.service),
            Some("sts".into())
        );
        assert_eq!(credential_scope(Some("Bearer x"), ""), None);
    }

    #[test]
    fn request_ids_look_like_aws_ones() {
        let id = request_id(7);
        assert_eq!(id.len(), 36);
        assert_ne!(id, request_id(8));
    }
}
