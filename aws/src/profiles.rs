//! The profiles of the user's AWS configuration, for the app's profile picker: the section
//! names of the shared config file (`[default]`, `[profile NAME]`) and credentials file
//! (`[NAME]`), and whether a profile signs in through IAM Identity Center (SSO). Only names and
//! key names are read; no value of any key (keys, secrets, tokens) is kept.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A profile the SDK can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile name, as `--profile` takes it.
    pub name: String,
    /// Whether it signs in through IAM Identity Center (`sso_session` or `sso_start_url`).
    pub sso: bool,
}

/// The profiles of the config and credentials files the SDK reads (`AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`), `default`
/// first, then by name. Missing or unreadable files count as empty.
pub fn profiles() -> Vec<Profile> {
    let (config_path, credentials_path) = shared_file_paths();
    let config = std::fs::read_to_string(config_path).unwrap_or_default();
    let credentials = std::fs::read_to_string(credentials_path).unwrap_or_default();
    parse(&config, &credentials)
}

/// The config and credentials files the SDK reads, in that order.
pub fn shared_file_paths() -> (PathBuf, PathBuf) {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let path = |variable: &str, default: &str| {
        std::env::var_os(variable)
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".aws").join(default))
    };
    (
        path("AWS_CONFIG_FILE", "config"),
        path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    )
}

/// The profiles named in the text of a config file and a credentials file.
pub fn parse(config: &str, credentials: &str) -> Vec<Profile> {
    let mut found: BTreeMap<String, bool> = BTreeMap::new();
    for (text, is_config) in [(config, true), (credentials, false)] {
        let mut current: Option<String> = None;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
                continue;
            }
            if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let section = section.trim();
                current = if is_config {
                    match section.strip_prefix("profile ") {
                        Some(name) => Some(name.trim().to_owned()),
                        None if section == "default" => Some("default".to_owned()),
                        // `[sso-session x]`, `[services x]`: not profiles.
                        None => None,
                    }
                } else {
                    Some(section.to_owned())
                };
                if let Some(name) = &current
                    && !name.is_empty()
                {
                    found.entry(name.clone()).or_insert(false);
                }
                continue;
            }
            let key = line.split('=').next().unwrap_or("").trim();
            if let Some(name) = &current
                && is_config
                && matches!(key, "sso_session" | "sso_start_url")
            {
                found.insert(name.clone(), true);
            }
        }
    }
    let mut profiles: Vec<Profile> = found
        .into_iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, sso)| Profile { name, sso })
        .collect();
    profiles.sort_by_key(|p| p.name != "default");
    profiles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_and_credentials_sections_become_profiles_without_their_values() {
        let config = "\
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
[profile  spaced ]
role_arn = arn:aws:iam::123456789012:role/x
";
        let credentials = "\
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[ci]
aws_access_key_id = AKIAOTHER
";
        let profiles = parse(config, credentials);
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
    fn empty_or_garbled_files_give_no_profiles() {
        assert!(parse("", "").is_empty());
        assert!(parse("not ini at all\n[", "=\n[]").is_empty());
    }
}
