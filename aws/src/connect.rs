//! The AWS side of `edge-atlas connect`: the instance's live state read with DescribeInstances
//! (the snapshot may be stale), and the public key pushed with EC2 Instance Connect
//! (`SendSSHPublicKey`, or `SendSerialConsoleSSHPublicKey` for the serial console) in the
//! instance's own Region, through the same credential chain and endpoint override as a sync.
//! AWS's errors become sentences saying what to do. The plan itself (address, user, whether the
//! AvailabilityZone parameter is sent) is the library's [`edge_atlas::connect`].

use aws_config::Region as SdkRegion;
use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use edge_atlas::connect::ConnectPlan;

use crate::SyncOptions;
use crate::failure::CallFailure;

/// Why the connection stopped on the AWS side.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectFailure {
    /// The profile does not exist (nothing was loaded).
    #[error("{0}")]
    Profile(String),
    /// The instance's live state refuses a connection.
    #[error("{0}")]
    Refused(String),
    /// An AWS call failed: AWS's code and a sentence with what to do.
    #[error("{sentence}")]
    Aws {
        /// AWS's error code, when AWS answered.
        code: Option<String>,
        /// What happened and what to do.
        sentence: String,
    },
}

/// The two clients a connection needs, in the instance's Region.
pub struct Session {
    ec2: aws_sdk_ec2::Client,
    instance_connect: aws_sdk_ec2instanceconnect::Client,
    region: String,
}

impl Session {
    /// Loads the credential chain (`profile` or the default chain) for `region`, with every
    /// service at `endpoint_url` when given. Credentials are loaded lazily, at the first call.
    pub async fn open(
        profile: Option<&str>,
        region: &str,
        endpoint_url: Option<&str>,
    ) -> Result<Session, ConnectFailure> {
        if let Some(profile) = profile {
            crate::run::check_profile_exists(profile)
                .await
                .map_err(|error| ConnectFailure::Profile(error.to_string()))?;
        }
        let options = SyncOptions {
            profile: profile.map(str::to_owned),
            regions: vec![region.to_owned()],
            endpoint_url: endpoint_url.map(str::to_owned),
            ..SyncOptions::default()
        };
        let config = crate::run::load_config(&options).await;
        let region_config = |config: &aws_config::SdkConfig| {
            config
                .to_builder()
                .region(SdkRegion::new(region.to_owned()))
                .build()
        };
        let config = region_config(&config);
        Ok(Session {
            ec2: aws_sdk_ec2::Client::new(&config),
            instance_connect: aws_sdk_ec2instanceconnect::Client::new(&config),
            region: region.to_owned(),
        })
    }

    /// Reads the instance's live state: a stopped, terminated or Windows instance is refused
    /// with what to do, before any key is pushed.
    pub async fn check_live(&self, instance_id: &str) -> Result<(), ConnectFailure> {
        let output = self
            .ec2
            .describe_instances()
            .instance_ids(instance_id)
            .send()
            .await
            .map_err(|error| {
                aws_failure(&error, "ec2:DescribeInstances", instance_id, &self.region)
            })?;
        let instance = output
            .reservations()
            .iter()
            .flat_map(|reservation| reservation.instances())
            .find(|instance| instance.instance_id() == Some(instance_id))
            .ok_or_else(|| {
                ConnectFailure::Refused(format!(
                    "{instance_id} no longer exists in {}: it was terminated after the snapshot was taken; sync again",
                    self.region
                ))
            })?;
        let state = instance
            .state()
            .and_then(|state| state.name())
            .map_or("unknown", |name| name.as_str());
        if state != "running" {
            return Err(ConnectFailure::Refused(format!(
                "{instance_id} is {state} now (the snapshot is older): start it (aws ec2 start-instances --instance-ids {instance_id}) and connect again"
            )));
        }
        let windows = instance
            .platform()
            .is_some_and(|platform| platform.as_str().eq_ignore_ascii_case("windows"))
            || instance
                .platform_details()
                .is_some_and(|details| details.to_ascii_lowercase().contains("windows"));
        if windows {
            return Err(ConnectFailure::Refused(format!(
                "{instance_id} runs Windows: EC2 Instance Connect serves Linux instances; use RDP or Fleet Manager"
            )));
        }
        Ok(())
    }

    /// Pushes `public_key` (one OpenSSH line) for the plan's instance and user, usable for 60
    /// seconds: the serial console's call for a serial plan; the AvailabilityZone parameter
    /// only when the plan says so (regular Availability Zones).
    pub async fn push_key(
        &self,
        plan: &ConnectPlan,
        public_key: &str,
    ) -> Result<(), ConnectFailure> {
        if plan.serial {
            let action = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
            self.instance_connect
                .send_serial_console_ssh_public_key()
                .instance_id(&plan.instance_id)
                .serial_port(0)
                .ssh_public_key(public_key)
                .send()
                .await
                .map_err(|error| aws_failure(&error, action, &plan.instance_id, &self.region))?;
            return Ok(());
        }
        let action = "ec2-instance-connect:SendSSHPublicKey";
        self.instance_connect
            .send_ssh_public_key()
            .instance_id(&plan.instance_id)
            .instance_os_user(&plan.os_user)
            .ssh_public_key(public_key)
            .set_availability_zone(plan.availability_zone_parameter.clone())
            .send()
            .await
            .map_err(|error| aws_failure(&error, action, &plan.instance_id, &self.region))?;
        Ok(())
    }
}

/// An SDK error as a sentence with what to do.
fn aws_failure<E>(
    error: &SdkError<E, HttpResponse>,
    action: &str,
    instance_id: &str,
    region: &str,
) -> ConnectFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let failure = CallFailure::from_sdk(error);
    let aws_says = error.message().unwrap_or(failure.cause.as_str()).to_owned();
    let sentence = match failure.code.as_deref() {
        Some("AuthException" | "UnauthorizedOperation" | "AccessDenied" | "AccessDeniedException") => format!(
            "AWS refused {action} for {instance_id} ({aws_says}): the caller's IAM policy must allow {action} on arn:aws:ec2:{region}:ACCOUNT:instance/{instance_id} (and any ec2:osuser condition must allow the user)"
        ),
        Some("InvalidArgsException") => format!(
            "AWS refused the request's arguments: {aws_says}"
        ),
        Some("EC2InstanceNotFoundException" | "InvalidInstanceID.NotFound" | "InvalidInstanceID.Malformed") => format!(
            "AWS does not know {instance_id} in {region} (terminated since the snapshot, or another account): sync again"
        ),
        Some("EC2InstanceStateInvalidException") => format!(
            "{instance_id} is not running ({aws_says}): start it and connect again"
        ),
        Some("EC2InstanceUnavailableException") => format!(
            "{instance_id} cannot take a key now ({aws_says}): it may still be starting or impaired; try again in a minute"
        ),
        Some("EC2InstanceTypeInvalidException") => format!(
            "{instance_id}'s instance type does not support the serial console (Nitro instances only): {aws_says}"
        ),
        Some("ThrottlingException") => {
            "AWS is throttling Instance Connect requests: wait a few seconds and connect again".to_owned()
        }
        Some("SerialConsoleAccessDisabledException") => {
            "the EC2 Serial Console is not enabled for this account: enable it (aws ec2 enable-serial-console-access, in each Region) and connect again".to_owned()
        }
        Some("SerialConsoleSessionLimitExceededException") => format!(
            "{instance_id}'s serial console already has a session: close it and connect again"
        ),
        Some("SerialConsoleSessionUnavailableException" | "SerialConsoleSessionUnsupportedException") => format!(
            "the serial console of {instance_id} is not available ({aws_says}): it needs a Nitro instance; try again later or connect with ssh"
        ),
        Some("ServiceException") => format!(
            "Instance Connect failed on AWS's side ({aws_says}): try again"
        ),
        Some(code) => format!("{action} failed: {code}: {aws_says}"),
        None if failure.unreachable => format!(
            "could not reach AWS for {action} ({}): check the network, the endpoint URL and any proxy",
            failure.cause
        ),
        None => format!(
            "{action} could not be sent ({}): check the credentials (aws configure, aws sso login, or --profile)",
            failure.cause
        ),
    };
    ConnectFailure::Aws {
        code: failure.code,
        sentence,
    }
}
