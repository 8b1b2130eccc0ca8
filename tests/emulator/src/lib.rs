//! An AWS emulator for the edge APIs Edge Atlas reads, for tests and demos without an account.
//!
//! No AWS account is reachable from the test machines, and the only independent emulator
//! (moto) has no Local or Wavelength Zones, no local gateways or CoIP, no Outposts API and a
//! stub Instance Connect. This crate serves those over real HTTP from a fixture estate
//! ([`fixture`]): EC2's query/XML protocol ([`ec2`]), the Outposts REST/JSON API
//! ([`outposts`]), STS ([`sts`]) and EC2 Instance Connect ([`instance_connect`]). One listener
//! routes by the SigV4 credential scope ([`server`]), so one `--endpoint-url` serves every
//! service and Region, and faults can be injected per run ([`faults`], [`admin`]).
//!
//! It may serve only what AWS serves, shaped as AWS shapes it: `tests/emulator/validate`
//! checks every response of every operation against the service models in PyPI's `botocore`,
//! element by element, and parses them with boto3 and the AWS CLI.
//!
//! ```no_run
//! use edge_atlas_emulator::{EmulatorConfig, RunningEmulator};
//! let emulator = RunningEmulator::start(EmulatorConfig::default())?;
//! println!("AWS_ENDPOINT_URL={}", emulator.endpoint_url());
//! # Ok::<(), edge_atlas_emulator::StartError>(())
//! ```

pub mod admin;
pub mod config_service;
pub mod ec2;
pub mod errors;
pub mod faults;
pub mod fixture;
pub mod instance_connect;
pub mod org_fixture;
pub mod organizations;
pub mod outposts;
pub mod params;
pub mod reply;
pub mod server;
pub mod state;
pub mod sts;
pub mod xml;

pub use faults::FaultConfig;

/// Points the AWS SDK's standard credential chain at fixed test keys and away from the user's
/// config files and instance metadata, for tests that sync against the emulator. Call it before
/// any thread of the test process reads the environment (once per process is enough).
pub fn use_test_credentials() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `Once` runs this once; callers call it before their tests start threads that
        // read the environment, and every other caller waits for it to finish.
        unsafe {
            std::env::set_var("AWS_ACCESS_KEY_ID", "AKIDEDGEATLASTEST");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");
            std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
            std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/edge-atlas-test-config");
            std::env::set_var(
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/edge-atlas-test-credentials",
            );
            std::env::set_var("AWS_REGION", "us-east-1");
            std::env::remove_var("AWS_PROFILE");
            std::env::remove_var("AWS_ENDPOINT_URL");
            std::env::remove_var("AWS_SESSION_TOKEN");
        }
    });
}
pub use fixture::{Fixture, FixtureSource};
pub use server::{EmulatorConfig, RunningEmulator, StartError};

/// What the sync's tests run against: the test credentials set ([`use_test_credentials`]) and
/// the demo estate served in pages of 5, so every paginated call pages, with `faults`.
pub fn demo_for_sync_tests(faults: FaultConfig) -> Result<RunningEmulator, StartError> {
    use_test_credentials();
    RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Demo,
        page_size: 5,
        faults,
        ..EmulatorConfig::default()
    })
}
