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
pub mod ec2;
pub mod errors;
pub mod faults;
pub mod fixture;
pub mod instance_connect;
pub mod outposts;
pub mod params;
pub mod reply;
pub mod server;
pub mod state;
pub mod sts;
pub mod xml;

pub use faults::FaultConfig;
pub use fixture::{Fixture, FixtureSource};
pub use server::{EmulatorConfig, RunningEmulator, StartError};
