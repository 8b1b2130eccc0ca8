//! The emulator's shared state: the fixture, the faults in force, the clock tests can move,
//! the Instance Connect keys accepted so far and a count of calls served.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::faults::FaultConfig;
use crate::fixture::Fixture;

/// One public key EC2 Instance Connect accepted.
#[derive(Debug, Clone, Serialize)]
pub struct AcceptedKey {
    /// The instance the key was pushed to.
    pub instance_id: String,
    /// The OS user (empty for the serial console).
    pub os_user: String,
    /// `ssh` or `serial-console`.
    pub channel: &'static str,
    /// The key type (`ssh-ed25519`, `ssh-rsa`, …).
    pub key_type: String,
    /// The public key line as pushed (public: what an instance's `AuthorizedKeysCommand` would
    /// be handed, as the ec2-instance-connect package does).
    pub public_key: String,
    /// The `AvailabilityZone` parameter, when one was sent.
    pub availability_zone: Option<String>,
    /// When it was accepted, seconds since the Unix epoch on the emulator's clock.
    pub accepted_at: i64,
    /// When it stops being usable: 60 seconds later, as AWS documents.
    pub expires_at: i64,
}

/// State shared by every connection.
pub struct State {
    /// What the endpoints answer.
    pub fixture: Fixture,
    /// Largest page a paginated call returns, whatever MaxResults asks for.
    pub page_size: usize,
    faults: RwLock<FaultConfig>,
    clock_offset_seconds: AtomicI64,
    requests: AtomicU64,
    keys: Mutex<Vec<AcceptedKey>>,
    calls: Mutex<BTreeMap<String, u64>>,
    access_key_ids: Mutex<BTreeSet<String>>,
}

impl State {
    /// State for a fixture, a page size and the initial faults.
    pub fn new(fixture: Fixture, page_size: usize, faults: FaultConfig) -> State {
        State {
            fixture,
            page_size: page_size.max(1),
            faults: RwLock::new(faults),
            clock_offset_seconds: AtomicI64::new(0),
            requests: AtomicU64::new(0),
            keys: Mutex::new(Vec::new()),
            calls: Mutex::new(BTreeMap::new()),
            access_key_ids: Mutex::new(BTreeSet::new()),
        }
    }

    /// The faults in force.
    pub fn faults(&self) -> FaultConfig {
        self.faults
            .read()
            .map(|faults| faults.clone())
            .unwrap_or_default()
    }

    /// Replaces the faults.
    pub fn set_faults(&self, faults: FaultConfig) {
        if let Ok(mut current) = self.faults.write() {
            *current = faults;
        }
    }

    /// The next request's sequence number (drives request ids and random faults).
    pub fn next_request(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed)
    }

    /// Now on the emulator's clock, seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs() as i64)
            .unwrap_or(0);
        system + self.clock_offset_seconds.load(Ordering::Relaxed)
    }

    /// Moves the clock forward (or back) by `seconds`.
    pub fn advance_clock(&self, seconds: i64) {
        self.clock_offset_seconds
            .fetch_add(seconds, Ordering::Relaxed);
    }

    /// Records the access key id a request was signed with (never the secret: the emulator
    /// does not check signatures), so tests can tell which credentials a client used.
    pub fn record_access_key_id(&self, access_key_id: &str) {
        if let Ok(mut seen) = self.access_key_ids.lock() {
            seen.insert(access_key_id.to_owned());
        }
    }

    /// Every access key id requests were signed with.
    pub fn access_key_ids(&self) -> BTreeSet<String> {
        self.access_key_ids
            .lock()
            .map(|seen| seen.clone())
            .unwrap_or_default()
    }

    /// Records an accepted Instance Connect key.
    pub fn accept_key(&self, key: AcceptedKey) {
        if let Ok(mut keys) = self.keys.lock() {
            keys.push(key);
        }
    }

    /// Every key accepted so far, oldest first.
    pub fn accepted_keys(&self) -> Vec<AcceptedKey> {
        self.keys
            .lock()
            .map(|keys| keys.clone())
            .unwrap_or_default()
    }

    /// Counts one call, keyed `service region operation`.
    pub fn count_call(&self, service: &str, region: &str, operation: &str) {
        if let Ok(mut calls) = self.calls.lock() {
            *calls
                .entry(format!("{service} {region} {operation}"))
                .or_default() += 1;
        }
    }

    /// Calls served so far, keyed `service region operation`.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.calls
            .lock()
            .map(|calls| calls.clone())
            .unwrap_or_default()
    }

    /// Forgets the counted calls.
    pub fn reset_calls(&self) {
        if let Ok(mut calls) = self.calls.lock() {
            calls.clear();
        }
    }
}
