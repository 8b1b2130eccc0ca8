//! `edge-atlas connect`: onto an instance with EC2 Instance Connect, without managing SSH keys.
//! The plan comes from the snapshot first (the library's [`ConnectPlan`]: a unknown or stopped
//! instance is refused before any credential or network is touched); then the address is
//! checked (TCP, short timeout), the instance's live state read, a fresh ed25519 key pair made
//! in memory, its public half pushed for 60 seconds, and the user's `ssh` started at once as an
//! argument vector (never through a shell). The private key exists on disk only for ssh's sake,
//! as a 0600 file in a 0700 private directory removed when ssh ends or fails, and on Ctrl-C.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use edge_atlas::connect::{ConnectPlan, ConnectRequest, Vantage, shell_words};
use edge_atlas::store::{SnapshotId, Store};
use edge_atlas_aws::connect::Session;
use serde_json::json;

use super::table::terminal_safe;

/// How long the reachability check waits for TCP to answer.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);
/// What `--print-only` writes where the key file will be.
const KEY_FILE_PLACEHOLDER: &str = "KEY_FILE";

/// `connect`'s options.
#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// The instance (`i-…`), as the snapshot knows it.
    pub instance_id: String,
    /// The OS user [default: from the image's name when the snapshot knows it].
    #[arg(long)]
    pub user: Option<String>,
    /// Where you connect from: internet (public IP), vpn (private IP), bastion:HOST (private IP
    /// through ssh -J HOST), carrier (Carrier IP, from the carrier's network) or onprem (CoIP,
    /// from the network behind the Outpost's local gateway).
    #[arg(long, default_value = "internet", value_name = "VANTAGE")]
    pub via: String,
    /// The serial console (SendSerialConsoleSSHPublicKey, serial port 0) instead of the
    /// instance's sshd.
    #[arg(long)]
    pub serial: bool,
    /// Print the plan; push nothing, touch no credentials.
    #[arg(long)]
    pub print_only: bool,
    /// With --print-only: the plan as JSON.
    #[arg(long)]
    pub json: bool,
    /// Connect to this address instead of the chosen one (a port forward, a jump host's view).
    #[arg(long)]
    pub address: Option<String>,
    /// The ssh port [default: 22].
    #[arg(long)]
    pub ssh_port: Option<u16>,
    /// The AWS profile [default: the standard chain].
    #[arg(long)]
    pub profile: Option<String>,
    /// One endpoint for every AWS service (an emulator, private endpoints).
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// The snapshot [default: the latest].
    #[arg(long)]
    pub snapshot: Option<SnapshotId>,
    /// The ssh program [default: ssh from the PATH].
    #[arg(long, default_value = "ssh", hide = true, env = "EDGE_ATLAS_SSH")]
    pub ssh_program: PathBuf,
    /// Arguments passed to ssh after the destination (a remote command, -L forwards...).
    #[arg(last = true)]
    pub ssh_arguments: Vec<String>,
}

/// The plan from the snapshot at `db`, or why there is none.
pub fn plan(db: &Path, args: &ConnectArgs) -> anyhow::Result<ConnectPlan> {
    let via: Vantage = args.via.parse()?;
    let store = Store::open_existing(db)?;
    let id = store.resolve_snapshot(args.snapshot)?;
    let estate = store.load_estate(id)?;
    let request = ConnectRequest {
        instance_id: args.instance_id.clone(),
        user: args.user.clone(),
        via,
        serial: args.serial,
        address: args.address.clone(),
        ssh_port: args.ssh_port,
    };
    Ok(ConnectPlan::build(&estate, &request)?)
}

/// `edge-atlas connect`: ssh's exit status, or why it did not start.
pub fn connect(db: &Path, args: &ConnectArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let plan = plan(db, args)?;
    if args.print_only {
        print_plan(&plan, args, out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        bail!("--json prints the plan: use it with --print-only");
    }
    check_reachable(&plan)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(connect_with_key(&plan, args))
}

/// The plan in words (or JSON), the ssh argument vector with a placeholder for the key file.
fn print_plan(plan: &ConnectPlan, args: &ConnectArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut argv = vec![args.ssh_program.display().to_string()];
    argv.extend(plan.ssh_args(KEY_FILE_PLACEHOLDER, &args.ssh_arguments));
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({ "plan": plan, "ssh": argv }))?
        )?;
        return Ok(());
    }
    let safe = |text: &str| terminal_safe(text);
    writeln!(
        out,
        "instance   {} in {} ({}, {})",
        safe(&plan.instance_id),
        safe(&plan.zone),
        safe(&plan.zone_type),
        safe(&plan.region)
    )?;
    if let Some(arn) = &plan.outpost_arn {
        writeln!(out, "outpost    {}", safe(arn))?;
    }
    writeln!(
        out,
        "address    {}: {}",
        safe(&plan.address),
        safe(&plan.address_reason)
    )?;
    writeln!(
        out,
        "user       {}: {}",
        safe(&plan.os_user),
        safe(&plan.os_user_reason)
    )?;
    writeln!(
        out,
        "AZ param   {}",
        safe(&plan.availability_zone_sentence())
    )?;
    writeln!(
        out,
        "key        a fresh ed25519 key pair, pushed with {} (usable 60 s); {KEY_FILE_PLACEHOLDER} is a 0600 file removed when ssh ends",
        if plan.serial {
            "SendSerialConsoleSSHPublicKey"
        } else {
            "SendSSHPublicKey"
        }
    )?;
    writeln!(out, "ssh        {}", safe(&shell_words(&argv)))?;
    Ok(())
}

/// Whether TCP answers where ssh will connect (the bastion with `-J`), before a key is pushed.
fn check_reachable(plan: &ConnectPlan) -> anyhow::Result<()> {
    let target = format!("{}:{}", bracketed(&plan.check_host), plan.check_port);
    let what = if plan.jump_host.is_some() {
        format!("the bastion {target}")
    } else {
        format!("{target} ({})", plan.address_reason)
    };
    let addresses: Vec<_> = target
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve {what}"))?
        .collect();
    let mut last_error = None;
    for address in &addresses {
        match TcpStream::connect_timeout(address, CHECK_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(error) => last_error = Some(error),
        }
    }
    let why = last_error.map_or_else(|| "no address".to_owned(), |e| e.to_string());
    bail!(
        "TCP {} does not answer at {what}: {why}. Nothing was pushed. From where you are, another --via may reach it (internet, vpn, bastion:HOST, carrier, onprem), or give --address / --ssh-port for a forward",
        plan.check_port
    )
}

/// An IPv6 address in brackets for `host:port`.
fn bracketed(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// Reads the live state, pushes a fresh key, runs ssh within the 60-second window, and removes
/// the key whatever happens.
async fn connect_with_key(plan: &ConnectPlan, args: &ConnectArgs) -> anyhow::Result<ExitCode> {
    let session = Session::open(
        args.profile.as_deref(),
        &plan.region,
        args.endpoint_url.as_deref(),
    )
    .await?;
    session.check_live(&plan.instance_id).await?;
    let key = KeyFiles::create()?;
    session.push_key(plan, &key.public_line).await?;
    let key_file = key.private_path.display().to_string();
    let mut child = tokio::process::Command::new(&args.ssh_program)
        .args(plan.ssh_args(&key_file, &args.ssh_arguments))
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", args.ssh_program.display()))?;
    let stderr = child.stderr.take();
    let relay = tokio::spawn(relay_stderr(stderr));
    let status = tokio::select! {
        status = child.wait() => status.context("waiting for ssh")?,
        _ = tokio::signal::ctrl_c() => {
            let _ = child.kill().await;
            drop(key);
            bail!("interrupted: ssh stopped, the key file removed");
        }
    };
    let publickey_refused = relay.await.unwrap_or(false);
    drop(key);
    if publickey_refused {
        bail!(
            "the key was pushed, but the instance's sshd refused it (Permission denied (publickey)): the instance probably lacks the ec2-instance-connect package or its sshd AuthorizedKeysCommand configuration (Amazon Linux 2023 and recent Ubuntu have them), or the OS user {} is not the image's",
            plan.os_user
        );
    }
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// Copies ssh's standard error to ours line by line; true when ssh said its key was refused.
async fn relay_stderr(stderr: Option<tokio::process::ChildStderr>) -> bool {
    use tokio::io::AsyncBufReadExt as _;
    let Some(stderr) = stderr else {
        return false;
    };
    let mut lines = tokio::io::BufReader::new(stderr).lines();
    let mut refused = false;
    while let Ok(Some(line)) = lines.next_line().await {
        refused |= line.contains("Permission denied (publickey");
        eprintln!("{line}");
    }
    refused
}

/// A fresh key pair: the public line for AWS, the private key in a 0600 file inside a 0700
/// private directory, both removed when dropped.
struct KeyFiles {
    public_line: String,
    private_path: PathBuf,
    _directory: tempfile::TempDir,
}

impl KeyFiles {
    fn create() -> anyhow::Result<KeyFiles> {
        use ssh_key::{Algorithm, LineEnding, PrivateKey, rand_core::OsRng};
        let private = PrivateKey::random(&mut OsRng, Algorithm::Ed25519)
            .context("generating an ed25519 key pair")?;
        let public_line = private
            .public_key()
            .to_openssh()
            .context("writing the public key")?;
        let directory = tempfile::Builder::new()
            .prefix("edge-atlas-connect-")
            .tempdir()
            .context("creating a private directory for the key")?;
        let private_path = directory.path().join("key");
        let text = private
            .to_openssh(LineEnding::LF)
            .context("writing the private key")?;
        write_private(&private_path, text.as_bytes())?;
        Ok(KeyFiles {
            public_line,
            private_path,
            _directory: directory,
        })
    }
}

/// Writes `bytes` to a new file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        if let Some(directory) = path.parent() {
            std::fs::set_permissions(directory, std::fs::Permissions::from_mode(0o700))
                .context("making the key's directory private")?;
        }
    }
    let mut file = options.open(path).context("creating the key file")?;
    file.write_all(bytes).context("writing the key file")?;
    Ok(())
}
