//! Amazon EC2's query protocol: `Action=Describe…` requests, XML answers.
//!
//! Every Describe call here follows one recipe ([`describe`]): the numbered id list narrows
//! the items (an unknown id is the call's `…NotFound` error), `Filter.N` keeps the items whose
//! values match (an unsupported filter name is `InvalidParameterValue`, as in AWS), then
//! paginated calls return at most `MaxResults` items, capped by the emulator's page size, with
//! an opaque `NextToken`. Each served type ([`Served`]) says which filters it knows and writes
//! its own `<item>`; the element names are the `locationName`s of botocore's EC2 model, which
//! `tests/emulator/validate` checks member by member.

mod local_gateways;
mod locations;
pub(crate) mod vpcs;

use std::collections::BTreeMap;

use crate::errors::ApiError;
use crate::fixture::RegionData;
use crate::params::{Params, glob_matches};
use crate::reply::Reply;
use crate::server::ApiRequest;
use crate::state::State;
use crate::xml::Xml;

/// The EC2 XML namespace of API version 2016-11-15.
const NAMESPACE: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

/// What one EC2 request is answered with.
pub(crate) struct Ctx<'a> {
    /// The account the estate belongs to (`ownerId`).
    pub account_id: &'a str,
    /// The Region of the endpoint called.
    pub region: &'a str,
    /// That Region's data.
    pub data: &'a RegionData,
    /// The whole emulator state (every Region, for DescribeRegions).
    pub state: &'a State,
}

/// An item a Describe call lists.
pub(crate) trait Served {
    /// The filter names the call supports besides `tag:KEY` and `tag-key`.
    const FILTERS: &'static [&'static str];
    /// The id the numbered id parameter matches.
    fn id(&self) -> &str;
    /// The item's tags, for `tag:KEY` and `tag-key` filters.
    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        None
    }
    /// The item's values for a filter in [`Served::FILTERS`].
    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String>;
    /// Writes the members of the item's `<item>` element.
    fn write(&self, xml: &mut Xml, ctx: &Ctx);
}

/// How one Describe call narrows and pages.
pub(crate) struct Listing {
    /// The numbered id parameter, e.g. `VpcId` (`VpcId.1`, `VpcId.2`, …), if the call has one.
    pub id_param: Option<&'static str>,
    /// The error code for an unknown id, e.g. `InvalidVpcID.NotFound`.
    pub not_found: &'static str,
    /// `MaxResults` bounds from the model, for paginated calls.
    pub max_results: Option<(u32, u32)>,
}

/// The action named by a request (`Action=` in the body or query string).
pub fn operation_name(request: &ApiRequest) -> String {
    action_params(request)
        .get("Action")
        .unwrap_or("")
        .to_owned()
}

fn action_params(request: &ApiRequest) -> Params {
    if request.body.is_empty() {
        Params::parse(&request.query)
    } else {
        Params::parse(&request.body)
    }
}

/// Answers one EC2 request from `account` in `region`.
pub fn handle(
    state: &State,
    account: &str,
    region: &str,
    request: &ApiRequest,
    request_id: &str,
) -> Result<Reply, ApiError> {
    let params = action_params(request);
    let action = params.get("Action").unwrap_or("");
    if action.is_empty() {
        return Err(ApiError::new(
            "MissingAction",
            400,
            "The request must contain the parameter Action.",
        ));
    }
    if params.get("Version").is_none() {
        return Err(ApiError::new(
            "MissingParameter",
            400,
            "The request must contain the parameter Version.",
        ));
    }
    let ctx = Ctx {
        account_id: account,
        region,
        data: state.fixture.region(account, region),
        state,
    };
    let mut xml = Xml::new();
    let response_tag = format!("{action}Response");
    xml.open_ns(&response_tag, NAMESPACE);
    xml.text("requestId", request_id);
    if state.faults().unknown_member {
        xml.text("edgeAtlasUnknownMember", "not in the EC2 model");
    }
    let handled = locations::answer(action, &params, &ctx, &mut xml)
        .or_else(|| local_gateways::answer(action, &params, &ctx, &mut xml))
        .or_else(|| vpcs::answer(action, &params, &ctx, &mut xml));
    match handled {
        Some(Ok(())) => {
            if params.boolean("DryRun")? {
                return Err(ApiError::new(
                    "DryRunOperation",
                    412,
                    "Request would have succeeded, but DryRun flag is set.",
                ));
            }
            xml.close(&response_tag);
            Ok(Reply::xml(200, xml.finish()))
        }
        Some(Err(error)) => Err(error),
        None => Err(ApiError::new(
            "InvalidAction",
            400,
            format!("The action {action} is not valid for this web service."),
        )),
    }
}

/// Narrows `items` by ids and filters and cuts the page; returns the page and the next token.
pub(crate) fn describe<T: Served>(
    ctx: &Ctx,
    params: &Params,
    listing: &Listing,
    items: impl IntoIterator<Item = T>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let ids = listing
        .id_param
        .map(|param| params.list(param))
        .unwrap_or_default();
    let filters = params.filters();
    for filter in &filters {
        let known = T::FILTERS.contains(&filter.name.as_str())
            || filter.name.starts_with("tag:")
            || filter.name == "tag-key";
        if !known {
            return Err(ApiError::invalid_parameter(format!(
                "The filter '{}' is invalid",
                filter.name
            )));
        }
    }
    let named: Vec<T> = items
        .into_iter()
        .filter(|item| ids.is_empty() || ids.iter().any(|id| id == item.id()))
        .collect();
    if let Some(missing) = ids
        .iter()
        .find(|id| !named.iter().any(|item| item.id() == id.as_str()))
    {
        return Err(ApiError::new(
            listing.not_found,
            400,
            format!("The ID '{missing}' does not exist"),
        ));
    }
    let mut selected: Vec<T> = named
        .into_iter()
        .filter(|item| {
            filters.iter().all(|filter| {
                let values = filter_values(item, &filter.name, ctx);
                filter
                    .values
                    .iter()
                    .any(|pattern| values.iter().any(|value| glob_matches(pattern, value)))
            })
        })
        .collect();
    let Some((min, max)) = listing.max_results else {
        return Ok((selected, None));
    };
    let max_results = params.bounded("MaxResults", min, max)?;
    let page = max_results
        .map_or(usize::MAX, |max| max as usize)
        .min(ctx.state.page_size);
    let offset = match params.get("NextToken") {
        None => 0,
        Some(token) => parse_token(params.get("Action").unwrap_or(""), token)?,
    };
    if offset > selected.len() {
        return Err(invalid_token());
    }
    selected.drain(..offset);
    let next = (selected.len() > page)
        .then(|| make_token(params.get("Action").unwrap_or(""), offset + page));
    selected.truncate(page);
    Ok((selected, next))
}

fn filter_values<T: Served>(item: &T, name: &str, ctx: &Ctx) -> Vec<String> {
    if let Some(key) = name.strip_prefix("tag:") {
        return item
            .tags()
            .and_then(|tags| tags.get(key))
            .map(|value| vec![value.clone()])
            .unwrap_or_default();
    }
    if name == "tag-key" {
        return item
            .tags()
            .map(|tags| tags.keys().cloned().collect())
            .unwrap_or_default();
    }
    item.filter_values(name, ctx)
}

/// Writes `<setTag><item>…</item>…</setTag>` and the `nextToken` when there is one.
pub(crate) fn write_set<T: Served>(
    xml: &mut Xml,
    ctx: &Ctx,
    set_tag: &str,
    page: &[T],
    next: Option<String>,
) {
    xml.list(set_tag, page, |xml, item| item.write(xml, ctx));
    xml.opt_text("nextToken", next.as_deref());
}

/// `describe` then `write_set`: the whole of most Describe calls.
pub(crate) fn describe_into<T: Served>(
    xml: &mut Xml,
    ctx: &Ctx,
    params: &Params,
    listing: &Listing,
    set_tag: &str,
    items: impl IntoIterator<Item = T>,
) -> Result<(), ApiError> {
    let (page, next) = describe(ctx, params, listing, items)?;
    write_set(xml, ctx, set_tag, &page, next);
    Ok(())
}

/// `<tagSet>` with `<item><key/><value/></item>` per tag.
pub(crate) fn write_tags(xml: &mut Xml, tags: &BTreeMap<String, String>) {
    xml.list("tagSet", tags, |xml, (key, value)| {
        xml.text("key", key).text("value", value);
    });
}

fn make_token(action: &str, offset: usize) -> String {
    let check = edge_atlas::demo::ids::stable_hash(&format!("{action}/{offset}")) & 0xffff_ffff;
    format!("eyJ2IjoxfQ.{offset}.{check:08x}")
}

fn parse_token(action: &str, token: &str) -> Result<usize, ApiError> {
    let offset = token
        .strip_prefix("eyJ2IjoxfQ.")
        .and_then(|rest| rest.split_once('.'))
        .and_then(|(offset, _)| offset.parse::<usize>().ok())
        .ok_or_else(invalid_token)?;
    if make_token(action, offset) == token {
        Ok(offset)
    } else {
        Err(invalid_token())
    }
}

fn invalid_token() -> ApiError {
    ApiError::new(
        "InvalidPaginationToken",
        400,
        "The specified pagination token is not valid or is expired.",
    )
}

/// `arn:aws:ec2:REGION:ACCOUNT:TYPE/ID`.
pub(crate) fn arn(ctx: &Ctx, resource: &str, id: &str) -> String {
    format!(
        "arn:aws:ec2:{}:{}:{resource}/{id}",
        ctx.region, ctx.account_id
    )
}

/// Helper for filters: one value.
pub(crate) fn one(value: &str) -> Vec<String> {
    vec![value.to_owned()]
}

/// Helper for filters: an optional value.
pub(crate) fn maybe(value: Option<&str>) -> Vec<String> {
    value
        .map(|value| vec![value.to_owned()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_tampering() {
        let token = make_token("DescribeVpcs", 25);
        assert_eq!(parse_token("DescribeVpcs", &token).ok(), Some(25));
        assert!(parse_token("DescribeSubnets", &token).is_err());
        assert!(parse_token("DescribeVpcs", "eyJ2IjoxfQ.26.00000000").is_err());
        assert!(parse_token("DescribeVpcs", "garbage").is_err());
    }
}
