//! Connecting to an instance with EC2 Instance Connect: the plan, made from the snapshot before
//! any credential or network is touched. Which zone the instance runs in and of what kind,
//! which address the user can reach from where they are (and why), which OS user, whether the
//! `AvailabilityZone` parameter may be sent (AWS rejects Local and Wavelength Zone names), and
//! the ssh argument vector. The AWS calls and the key live elsewhere (`edge-atlas-aws`'s
//! `connect`, the CLI); this module only decides, so the CLI's `--print-only`, the app's
//! Connect panel and the real connection show the same plan.
//!
//! Reachability follows `domain.md` (Instance Connect): a public IP from the internet; the
//! private IP over VPN / Direct Connect or through a bastion in the VPC (the way to reach
//! Wavelength instances from outside the carrier's network); a Carrier IP only from the
//! carrier's network; a CoIP address only from the customer network behind the local gateway.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::model::{Estate, InstanceStateName, ZoneType};

/// The ssh port when nothing else is said.
pub const SSH_PORT: u16 = 22;

/// Where the user connects from, which decides the address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "host")]
pub enum Vantage {
    /// The public internet: the public IP.
    Internet,
    /// A VPN or Direct Connect into the VPC: the private IP.
    Vpn,
    /// Through a bastion host in the VPC (ssh `-J`): the private IP.
    Bastion(String),
    /// The carrier's own network (Wavelength): the Carrier IP.
    Carrier,
    /// The customer network behind the Outpost's local gateway: the CoIP address.
    Onprem,
}

impl FromStr for Vantage {
    type Err = ConnectError;

    fn from_str(text: &str) -> Result<Vantage, ConnectError> {
        match text {
            "internet" => Ok(Vantage::Internet),
            "vpn" => Ok(Vantage::Vpn),
            "carrier" => Ok(Vantage::Carrier),
            "onprem" => Ok(Vantage::Onprem),
            other => match other.strip_prefix("bastion:") {
                Some(host) if valid_host(host) => Ok(Vantage::Bastion(host.to_owned())),
                _ => Err(ConnectError::Vantage(other.to_owned())),
            },
        }
    }
}

impl fmt::Display for Vantage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Vantage::Internet => f.write_str("internet"),
            Vantage::Vpn => f.write_str("vpn"),
            Vantage::Bastion(host) => write!(f, "bastion:{host}"),
            Vantage::Carrier => f.write_str("carrier"),
            Vantage::Onprem => f.write_str("onprem"),
        }
    }
}

/// A host name or address ssh may be given: letters, digits, `.`, `-`, `_`, `:` (IPv6) and an
/// optional `user@`; nothing ssh would read as an option.
fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && !host.starts_with('-')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '@'))
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectRequest {
    /// The instance.
    pub instance_id: String,
    /// The OS user; `None`: from the image when the snapshot knows it.
    pub user: Option<String>,
    /// Where the user connects from.
    pub via: Vantage,
    /// The serial console instead of ssh to the instance.
    pub serial: bool,
    /// An address to use instead of the chosen one (a port forward, a jump host's view).
    pub address: Option<String>,
    /// An ssh port other than 22.
    pub ssh_port: Option<u16>,
}

/// Why there is no plan.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    /// The snapshot does not hold the instance.
    #[error(
        "{0} is not in the snapshot: sync again (edge-atlas sync) or check the id (edge-atlas inventory --kind instance)"
    )]
    UnknownInstance(String),
    /// The instance was not running when the snapshot was taken.
    #[error(
        "{instance_id} was {state} when the snapshot was taken: start it, sync again, then connect"
    )]
    NotRunning {
        /// The instance.
        instance_id: String,
        /// Its state.
        state: String,
    },
    /// A Windows instance (Instance Connect is for Linux).
    #[error(
        "{0} runs Windows ({1}): EC2 Instance Connect serves Linux instances; use RDP with the instance's password or Fleet Manager"
    )]
    Windows(String, String),
    /// The vantage point has no address to reach.
    #[error("{0}")]
    NoAddress(String),
    /// The OS user cannot be told from the snapshot.
    #[error("{0}")]
    UserRequired(String),
    /// `--via` was not understood.
    #[error("--via {0}: use internet, vpn, bastion:HOST, carrier or onprem")]
    Vantage(String),
    /// A user, address or port that is not one.
    #[error("{0}")]
    Invalid(String),
}

/// Everything decided before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConnectPlan {
    /// The instance.
    pub instance_id: String,
    /// Its Region (the Instance Connect endpoint's).
    pub region: String,
    /// The zone it runs in.
    pub zone: String,
    /// `availability-zone`, `local-zone` or `wavelength-zone`.
    pub zone_type: String,
    /// The Outpost it runs on, if any.
    pub outpost_arn: Option<String>,
    /// Where the user connects from.
    pub via: Vantage,
    /// The serial console instead of ssh to the instance.
    pub serial: bool,
    /// The OS user (empty for the serial console, which logs in as the instance id).
    pub os_user: String,
    /// Where the OS user comes from.
    pub os_user_reason: String,
    /// The address ssh connects to.
    pub address: String,
    /// Why that address.
    pub address_reason: String,
    /// The ssh port.
    pub ssh_port: u16,
    /// The bastion ssh jumps through (`-J`).
    pub jump_host: Option<String>,
    /// The `AvailabilityZone` parameter sent with the key, `None` for Local and Wavelength
    /// Zones (AWS rejects their names) and for the serial console.
    pub availability_zone_parameter: Option<String>,
    /// Where the reachability check (TCP) is made: the bastion, or the address.
    pub check_host: String,
    /// The port of the reachability check.
    pub check_port: u16,
}

impl ConnectPlan {
    /// Plans a connection to the instance `request` names, from the snapshot's `estate`.
    pub fn build(estate: &Estate, request: &ConnectRequest) -> Result<ConnectPlan, ConnectError> {
        let id = request.instance_id.as_str();
        let instance = estate
            .instances
            .iter()
            .find(|instance| instance.instance_id == id)
            .ok_or_else(|| ConnectError::UnknownInstance(id.to_owned()))?;
        if instance.state != InstanceStateName::Running {
            return Err(ConnectError::NotRunning {
                instance_id: id.to_owned(),
                state: instance.state.to_string(),
            });
        }
        if let Some(platform) = windows_platform(instance.platform_details.as_deref()) {
            return Err(ConnectError::Windows(id.to_owned(), platform.to_owned()));
        }
        let zone_type = estate
            .zones
            .iter()
            .find(|zone| zone.zone_name == instance.availability_zone)
            .map_or(ZoneType::AvailabilityZone, |zone| zone.zone_type.clone());
        let regular_zone = zone_type == ZoneType::AvailabilityZone;
        let ssh_port = request.ssh_port.unwrap_or(SSH_PORT);
        if ssh_port == 0 {
            return Err(ConnectError::Invalid(
                "--ssh-port must be 1 to 65535".to_owned(),
            ));
        }
        let mut plan = ConnectPlan {
            instance_id: id.to_owned(),
            region: instance.region.clone(),
            zone: instance.availability_zone.clone(),
            zone_type: zone_type.to_string(),
            outpost_arn: instance.outpost_arn.clone(),
            via: request.via.clone(),
            serial: request.serial,
            os_user: String::new(),
            os_user_reason: String::new(),
            address: String::new(),
            address_reason: String::new(),
            ssh_port,
            jump_host: None,
            availability_zone_parameter: None,
            check_host: String::new(),
            check_port: ssh_port,
        };
        let (address, reason) = if request.serial {
            plan.os_user = format!("{id}.port0");
            plan.os_user_reason =
                "the serial console logs in as INSTANCE_ID.port0 (serial port 0)".to_owned();
            (
                format!(
                    "serial-console.ec2-instance-connect.{}.aws",
                    instance.region
                ),
                format!(
                    "the serial console endpoint of {}, reached over the internet whatever the instance's own addresses",
                    instance.region
                ),
            )
        } else {
            let (user, user_reason) = os_user(
                request.user.as_deref(),
                instance.image_name.as_deref(),
                instance.image_owner_alias.as_deref(),
            )?;
            plan.os_user = user;
            plan.os_user_reason = user_reason;
            plan.availability_zone_parameter =
                regular_zone.then(|| instance.availability_zone.clone());
            let (address, reason, jump_host) =
                reachable_address(id, &zone_type, instance, &request.via)?;
            plan.jump_host = jump_host;
            (address, reason)
        };
        plan.check_host = match &plan.jump_host {
            Some(host) => host.rsplit('@').next().unwrap_or(host).to_owned(),
            None => address.clone(),
        };
        plan.check_port = if plan.jump_host.is_some() {
            SSH_PORT
        } else {
            ssh_port
        };
        match &request.address {
            Some(given) => {
                if !valid_host(given) || given.contains('@') {
                    return Err(ConnectError::Invalid(format!(
                        "--address {given}: not a host name or IP address"
                    )));
                }
                plan.address_reason = format!(
                    "given with --address (--via {} would have chosen {address}: {reason})",
                    request.via
                );
                if plan.jump_host.is_none() {
                    plan.check_host = given.clone();
                }
                plan.address = given.clone();
            }
            None => {
                plan.address = address;
                plan.address_reason = reason;
            }
        }
        if request.ssh_port.is_some() {
            plan.address_reason
                .push_str(&format!("; port {ssh_port} given with --ssh-port"));
        }
        Ok(plan)
    }

    /// Whether the AvailabilityZone parameter is sent, and why not when it is not.
    pub fn availability_zone_sentence(&self) -> String {
        match &self.availability_zone_parameter {
            Some(zone) => format!("sent ({zone})"),
            None if self.serial => "not sent (the serial console call has none)".to_owned(),
            None => format!("not sent (AWS rejects {} names)", self.zone_type),
        }
    }

    /// The ssh argument vector (without the program): `-i KEY_FILE -p PORT [-J BASTION]
    /// USER@ADDRESS`, then `extra` as given. Host key checking is left to the user's ssh config;
    /// `IdentitiesOnly` keeps an agent's other keys from using up the server's tries.
    pub fn ssh_args(&self, key_file: &str, extra: &[String]) -> Vec<String> {
        let mut args = vec![
            "-i".to_owned(),
            key_file.to_owned(),
            "-o".to_owned(),
            "IdentitiesOnly=yes".to_owned(),
            "-p".to_owned(),
            self.ssh_port.to_string(),
        ];
        if let Some(host) = &self.jump_host {
            args.push("-J".to_owned());
            args.push(host.clone());
        }
        args.push(format!("{}@{}", self.os_user, self.address));
        args.extend(extra.iter().cloned());
        args
    }
}

/// The address `via` reaches the instance at, why, and the bastion to jump through.
fn reachable_address(
    id: &str,
    zone_type: &ZoneType,
    instance: &crate::model::Instance,
    via: &Vantage,
) -> Result<(String, String, Option<String>), ConnectError> {
    let private = instance.private_ip_address.as_deref();
    let mut jump_host = None;
    let (address, reason) = match via {
        Vantage::Internet => match instance.public_ip_address.as_deref() {
            Some(ip) => (ip.to_owned(), "its public IP, reachable from the internet".to_owned()),
            None => {
                return Err(ConnectError::NoAddress(no_public_ip(id, zone_type, instance)));
            }
        },
        Vantage::Vpn => match private {
            Some(ip) => (
                ip.to_owned(),
                "its private IP, reachable over your VPN or Direct Connect into the VPC"
                    .to_owned(),
            ),
            None => return Err(ConnectError::NoAddress(format!("{id} has no private IP in the snapshot"))),
        },
        Vantage::Bastion(host) => match private {
            Some(ip) => {
                jump_host = Some(host.clone());
                (
                    ip.to_owned(),
                    format!("its private IP, through the bastion {host} in the VPC (ssh -J)"),
                )
            }
            None => return Err(ConnectError::NoAddress(format!("{id} has no private IP in the snapshot"))),
        },
        Vantage::Carrier => match instance.carrier_ip.as_deref() {
            Some(ip) => (
                ip.to_owned(),
                "its Carrier IP, reachable only from the carrier's own network (a device on its 5G network)"
                    .to_owned(),
            ),
            None => {
                return Err(ConnectError::NoAddress(format!(
                    "{id} has no Carrier IP (only Wavelength instances with a carrier gateway route have one): use --via internet, vpn or bastion:HOST"
                )));
            }
        },
        Vantage::Onprem => match instance.customer_owned_ip.as_deref() {
            Some(ip) => (
                ip.to_owned(),
                "its customer-owned IP (CoIP), reachable from the customer network behind the Outpost's local gateway"
                    .to_owned(),
            ),
            None => {
                return Err(ConnectError::NoAddress(format!(
                    "{id} has no customer-owned IP (CoIP): from the network behind the local gateway use its private IP (--via vpn) when the local gateway routes the VPC directly"
                )));
            }
        },
    };
    Ok((address, reason, jump_host))
}

/// `args` as one command line for showing or pasting into a POSIX shell: each argument
/// single-quoted when it holds anything but letters, digits and `-_./@:=,` (the command itself is
/// always run as an argument vector, never through a shell).
pub fn shell_words(args: &[String]) -> String {
    args.iter()
        .map(|arg| {
            let plain = !arg.is_empty()
                && arg.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '-' | '_' | '.' | '/' | '@' | ':' | '=' | ',')
                });
            if plain {
                arg.clone()
            } else {
                format!("'{}'", arg.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The platform, when it is Windows.
fn windows_platform(platform_details: Option<&str>) -> Option<&str> {
    platform_details.filter(|platform| platform.to_ascii_lowercase().contains("windows"))
}

/// Why an instance without a public IP cannot be reached from the internet, and what to use.
fn no_public_ip(id: &str, zone_type: &ZoneType, instance: &crate::model::Instance) -> String {
    let mut text = format!("{id} has no public IP, so it cannot be reached from the internet: ");
    if *zone_type == ZoneType::WavelengthZone {
        text.push_str(
            "Wavelength instances are reached by their Carrier IP from the carrier's network (--via carrier) or, from outside it, through a bastion in the VPC (--via bastion:HOST)",
        );
    } else if instance.customer_owned_ip.is_some() {
        text.push_str(
            "from the network behind the Outpost's local gateway use its CoIP address (--via onprem); otherwise --via vpn or bastion:HOST",
        );
    } else {
        text.push_str("use --via vpn (VPN or Direct Connect) or --via bastion:HOST");
    }
    text
}

/// The OS user: as given (checked against Instance Connect's pattern), else from the image's
/// name and owner alias, else an error saying `--user` is needed.
fn os_user(
    given: Option<&str>,
    image_name: Option<&str>,
    owner_alias: Option<&str>,
) -> Result<(String, String), ConnectError> {
    if let Some(user) = given {
        if !valid_os_user(user) {
            return Err(ConnectError::Invalid(format!(
                "--user {user}: not an OS user name Instance Connect accepts (letters, digits, . _ - @, up to 32)"
            )));
        }
        return Ok((user.to_owned(), "given with --user".to_owned()));
    }
    let Some(name) = image_name else {
        return Err(ConnectError::UserRequired(
            "the snapshot does not know the instance's image name, and platform details alone cannot tell the OS user: give --user (ec2-user on Amazon Linux, RHEL and SUSE; ubuntu on Ubuntu; admin on Debian)".to_owned(),
        ));
    };
    let lower = name.to_ascii_lowercase();
    let user = if lower.contains("ubuntu") {
        Some("ubuntu")
    } else if lower.contains("debian") {
        Some("admin")
    } else if lower.starts_with("al20")
        || lower.contains("amzn")
        || lower.contains("amazon linux")
        || lower.starts_with("rhel")
        || lower.contains("red hat")
        || lower.contains("suse")
        || lower.contains("sles")
    {
        Some("ec2-user")
    } else {
        None
    };
    let owner = owner_alias.map_or(String::new(), |alias| format!(" (owner {alias})"));
    match user {
        Some(user) => Ok((
            user.to_owned(),
            format!("the default user of the image {name}{owner}"),
        )),
        None => Err(ConnectError::UserRequired(format!(
            "the image {name}{owner} is not one whose default user Edge Atlas knows: give --user"
        ))),
    }
}

/// Instance Connect's `InstanceOSUser` pattern, its first alternative, length 1-32.
fn valid_os_user(user: &str) -> bool {
    let mut chars = user.chars();
    (1..=32).contains(&user.len())
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '$'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vantage_points_parse_and_a_hostile_bastion_is_refused() {
        assert_eq!("vpn".parse::<Vantage>(), Ok(Vantage::Vpn));
        assert_eq!(
            "bastion:ec2-user@10.0.0.5".parse::<Vantage>(),
            Ok(Vantage::Bastion("ec2-user@10.0.0.5".to_owned()))
        );
        for bad in [
            "bastion:",
            "bastion:-oProxyCommand=x",
            "bastion:a b",
            "moon",
        ] {
            assert!(bad.parse::<Vantage>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shown_command_lines_quote_what_a_shell_would_read() {
        let args = ["ssh", "-p", "22", "echo hi", "it's", "$(x)"].map(str::to_owned);
        assert_eq!(shell_words(&args), r"ssh -p 22 'echo hi' 'it'\''s' '$(x)'");
    }

    #[test]
    fn the_default_user_comes_from_the_image_name() {
        let user = |name| os_user(None, Some(name), None).map(|(user, _)| user);
        assert_eq!(
            user("al2023-ami-2023.6.20241010.0-kernel-6.1-x86_64").as_deref(),
            Ok("ec2-user")
        );
        assert_eq!(
            user("ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server").as_deref(),
            Ok("ubuntu")
        );
        assert_eq!(
            user("debian-12-amd64-20240717-1811").as_deref(),
            Ok("admin")
        );
        assert_eq!(
            user("RHEL-9.4.0_HVM-20240605-x86_64").as_deref(),
            Ok("ec2-user")
        );
        assert!(user("my-golden-image").is_err());
        assert!(os_user(None, None, None).is_err());
        assert!(os_user(Some("-oProxy"), None, None).is_err());
        assert!(os_user(Some("ops"), None, None).is_ok());
    }
}
