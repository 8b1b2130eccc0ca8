//! The admin endpoint under `/_emulator/`, for tests and benchmarks (never signed, never AWS).
//!
//! - `GET /_emulator/health`: `{"status":"ok","entities":N,"account_id":…}`
//! - `GET|POST /_emulator/faults`: the [`FaultConfig`] in force; POST replaces it
//! - `GET|POST /_emulator/clock`: the clock; POST `{"advance_seconds":N}` moves it
//! - `GET /_emulator/keys`: Instance Connect keys accepted (instance, OS user, the public key
//!   line, the AZ parameter sent, acceptance and expiry), each with `active` now
//! - `GET|DELETE /_emulator/calls`: calls served per `service region operation`; DELETE resets

use serde::Deserialize;
use serde_json::json;

use crate::faults::FaultConfig;
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockChange {
    advance_seconds: i64,
}

/// Answers one admin request.
pub fn handle(state: &State, request: &ApiRequest) -> Reply {
    let method = request.method.as_str();
    match (method, request.path.as_str()) {
        ("GET", "/_emulator/health") => ok(json!({
            "status": "ok",
            "entities": state.fixture.entity_count(),
            "account_id": state.fixture.account_id,
        })),
        ("GET", "/_emulator/faults") => ok(json!(state.faults())),
        ("POST", "/_emulator/faults") => match serde_json::from_str::<FaultConfig>(&request.body) {
            Ok(faults) => match faults.validate() {
                Ok(()) => {
                    state.set_faults(faults.clone());
                    ok(json!(faults))
                }
                Err(message) => bad_request(&message),
            },
            Err(error) => bad_request(&format!("faults: {error}")),
        },
        ("GET", "/_emulator/clock") => ok(json!({ "now": state.now() })),
        ("POST", "/_emulator/clock") => match serde_json::from_str::<ClockChange>(&request.body) {
            Ok(change) => {
                state.advance_clock(change.advance_seconds);
                ok(json!({ "now": state.now() }))
            }
            Err(error) => bad_request(&format!("clock: {error}")),
        },
        ("GET", "/_emulator/keys") => {
            let now = state.now();
            let keys: Vec<_> = state
                .accepted_keys()
                .into_iter()
                .map(|key| {
                    let active = now < key.expires_at;
                    let mut value = json!(key);
                    value["active"] = json!(active);
                    value
                })
                .collect();
            ok(json!({ "now": now, "keys": keys }))
        }
        ("GET", "/_emulator/calls") => ok(json!(state.calls())),
        ("DELETE", "/_emulator/calls") => {
            state.reset_calls();
            ok(json!({}))
        }
        _ => Reply::json(
            404,
            json!({ "message": format!("no admin route {method} {}", request.path) }).to_string(),
        ),
    }
}

fn ok(value: serde_json::Value) -> Reply {
    Reply::json(200, value.to_string())
}

fn bad_request(message: &str) -> Reply {
    Reply::json(400, json!({ "message": message }).to_string())
}
