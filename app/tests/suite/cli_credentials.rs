//! `edge-atlas sync --profile`: a named profile's credentials come from that profile alone, and
//! a profile that does not exist or gives no credentials is refused by name before any Region
//! is called. Each test runs the binary with an environment of its own (never the machine's
//! AWS configuration; instance metadata disabled).

use std::path::Path;
use std::process::{Command, Output};

use edge_atlas_emulator::{FaultConfig, RunningEmulator};

const CONFIG: &str = "\
[profile other]
aws_access_key_id = AKIDOTHERPROFILE
aws_secret_access_key = other-profile-secret
region = us-east-1

[profile no-keys]
region = us-east-1
";

fn emulator() -> RunningEmulator {
    edge_atlas_emulator::demo_for_sync_tests(FaultConfig::default()).expect("emulator starts")
}

/// `edge-atlas sync ARGS` with the environment's keys set and `CONFIG` as the config file.
fn sync_with_environment_keys(dir: &Path, emulator: &RunningEmulator, args: &[&str]) -> Output {
    sync_command(dir, emulator, args)
        .output()
        .expect("edge-atlas runs")
}

/// The `edge-atlas sync ARGS` command of [`sync_with_environment_keys`], to run as it is or
/// with more of the environment set.
fn sync_command(dir: &Path, emulator: &RunningEmulator, args: &[&str]) -> Command {
    let config = dir.join("config");
    std::fs::write(&config, CONFIG).expect("config file");
    std::fs::write(dir.join("credentials"), "").expect("credentials file");
    let mut command = Command::new(env!("CARGO_BIN_EXE_edge-atlas"));
    command
        .env_clear()
        .env("HOME", dir)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT")
        .env("AWS_SECRET_ACCESS_KEY", "environment-secret")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .arg("--db")
        .arg(dir.join("atlas.sqlite"))
        .args([
            "sync",
            "--endpoint-url",
            &emulator.endpoint_url(),
            "--region",
            "us-east-1",
        ])
        .args(args);
    command
}

#[test]
fn a_named_profile_takes_its_credentials_from_that_profile_and_not_the_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let emulator = emulator();
    let output = sync_with_environment_keys(dir.path(), &emulator, &["--profile", "other"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let used: Vec<String> = emulator.state().access_key_ids().into_iter().collect();
    assert_eq!(used, vec!["AKIDOTHERPROFILE".to_owned()]);
}

#[test]
fn an_unknown_profile_is_refused_by_name_before_any_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let emulator = emulator();
    let output = sync_with_environment_keys(dir.path(), &emulator, &["--profile", "prod"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no AWS profile `prod`"), "{stderr}");
    assert!(
        stderr.contains("other"),
        "the known profiles are listed: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
    assert!(emulator.state().calls().is_empty(), "nothing was called");
}

#[test]
fn a_config_file_the_sdk_cannot_parse_is_named_with_what_to_do_before_any_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let emulator = emulator();
    let garbled = dir.path().join("garbled-config");
    std::fs::write(
        &garbled,
        "region = us-east-1 before any section\n[profile broken\n",
    )
    .expect("garbled config");
    let output = sync_command(dir.path(), &emulator, &["--profile", "other"])
        .env("AWS_CONFIG_FILE", &garbled)
        .output()
        .expect("edge-atlas runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("garbled-config"),
        "the file is named: {stderr}"
    );
    assert!(stderr.contains("Fix the file"), "what to do: {stderr}");
    assert!(emulator.state().calls().is_empty(), "nothing was called");
}

#[test]
fn a_profile_without_credentials_is_named_in_one_sentence_before_any_region() {
    let dir = tempfile::tempdir().expect("temp dir");
    let emulator = emulator();
    let output = sync_with_environment_keys(dir.path(), &emulator, &["--profile", "no-keys"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`no-keys`"), "{stderr}");
    for dump in ["DispatchFailure", "ConnectorError", "source:", "Some("] {
        assert!(
            !stderr.contains(dump),
            "no Rust error dump ({dump}): {stderr}"
        );
    }
    assert!(
        !emulator
            .state()
            .calls()
            .keys()
            .any(|call| call.starts_with("ec2 ")),
        "no Region was called"
    );
    assert!(
        emulator.state().access_key_ids().is_empty(),
        "the environment's keys were not used"
    );
}

#[test]
fn log_output_has_no_colour_codes_when_it_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let emulator = emulator();
    let output = sync_command(dir.path(), &emulator, &["--profile", "other"])
        .env("EDGE_ATLAS_LOG", "debug")
        .output()
        .expect("edge-atlas runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("DEBUG") || stderr.contains("WARN"),
        "some log lines: {stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "no escape codes in a pipe");
}

#[test]
fn several_profiles_read_their_accounts_into_one_snapshot_and_a_broken_one_is_a_warning() {
    use edge_atlas_emulator::org_fixture::{MANAGEMENT_ACCOUNT_ID, member_account_id};
    use edge_atlas_emulator::sts::Session;
    let emulator = RunningEmulator::start(edge_atlas_emulator::EmulatorConfig {
        fixture: edge_atlas_emulator::FixtureSource::Org(3),
        ..edge_atlas_emulator::EmulatorConfig::default()
    })
    .expect("emulator starts");
    let session = |account: &str| Session {
        account_id: account.to_owned(),
        role_name: "EdgeAtlasReadOnly".to_owned(),
        expires_at: 4_102_444_800, // 2100-01-01
    };
    let member = member_account_id(0);
    let infrastructure = edge_atlas::demo::DEMO_ACCOUNT_ID;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = format!(
        "[profile management]\naws_access_key_id = AKIDEDGEATLASTEST\naws_secret_access_key = s\nregion = us-east-1\n\n\
         [profile member]\naws_access_key_id = ASIAMEMBEREXAMPLE\naws_secret_access_key = s\naws_session_token = {}\nregion = us-east-1\n\n\
         [profile infra]\naws_access_key_id = ASIAINFRAEXAMPLE\naws_secret_access_key = s\naws_session_token = {}\nregion = us-east-1\n\n\
         [profile broken]\naws_access_key_id = ASIABROKENEXAMPLE\naws_secret_access_key = s\naws_session_token = not-a-session\nregion = us-east-1\n",
        session(&member).token(),
        session(infrastructure).token(),
    );
    let mut command = sync_command(dir.path(), &emulator, &[]);
    std::fs::write(dir.path().join("config"), config).expect("config file");
    let output = command
        .args([
            "--profile",
            "management",
            "--profile",
            "member",
            "--profile",
            "infra",
            "--profile",
            "broken",
            "--json",
        ])
        .output()
        .expect("edge-atlas runs");
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON summary");
    assert_eq!(summary["account_id"], MANAGEMENT_ACCOUNT_ID);
    let accounts: Vec<&str> = summary["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|account| account.as_str())
        .collect();
    assert_eq!(
        accounts,
        [MANAGEMENT_ACCOUNT_ID, infrastructure, member.as_str()]
    );
    let warnings = summary["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let message = warnings[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("profile `broken`"), "{message}");
    // The member's VPCs and the infrastructure account's Outposts and racks (us-east-1, the
    // Region synced), in one snapshot.
    let store = edge_atlas::store::Store::open(&dir.path().join("atlas.sqlite")).expect("open");
    let estate = store.load_estate(1).expect("the snapshot");
    let fixture = &emulator.state().fixture;
    let expected_vpcs = fixture.region(&member, "us-east-1").estate.vpcs.len();
    let infra = &fixture.region(infrastructure, "us-east-1").estate;
    let member_vpcs = estate
        .vpcs
        .iter()
        .filter(|vpc| vpc.account_id == member)
        .count();
    assert_eq!(member_vpcs, expected_vpcs);
    assert_eq!(estate.outposts.len(), infra.outposts.len());
    assert!(
        estate
            .outposts
            .iter()
            .all(|outpost| outpost.account_id == infrastructure)
    );
    assert_eq!(estate.assets.len(), infra.assets.len());
    assert!(
        member_vpcs + estate.assets.len() > 0,
        "something of both accounts"
    );
}
