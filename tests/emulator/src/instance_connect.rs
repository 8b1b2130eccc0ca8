//! EC2 Instance Connect (JSON 1.1): SendSSHPublicKey and SendSerialConsoleSSHPublicKey, with
//! AWS's validation and a record of accepted keys.
//!
//! AWS checks the parameters against the model's patterns first (`InvalidArgsException`), then
//! that the instance exists in the Region (`EC2InstanceNotFoundException`) and is running
//! (`EC2InstanceStateInvalidException`). The AvailabilityZone pattern `^(\w+-){2,3}\d+\w+$`
//! admits `us-east-1a` but not Local or Wavelength Zone names, so for instances there the zone
//! must be left out. A pushed key is usable for 60 seconds on the emulator's clock, which
//! tests move through the admin endpoint.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::faults::FaultConfig;
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::{AcceptedKey, State};

const TARGET_PREFIX: &str = "AWSEC2InstanceConnectService.";
/// How long a pushed key stays usable, in seconds (AWS documents 60).
pub const KEY_LIFETIME_SECONDS: i64 = 60;
const KEY_TYPES: &[&str] = &[
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
];

/// The operation named by `X-Amz-Target`.
pub fn operation_name(request: &ApiRequest) -> String {
    request.target_operation(TARGET_PREFIX)
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidArgsException", 400, message)
}

/// Answers one Instance Connect request in `region`.
pub fn handle(
    state: &State,
    account: &str,
    region: &str,
    request: &ApiRequest,
    request_id: &str,
    faults: &FaultConfig,
) -> Result<Reply, ApiError> {
    let operation = operation_name(request);
    let serial = match operation.as_str() {
        "SendSSHPublicKey" => false,
        "SendSerialConsoleSSHPublicKey" => true,
        _ => {
            return Err(ApiError::new(
                "UnknownOperationException",
                400,
                format!("Unknown operation {operation}"),
            ));
        }
    };
    let body: Value = serde_json::from_str(&request.body).map_err(|error| {
        ApiError::new(
            "SerializationException",
            400,
            format!("Invalid JSON body: {error}"),
        )
    })?;
    let field = |name: &str| body.get(name).and_then(Value::as_str);
    let instance_id = field("InstanceId").ok_or_else(|| invalid("InstanceId is required."))?;
    if !valid_instance_id(instance_id) {
        return Err(invalid(format!("Invalid instance ID: {instance_id}")));
    }
    let key = field("SSHPublicKey").ok_or_else(|| invalid("SSHPublicKey is required."))?;
    let key_type = validate_key(key)?;
    let os_user = if serial {
        let port = body.get("SerialPort").map_or(Some(0), Value::as_i64);
        if port != Some(0) {
            return Err(invalid("SerialPort must be 0."));
        }
        String::new()
    } else {
        let user = field("InstanceOSUser").ok_or_else(|| invalid("InstanceOSUser is required."))?;
        if !valid_os_user(user) {
            return Err(invalid(format!("Invalid OS user: {user}")));
        }
        user.to_owned()
    };
    let zone = if serial {
        None
    } else {
        field("AvailabilityZone")
    };
    if let Some(zone) = zone
        && !valid_zone(zone)
    {
        return Err(invalid(format!(
            "1 validation error detected: Value '{zone}' at 'availabilityZone' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(\\w+-){{2,3}}\\d+\\w+$"
        )));
    }
    let instance = state
        .fixture
        .region(account, region)
        .estate
        .instances
        .iter()
        .find(|instance| instance.instance_id == instance_id)
        .ok_or_else(|| ApiError::new("EC2InstanceNotFoundException", 400, "Instance not found"))?;
    if let Some(zone) = zone
        && zone != instance.availability_zone
    {
        return Err(invalid(format!(
            "The instance {instance_id} is not in Availability Zone {zone}."
        )));
    }
    if instance.state != edge_atlas::model::InstanceStateName::Running {
        return Err(ApiError::new(
            "EC2InstanceStateInvalidException",
            400,
            format!("Instance {instance_id} is {}, not running.", instance.state),
        ));
    }
    if serial && faults.serial_console_disabled {
        return Err(ApiError::new(
            "SerialConsoleAccessDisabledException",
            400,
            "Your account isn't authorized to use the EC2 Serial Console. To authorize your account, enable serial console access.",
        ));
    }
    let now = state.now();
    state.accept_key(AcceptedKey {
        instance_id: instance_id.to_owned(),
        os_user,
        channel: if serial { "serial-console" } else { "ssh" },
        key_type,
        public_key: key.to_owned(),
        availability_zone: zone.map(str::to_owned),
        accepted_at: now,
        expires_at: now + KEY_LIFETIME_SECONDS,
    });
    let body = json!({ "RequestId": request_id, "Success": true });
    Ok(Reply::json(200, body.to_string()).with_content_type("application/x-amz-json-1.1"))
}

/// `^i-[a-f0-9]+$`, 10 to 32 characters.
fn valid_instance_id(id: &str) -> bool {
    (10..=32).contains(&id.len())
        && id
            .strip_prefix("i-")
            .is_some_and(|hex| hex.chars().all(|ch| matches!(ch, 'a'..='f' | '0'..='9')))
}

fn is_middle(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '@' | '.' | '_' | '-')
}

fn is_last(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '$' | '_' | '-')
}

/// Whether `rest` is `[A-Za-z0-9@._-]{0,max}` optionally followed by one `[A-Za-z0-9$_-]`.
fn middle_then_optional_last(rest: &[char], max_middle: usize) -> bool {
    let all_middle = |chars: &[char]| chars.iter().all(|ch| is_middle(*ch));
    (all_middle(rest) && rest.len() <= max_middle)
        || rest.split_last().is_some_and(|(last, middle)| {
            is_last(*last) && all_middle(middle) && middle.len() <= max_middle
        })
}

/// The model's InstanceOSUser pattern, both alternatives, and its length 1-32.
fn valid_os_user(user: &str) -> bool {
    let chars: Vec<char> = user.chars().collect();
    if chars.is_empty() || chars.len() > 32 {
        return false;
    }
    // (^[A-Za-z_][A-Za-z0-9\@\._-]{0,30}[A-Za-z0-9\$_-]?$)
    let first = chars[0];
    if (first.is_ascii_alphabetic() || first == '_') && middle_then_optional_last(&chars[1..], 30) {
        return true;
    }
    // (^(?=.{2,32}$)[0-9]{1,32}[A-Za-z\@\._-][A-Za-z0-9\@\._-]*[A-Za-z0-9\$_-]?$)
    let digits = chars.iter().take_while(|ch| ch.is_ascii_digit()).count();
    chars.len() >= 2
        && digits >= 1
        && chars
            .get(digits)
            .is_some_and(|ch| ch.is_ascii_alphabetic() || matches!(ch, '@' | '.' | '_' | '-'))
        && middle_then_optional_last(&chars[digits + 1..], usize::MAX)
}

/// The model's AvailabilityZone pattern `^(\w+-){2,3}\d+\w+$`, 6 to 32 characters.
fn valid_zone(zone: &str) -> bool {
    let word = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    };
    let parts: Vec<&str> = zone.split('-').collect();
    (6..=32).contains(&zone.len())
        && (3..=4).contains(&parts.len())
        && parts.iter().all(|part| word(part))
        && parts.last().is_some_and(|last| {
            last.len() >= 2 && last.chars().next().is_some_and(|ch| ch.is_ascii_digit())
        })
}

/// Checks an OpenSSH public key line (`TYPE BASE64 [comment]`, 80-4096 characters) and returns
/// its type.
fn validate_key(key: &str) -> Result<String, ApiError> {
    if !(80..=4096).contains(&key.len()) {
        return Err(invalid(
            "The SSH public key must be between 80 and 4096 characters long.",
        ));
    }
    let mut fields = key.split_whitespace();
    let (Some(key_type), Some(encoded)) = (fields.next(), fields.next()) else {
        return Err(invalid("The SSH public key is not in OpenSSH format."));
    };
    if !KEY_TYPES.contains(&key_type) {
        return Err(invalid(format!(
            "Unsupported SSH public key type {key_type}."
        )));
    }
    let blob = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| invalid("The SSH public key is not valid base64."))?;
    let declared = blob
        .get(..4)
        .map(|length| u32::from_be_bytes([length[0], length[1], length[2], length[3]]) as usize)
        .and_then(|length| blob.get(4..4 + length));
    if declared != Some(key_type.as_bytes()) {
        return Err(invalid(
            "The SSH public key's type does not match its content.",
        ));
    }
    Ok(key_type.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_pattern_admits_availability_zones_only() {
        assert!(valid_zone("us-east-1a"));
        assert!(valid_zone("ap-northeast-1d"));
        assert!(!valid_zone("us-west-2-lax-1a"));
        assert!(!valid_zone("us-east-1-wl1-bos-wlz-1"));
        assert!(!valid_zone("us-east"));
    }

    #[test]
    fn os_user_pattern_follows_the_model() {
        for user in ["ec2-user", "ubuntu", "_svc", "a", "user$", "1user", "12.3"] {
            assert!(valid_os_user(user), "{user}");
        }
        for user in ["", "-bad", "has space", "root;", "1", "12", &"u".repeat(33)] {
            assert!(!valid_os_user(user), "{user}");
        }
    }

    #[test]
    fn instance_ids_follow_the_model() {
        assert!(valid_instance_id("i-0123456789abcdef0"));
        assert!(!valid_instance_id("i-0123"));
        assert!(!valid_instance_id("i-0123456789ABCDEF0"));
    }
}
