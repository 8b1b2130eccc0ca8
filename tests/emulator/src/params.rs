//! Request parameters of the query protocols (EC2, STS) and of REST query strings.
//!
//! The EC2 protocol flattens lists into numbered keys (`InstanceId.1`, `Filter.2.Value.1`).
//! [`Params`] decodes `application/x-www-form-urlencoded` bodies and query strings and offers
//! the accessors the handlers need: numbered lists, filters, booleans and bounded integers,
//! each failing with the error AWS gives for that mistake.

use std::collections::BTreeMap;

use crate::errors::ApiError;

/// Decoded form or query-string parameters. A key given several times keeps every value in order.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<String, Vec<String>>,
}

/// One `Filter.N` of an EC2 request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// `Filter.N.Name`, e.g. `vpc-id` or `tag:Name`.
    pub name: String,
    /// `Filter.N.Value.M`; an item matches when any value matches.
    pub values: Vec<String>,
}

impl Params {
    /// Parses `a=1&b=x%20y` (also used for query strings). Invalid percent escapes are kept as typed.
    pub fn parse(encoded: &str) -> Params {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for pair in encoded.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            values
                .entry(percent_decode(key))
                .or_default()
                .push(percent_decode(value));
        }
        Params { values }
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .and_then(|values| values.first())
            .map(String::as_str)
    }

    /// Every value of a repeated REST query parameter (`?StatusFilter=A&StatusFilter=B`).
    pub fn all(&self, key: &str) -> Vec<String> {
        self.values.get(key).cloned().unwrap_or_default()
    }

    /// The numbered list `prefix.1`, `prefix.2`, … (EC2 stops at the first gap, as AWS does).
    pub fn list(&self, prefix: &str) -> Vec<String> {
        (1..)
            .map_while(|index| self.get(&format!("{prefix}.{index}")).map(str::to_owned))
            .collect()
    }

    /// `true`/`false` parameters; anything else is AWS's `InvalidParameterValue`.
    pub fn boolean(&self, key: &str) -> Result<bool, ApiError> {
        match self.get(key) {
            None => Ok(false),
            Some(text) if text.eq_ignore_ascii_case("true") => Ok(true),
            Some(text) if text.eq_ignore_ascii_case("false") => Ok(false),
            Some(text) => Err(ApiError::invalid_parameter(format!(
                "Invalid value '{text}' for {key}. Expected a boolean."
            ))),
        }
    }

    /// An optional integer within `min..=max` (the model's bounds for the parameter).
    pub fn bounded(&self, key: &str, min: u32, max: u32) -> Result<Option<u32>, ApiError> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        match text.parse::<u32>() {
            Ok(value) if (min..=max).contains(&value) => Ok(Some(value)),
            _ => Err(ApiError::invalid_parameter(format!(
                "Value ( {text} ) for parameter {key} is invalid. Expected a value between {min} and {max}."
            ))),
        }
    }

    /// The `Filter.N.Name` / `Filter.N.Value.M` filters.
    pub fn filters(&self) -> Vec<Filter> {
        (1..)
            .map_while(|index| {
                let name = self.get(&format!("Filter.{index}.Name"))?;
                Some(Filter {
                    name: name.to_owned(),
                    values: self.list(&format!("Filter.{index}.Value")),
                })
            })
            .collect()
    }
}

/// Decodes `%XX` escapes and `+` (space) in form encoding; malformed escapes stay literal.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => {
                out.push(b' ');
                index += 1;
            }
            b'%' if index + 2 < bytes.len()
                && hex_pair(bytes[index + 1], bytes[index + 2]).is_some() =>
            {
                out.extend(hex_pair(bytes[index + 1], bytes[index + 2]));
                index += 3;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(high: u8, low: u8) -> Option<u8> {
    let digit = |byte: u8| (byte as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

/// Whether `value` matches an EC2 filter pattern (`*` any run, `?` one character).
pub fn glob_matches(pattern: &str, value: &str) -> bool {
    fn matches(pattern: &[char], value: &[char]) -> bool {
        match pattern.split_first() {
            None => value.is_empty(),
            Some(('*', rest)) => (0..=value.len()).any(|skip| matches(rest, &value[skip..])),
            Some(('?', rest)) => !value.is_empty() && matches(rest, &value[1..]),
            Some((ch, rest)) => value.first() == Some(ch) && matches(rest, &value[1..]),
        }
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let value: Vec<char> = value.chars().collect();
    matches(&pattern, &value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lists_and_filters_decode() {
        let params = Params::parse(
            "Action=DescribeVpcs&VpcId.1=vpc-1&VpcId.2=vpc%2D2&Filter.1.Name=tag%3AName&Filter.1.Value.1=a+b&Filter.1.Value.2=c",
        );
        assert_eq!(params.get("Action"), Some("DescribeVpcs"));
        assert_eq!(params.list("VpcId"), vec!["vpc-1", "vpc-2"]);
        assert_eq!(
            params.filters(),
            vec![Filter {
                name: "tag:Name".into(),
                values: vec!["a b".into(), "c".into()]
            }]
        );
    }

    #[test]
    fn bounds_and_booleans_are_checked() {
        let params = Params::parse("MaxResults=3&DryRun=maybe");
        assert!(params.bounded("MaxResults", 5, 1000).is_err());
        assert!(params.boolean("DryRun").is_err());
        assert_eq!(
            Params::parse("MaxResults=5")
                .bounded("MaxResults", 5, 1000)
                .ok(),
            Some(Some(5))
        );
    }

    #[test]
    fn globs_match_like_ec2_filters() {
        assert!(glob_matches("us-*-1?", "us-east-1a"));
        assert!(!glob_matches("us-west-*", "us-east-1a"));
        assert!(glob_matches("*", ""));
    }

    #[test]
    fn malformed_escapes_stay_literal() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
