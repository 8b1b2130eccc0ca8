//! The profiles of the user's AWS configuration, for the app's profile picker and for refusing
//! an unknown `--profile` before any credential is loaded. The files are found and parsed by
//! the SDK's own loader (`aws_config::profile::load`), so the app sees exactly the profiles the
//! SDK will: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` honoured, the home directory
//! found the platform's way (Windows too), the SDK's INI rules. Only names and whether a
//! profile signs in through IAM Identity Center are kept; no value of any key (keys, secrets,
//! tokens) leaves this module.

use aws_config::profile::ProfileSet;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

/// A profile the SDK can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile name, as `--profile` takes it.
    pub name: String,
    /// Whether it signs in through IAM Identity Center (`sso_session` or `sso_start_url`).
    pub sso: bool,
}

/// The shared files could not be read or parsed as the SDK reads them.
#[derive(Debug, thiserror::Error)]
#[error("the AWS config files ({files}) could not be read: {message}")]
pub struct ProfilesError {
    /// Which files, as [`shared_files_label`] names them.
    pub files: String,
    /// What the SDK's loader said.
    pub message: String,
}

/// The profiles of the config and credentials files the SDK reads, `default` first, then by
/// name. Missing files count as empty (as they do for the SDK).
pub async fn load_profiles() -> Result<Vec<Profile>, ProfilesError> {
    load_from(&Fs::real(), &Env::real()).await
}

/// [`load_profiles`] for callers outside an async runtime (the app's UI thread). The SDK's
/// loader reads the files with blocking calls, so a current-thread runtime finishes it at once.
pub fn load_profiles_blocking() -> Result<Vec<Profile>, ProfilesError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|error| ProfilesError {
            files: shared_files_label(),
            message: format!("no runtime to read them: {error}"),
        })?;
    runtime.block_on(load_profiles())
}

/// The files the SDK reads, as the user would write them: the variables' values when set,
/// else `~/.aws/config` and `~/.aws/credentials`.
pub fn shared_files_label() -> String {
    shared_files_label_in(&Env::real())
}

fn shared_files_label_in(env: &Env) -> String {
    let path = |variable: &str, default: &str| match env.get(variable) {
        Ok(value) if !value.is_empty() => value,
        _ => default.to_owned(),
    };
    format!(
        "{} or {}",
        path("AWS_CONFIG_FILE", "~/.aws/config"),
        path("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")
    )
}

async fn load_from(fs: &Fs, env: &Env) -> Result<Vec<Profile>, ProfilesError> {
    let set = aws_config::profile::load(fs, env, &EnvConfigFiles::default(), None)
        .await
        .map_err(|error| ProfilesError {
            files: shared_files_label_in(env),
            message: error.to_string(),
        })?;
    Ok(profiles_of(&set))
}

fn profiles_of(set: &ProfileSet) -> Vec<Profile> {
    let mut profiles: Vec<Profile> = set
        .profiles()
        .filter(|name| !name.is_empty())
        .map(|name| Profile {
            name: name.to_owned(),
            sso: set.get_profile(name).is_some_and(|profile| {
                profile.get("sso_session").is_some() || profile.get("sso_start_url").is_some()
            }),
        })
        .collect();
    profiles.sort_by(|a, b| {
        (a.name != "default")
            .cmp(&(b.name != "default"))
            .then_with(|| a.name.cmp(&b.name))
    });
    profiles
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn load(
        files: &[(&str, &str)],
        variables: &[(&str, &str)],
    ) -> Result<Vec<Profile>, ProfilesError> {
        let fs = Fs::from_map(
            files
                .iter()
                .map(|(path, text)| ((*path).to_owned(), text.as_bytes().to_vec()))
                .collect::<HashMap<_, _>>(),
        );
        let mut all = vec![("HOME", "/home/planner")];
        all.extend_from_slice(variables);
        let env = Env::from_slice(&all);
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
            .block_on(load_from(&fs, &env))
    }

    const CONFIG: &str = "\
[default]
region = us-east-1

[profile prod-sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start

# [profile commented-out]
[profile spaced]
role_arn = arn:aws:iam::123456789012:role/x
";
    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[ci]
aws_access_key_id = AKIAOTHER
";

    #[test]
    fn config_and_credentials_sections_become_profiles_without_their_values() {
        let profiles = load(
            &[
                ("/home/planner/.aws/config", CONFIG),
                ("/home/planner/.aws/credentials", CREDENTIALS),
            ],
            &[],
        )
        .expect("both files parse");
        let names: Vec<(&str, bool)> = profiles.iter().map(|p| (p.name.as_str(), p.sso)).collect();
        assert_eq!(
            names,
            vec![
                ("default", false),
                ("ci", false),
                ("legacy-sso", true),
                ("prod-sso", true),
                ("spaced", false),
            ]
        );
        let debug = format!("{profiles:?}");
        assert!(!debug.contains("AKIA") && !debug.contains("secret"));
    }

    #[test]
    fn the_files_named_by_the_environment_are_the_ones_read() {
        let profiles = load(
            &[
                ("/home/planner/.aws/config", CONFIG),
                (
                    "/etc/team/aws-config",
                    "[profile team]\nregion = eu-west-2\n",
                ),
            ],
            &[("AWS_CONFIG_FILE", "/etc/team/aws-config")],
        )
        .expect("the overriding file parses");
        let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["team"]);
        assert_eq!(
            shared_files_label_in(&Env::from_slice(&[(
                "AWS_CONFIG_FILE",
                "/etc/team/aws-config"
            )])),
            "/etc/team/aws-config or ~/.aws/credentials"
        );
    }

    #[test]
    fn missing_files_give_no_profiles_and_garbled_ones_an_error_naming_them() {
        assert!(load(&[], &[]).expect("missing files are empty").is_empty());
        let error = load(
            &[(
                "/home/planner/.aws/config",
                "key = value before any section\n[",
            )],
            &[],
        )
        .expect_err("a property outside a section is refused by the SDK's parser");
        assert!(error.to_string().contains("~/.aws/config"), "{error}");
    }
}
