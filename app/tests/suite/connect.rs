//! `edge-atlas connect` against the emulator: the plan from the snapshot, the key pushed with
//! EC2 Instance Connect (a valid OpenSSH ed25519 key, for the right instance and user, the AZ
//! parameter only for regular Availability Zones), refusals before anything is sent, AWS's
//! errors as sentences, no key material left on disk; and end to end with a real OpenSSH sshd
//! whose `AuthorizedKeysCommand` reads the emulator's record of pushed keys, the way the
//! ec2-instance-connect package works on an instance.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use edge_atlas::model::{InstanceStateName, ZoneType};
use edge_atlas::store::Store;
use edge_atlas_app::cli::{Cli, Command as CliCommand};
use edge_atlas_emulator::{FaultConfig, RunningEmulator};

/// The tests look at the shared temporary directory for left-over keys: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// An emulator serving the demo, and a database synced from it.
fn synced(dir: &Path) -> (RunningEmulator, PathBuf) {
    let emulator =
        edge_atlas_emulator::demo_for_sync_tests(FaultConfig::default()).expect("emulator");
    let db = dir.join("db.sqlite");
    let cli = Cli::try_parse_from([
        "edge-atlas",
        "sync",
        "--endpoint-url",
        &emulator.endpoint_url(),
    ])
    .expect("arguments");
    let Some(CliCommand::Sync(args)) = cli.command else {
        panic!("not a sync");
    };
    let code = edge_atlas_app::cli::sync::run(&db, &args, &mut Vec::new()).expect("sync");
    assert_eq!(code, ExitCode::SUCCESS);
    (emulator, db)
}

/// Runs `edge-atlas connect ARGUMENTS` as the binary does: its exit code and output, or the
/// error as the binary prints it.
fn connect(db: &Path, arguments: &[&str]) -> Result<(ExitCode, String), String> {
    let cli = Cli::try_parse_from(["edge-atlas", "connect"].iter().chain(arguments))
        .map_err(|e| e.to_string())?;
    let Some(command) = cli.command else {
        panic!("no command");
    };
    let mut out = Vec::new();
    edge_atlas_app::cli::run(db, &command, &mut out)
        .map(|code| (code, String::from_utf8(out).expect("utf-8")))
        .map_err(|error| format!("{error:#}"))
}

/// An instance of the snapshot in a zone of `zone_type` (any zone: `None`) with the state
/// `state`.
fn instance(db: &Path, zone_type: Option<ZoneType>, state: InstanceStateName) -> String {
    let store = Store::open_existing(db).expect("store");
    let estate = store
        .load_estate(store.resolve_snapshot(None).expect("latest"))
        .expect("estate");
    estate
        .instances
        .iter()
        .find(|instance| {
            instance.state == state
                && estate.zones.iter().any(|zone| {
                    zone.zone_name == instance.availability_zone
                        && zone_type.as_ref().is_none_or(|t| zone.zone_type == *t)
                })
        })
        .map(|instance| instance.instance_id.clone())
        .expect("such an instance in the demo")
}

/// A stand-in for ssh that records what it was given and what it found, then exits 0: the
/// argument vector, the key file's and its directory's modes, and the key's first line.
fn recording_ssh(dir: &Path) -> (PathBuf, PathBuf) {
    let record = dir.join("ssh-record.txt");
    let program = dir.join("fake-ssh");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nrecord='{}'\nprintf '%s\\n' \"$@\" > \"$record\"\nkey=\"$2\"\necho \"key-mode $(stat -c %a \"$key\")\" >> \"$record\"\necho \"dir-mode $(stat -c %a \"$(dirname \"$key\")\")\" >> \"$record\"\necho \"first-line $(head -1 \"$key\")\" >> \"$record\"\nexit 0\n",
            record.display()
        ),
    )
    .expect("write");
    make_executable(&program);
    (program, record)
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// The private key directories `connect` left in the temporary directory.
fn key_directories() -> Vec<PathBuf> {
    std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("edge-atlas-connect-"))
        })
        .collect()
}

#[test]
fn a_fresh_ed25519_key_is_pushed_for_the_instance_and_removed_after_ssh() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("temp dir");
    let (emulator, db) = synced(dir.path());
    let (ssh, record) = recording_ssh(dir.path());
    // Something listening where ssh is sent (the reachability check needs an answer).
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("address").port().to_string();
    let endpoint = emulator.endpoint_url();
    let before = key_directories();
    for (zone_type, az_sent) in [
        (ZoneType::LocalZone, false),
        (ZoneType::WavelengthZone, false),
        (ZoneType::AvailabilityZone, true),
    ] {
        let id = instance(&db, Some(zone_type.clone()), InstanceStateName::Running);
        let (code, _) = connect(
            &db,
            &[
                &id,
                "--via",
                "vpn",
                "--address",
                "127.0.0.1",
                "--ssh-port",
                &port,
                "--endpoint-url",
                &endpoint,
                "--ssh-program",
                ssh.to_str().expect("utf-8"),
                "--",
                "uptime",
            ],
        )
        .expect("connects");
        assert_eq!(code, ExitCode::SUCCESS);
        let keys = emulator.state().accepted_keys();
        let key = keys.last().expect("a key was pushed");
        assert_eq!(key.instance_id, id);
        assert_eq!(
            key.os_user, "ec2-user",
            "the default user of the demo's AL2023 image"
        );
        let zone = key.availability_zone.clone();
        assert_eq!(
            zone.is_some(),
            az_sent,
            "{zone_type}: AZ parameter {zone:?}"
        );
        let public =
            ssh_key::PublicKey::from_openssh(&key.public_key).expect("an OpenSSH public key");
        assert_eq!(public.algorithm(), ssh_key::Algorithm::Ed25519);
        let recorded = std::fs::read_to_string(&record).expect("ssh ran");
        let lines: Vec<&str> = recorded.lines().collect();
        assert_eq!(lines[0], "-i");
        let key_file = PathBuf::from(lines[1]);
        assert!(lines.contains(&"ec2-user@127.0.0.1"), "{recorded}");
        assert!(
            lines.windows(2).any(|w| w == ["-p", port.as_str()]),
            "{recorded}"
        );
        assert!(lines.contains(&"uptime"), "{recorded}");
        assert!(recorded.contains("key-mode 600"), "{recorded}");
        assert!(recorded.contains("dir-mode 700"), "{recorded}");
        assert!(
            recorded.contains("first-line -----BEGIN OPENSSH PRIVATE KEY-----"),
            "{recorded}"
        );
        assert!(!key_file.exists(), "the key file is removed after ssh");
        assert!(
            !key_file.parent().expect("dir").exists(),
            "and its directory"
        );
    }
    // Each connection pushed a key of its own.
    let keys = emulator.state().accepted_keys();
    assert_eq!(keys.len(), 3);
    assert_ne!(keys[0].public_key, keys[1].public_key);
    assert_eq!(key_directories(), before, "no key material left on disk");
}

#[test]
fn refusals_come_before_any_credential_or_network_and_aws_errors_are_sentences() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("temp dir");
    let (emulator, db) = synced(dir.path());
    let (ssh, _) = recording_ssh(dir.path());
    let endpoint = emulator.endpoint_url();
    let before = key_directories();
    // Unknown and stopped instances: refused from the snapshot; nothing reaches AWS.
    let error =
        connect(&db, &["i-0123456789abcdef0", "--endpoint-url", &endpoint]).expect_err("unknown");
    assert!(error.contains("is not in the snapshot"), "{error}");
    // A snapshot in which one instance was stopped.
    let stopped = {
        let mut store = Store::open(&db).expect("store");
        let latest = store.resolve_snapshot(None).expect("latest");
        let info = store.snapshot(latest).expect("info");
        let mut estate = store.load_estate(latest).expect("estate");
        let first = estate.instances.first_mut().expect("an instance");
        first.state = InstanceStateName::Stopped;
        let id = first.instance_id.clone();
        store
            .insert_snapshot(&info.meta(), &estate)
            .expect("stored");
        id
    };
    let error = connect(&db, &[&stopped, "--endpoint-url", &endpoint]).expect_err("stopped");
    assert!(
        error.contains("was stopped when the snapshot was taken"),
        "{error}"
    );
    // No public IP from the internet: says which --via reaches a Wavelength instance.
    let wavelength = instance(
        &db,
        Some(ZoneType::WavelengthZone),
        InstanceStateName::Running,
    );
    let error =
        connect(&db, &[&wavelength, "--endpoint-url", &endpoint]).expect_err("no public IP");
    assert!(
        error.contains("--via carrier") && error.contains("bastion"),
        "{error}"
    );
    // Nothing answers at the address: said before any key is pushed.
    let closed = TcpListener::bind("127.0.0.1:0").expect("listener");
    let closed_port = closed.local_addr().expect("address").port().to_string();
    drop(closed);
    let regular = instance(
        &db,
        Some(ZoneType::AvailabilityZone),
        InstanceStateName::Running,
    );
    let error = connect(
        &db,
        &[
            &regular,
            "--via",
            "vpn",
            "--address",
            "127.0.0.1",
            "--ssh-port",
            &closed_port,
            "--endpoint-url",
            &endpoint,
        ],
    )
    .expect_err("closed port");
    assert!(
        error.contains("does not answer") && error.contains("Nothing was pushed"),
        "{error}"
    );
    assert!(
        emulator.state().accepted_keys().is_empty(),
        "no key was pushed"
    );
    // The serial console disabled for the account: AWS's error as what to do.
    emulator.state().set_faults(FaultConfig {
        serial_console_disabled: true,
        ..FaultConfig::default()
    });
    let listener = TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("address").port().to_string();
    let error = connect(
        &db,
        &[
            &regular,
            "--serial",
            "--address",
            "127.0.0.1",
            "--ssh-port",
            &port,
            "--endpoint-url",
            &endpoint,
            "--ssh-program",
            ssh.to_str().expect("utf-8"),
        ],
    )
    .expect_err("serial console disabled");
    assert!(
        error.contains("Serial Console is not enabled")
            && error.contains("enable-serial-console-access"),
        "{error}"
    );
    // The serial console plan: its endpoint in the instance's Region, INSTANCE.port0, no AZ.
    let plan = connect(&db, &[&regular, "--serial", "--print-only", "--json"]).expect("plan");
    let plan: serde_json::Value = serde_json::from_str(&plan.1).expect("JSON");
    let region = plan["plan"]["region"].as_str().expect("a Region");
    assert_eq!(
        plan["plan"]["address"],
        format!("serial-console.ec2-instance-connect.{region}.aws")
    );
    assert_eq!(plan["plan"]["os_user"], format!("{regular}.port0"));
    assert!(plan["plan"]["availability_zone_parameter"].is_null());
    // A user Instance Connect would refuse is refused here.
    let error =
        connect(&db, &[&regular, "--user=-oProxyCommand=x", "--print-only"]).expect_err("bad user");
    assert!(error.contains("not an OS user name"), "{error}");
    assert_eq!(key_directories(), before, "no key material left on disk");
}

/// A real OpenSSH sshd on a loopback port, as root, whose `AuthorizedKeysCommand` asks the
/// emulator for the keys pushed for the user and still inside their 60-second window: what the
/// ec2-instance-connect package does on an instance. Stopped when dropped.
struct Sshd {
    child: std::process::Child,
    port: u16,
    /// The private directory holding its files (root-owned, 0700, as sshd demands of the
    /// command's path).
    dir: tempfile::TempDir,
}

impl Sshd {
    fn start(emulator: &RunningEmulator) -> Sshd {
        assert!(
            Path::new("/usr/sbin/sshd").exists(),
            "openssh-server is installed by scripts/test"
        );
        // sshd checks every directory above AuthorizedKeysCommand: none may be writable by
        // others, so the files live under the (root-owned, 0700) home directory, not /tmp.
        let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
        let dir = tempfile::Builder::new()
            .prefix("edge-atlas-sshd-")
            .tempdir_in(home)
            .expect("a private directory");
        let path = |name: &str| dir.path().join(name);
        let status = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(path("host_key"))
            .status()
            .expect("ssh-keygen");
        assert!(status.success());
        std::fs::write(
            path("keys"),
            format!(
                "#!/usr/bin/python3\nimport json, sys, urllib.request\nuser = sys.argv[1]\nwith urllib.request.urlopen('{}/_emulator/keys') as answer:\n    keys = json.load(answer)['keys']\nfor key in keys:\n    if key['active'] and key['channel'] == 'ssh' and key['os_user'] == user:\n        print(key['public_key'])\n",
                emulator.endpoint_url()
            ),
        )
        .expect("write");
        make_executable(&path("keys"));
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        std::fs::write(
            path("sshd_config"),
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\nAuthorizedKeysFile none\nAuthorizedKeysCommand {} %u\nAuthorizedKeysCommandUser root\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin prohibit-password\nLogLevel VERBOSE\n",
                path("host_key").display(),
                path("sshd.pid").display(),
                path("keys").display()
            ),
        )
        .expect("write");
        // The privilege separation directory the Debian package's service would create.
        std::fs::create_dir_all("/run/sshd").expect("/run/sshd");
        std::fs::write(
            path("ssh_config"),
            format!(
                "Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile {}\n  BatchMode yes\n",
                path("known_hosts").display()
            ),
        )
        .expect("write");
        // The user's ssh with its own config (host keys: this test's known_hosts).
        std::fs::write(
            path("ssh"),
            format!(
                "#!/bin/sh\nexec /usr/bin/ssh -F {} \"$@\"\n",
                path("ssh_config").display()
            ),
        )
        .expect("write");
        make_executable(&path("ssh"));
        let child = std::process::Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(path("sshd_config"))
            .stderr(std::fs::File::create(path("sshd.log")).expect("log"))
            .spawn()
            .expect("sshd starts");
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "sshd did not listen: {}",
                std::fs::read_to_string(path("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Sshd { child, port, dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn connect_logs_in_to_a_real_sshd_and_a_key_61_seconds_old_does_not() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("temp dir");
    let (emulator, db) = synced(dir.path());
    let sshd = Sshd::start(&emulator);
    let user = "root";
    let id = instance(&db, Some(ZoneType::LocalZone), InstanceStateName::Running);
    let port = sshd.port.to_string();
    let proof = sshd.path("proof");
    let ssh = sshd.path("ssh");
    let endpoint = emulator.endpoint_url();
    let before = key_directories();
    let arguments = |user: &'static str| {
        vec![
            id.clone(),
            "--via".into(),
            "vpn".into(),
            "--address".into(),
            "127.0.0.1".into(),
            "--ssh-port".into(),
            port.clone(),
            "--user".into(),
            user.into(),
            "--endpoint-url".into(),
            endpoint.clone(),
            "--ssh-program".into(),
            ssh.display().to_string(),
            "--".into(),
            "echo".into(),
            "logged-in".into(),
            ">".into(),
            proof.display().to_string(),
        ]
    };
    let owned = arguments(user);
    let borrowed: Vec<&str> = owned.iter().map(String::as_str).collect();
    let (code, _) = connect(&db, &borrowed).unwrap_or_else(|error| {
        panic!(
            "{error}\nsshd: {}",
            std::fs::read_to_string(sshd.path("sshd.log")).unwrap_or_default()
        )
    });
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(
        std::fs::read_to_string(&proof)
            .expect("the remote command ran")
            .trim(),
        "logged-in"
    );
    // A user the instance does not have: the key was pushed, sshd refuses it, and connect says
    // what that usually means.
    let owned = arguments("ghost");
    let borrowed: Vec<&str> = owned.iter().map(String::as_str).collect();
    let error = connect(&db, &borrowed).expect_err("refused");
    assert!(
        error.contains("Permission denied (publickey)")
            && error.contains("ec2-instance-connect package"),
        "{error}"
    );
    // A key pushed 61 seconds ago (the emulator's clock) no longer logs in.
    let key =
        ssh_key::PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519)
            .expect("a key");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let plan = edge_atlas_app::cli::connect::plan(&db, &{
        let cli =
            Cli::try_parse_from(["edge-atlas", "connect", &id, "--via", "vpn", "--user", user])
                .expect("arguments");
        let Some(CliCommand::Connect(args)) = cli.command else {
            panic!("not connect");
        };
        args
    })
    .expect("plan");
    runtime
        .block_on(async {
            let session =
                edge_atlas_aws::connect::Session::open(None, &plan.region, Some(&endpoint)).await?;
            session
                .push_key(&plan, &key.public_key().to_openssh().expect("public"))
                .await
        })
        .expect("pushed");
    emulator.state().advance_clock(61);
    let key_file = sshd.path("old_key");
    std::fs::write(
        &key_file,
        key.to_openssh(ssh_key::LineEnding::LF)
            .expect("private")
            .as_bytes(),
    )
    .expect("write");
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let late_proof = sshd.path("late");
    let status = std::process::Command::new(&ssh)
        .args(["-i"])
        .arg(&key_file)
        .args(["-o", "IdentitiesOnly=yes", "-p", &port])
        .arg(format!("{user}@127.0.0.1"))
        .arg(format!("echo late > {}", late_proof.display()))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("ssh runs");
    assert!(!status.success(), "a key past its 60 seconds is refused");
    assert!(!late_proof.exists());
    assert_eq!(key_directories(), before, "no key material left on disk");
}
