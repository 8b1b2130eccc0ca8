//! The Outposts routes about what runs on each host (`ListAssetInstances`) and the capacity
//! tasks (`ListCapacityTasks`, `GetCapacityTask`), with the REST/JSON epoch-second dates.

use edge_atlas::model::{AssetInstance, CapacityTask};
use serde_json::{Map, Value, json};

use super::{Ctx, admits, find_outpost, insert, not_found, page, with_next};
use crate::errors::ApiError;
use crate::params::Params;

pub(super) fn list_asset_instances(
    ctx: &Ctx,
    params: &Params,
    outpost_id: &str,
) -> Result<Value, ApiError> {
    let outpost = find_outpost(ctx, outpost_id)?;
    let assets = params.all("AssetIdFilter");
    let types = params.all("InstanceTypeFilter");
    let accounts = params.all("AccountIdFilter");
    let services = params.all("AwsServiceFilter");
    let running: Vec<&AssetInstance> = ctx
        .data
        .estate
        .asset_instances
        .iter()
        .filter(|running| running.outpost_id == outpost.outpost_id)
        .filter(|running| admits(&assets, &running.asset_id))
        .filter(|running| admits(&types, &running.instance_type))
        .filter(|running| {
            admits(
                &accounts,
                running.instance_account_id.as_deref().unwrap_or(""),
            )
        })
        .filter(|running| {
            admits(
                &services,
                running.aws_service_name.as_ref().map_or("", |s| s.as_str()),
            )
        })
        .collect();
    let (page, next) = page(ctx, params, "ListAssetInstances", running)?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|running| {
            let mut object = Map::new();
            insert(
                &mut object,
                "InstanceId",
                Some(running.instance_id.as_str()),
            );
            insert(
                &mut object,
                "InstanceType",
                Some(running.instance_type.as_str()),
            );
            insert(&mut object, "AssetId", Some(running.asset_id.as_str()));
            insert(
                &mut object,
                "AccountId",
                running.instance_account_id.as_deref(),
            );
            insert(
                &mut object,
                "AwsServiceName",
                running.aws_service_name.as_ref().map(|s| s.as_str()),
            );
            Value::Object(object)
        })
        .collect();
    Ok(with_next(json!({ "AssetInstances": items }), next))
}

/// An RFC 3339 UTC timestamp (`2026-03-02T09:00:00Z`) as the epoch seconds REST/JSON sends.
fn epoch_seconds(text: &str) -> Option<i64> {
    let (date, time) = text.trim_end_matches('Z').split_once('T')?;
    let mut date = date.split('-').map(str::parse::<i64>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let mut time = time.split(':').map(str::parse::<i64>);
    let (hour, minute, second) = (time.next()?.ok()?, time.next()?.ok()?, time.next()?.ok()?);
    // Days from 1970-01-01 to the civil date (proleptic Gregorian, March-based years).
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

fn task_summary_json(task: &CapacityTask) -> Map<String, Value> {
    let mut object = Map::new();
    insert(
        &mut object,
        "CapacityTaskId",
        Some(task.capacity_task_id.as_str()),
    );
    insert(&mut object, "OutpostId", Some(task.outpost_id.as_str()));
    insert(&mut object, "OrderId", task.order_id.as_deref());
    insert(&mut object, "AssetId", task.asset_id.as_deref());
    insert(
        &mut object,
        "CapacityTaskStatus",
        Some(task.capacity_task_status.as_str()),
    );
    for (key, value) in [
        ("CreationDate", &task.creation_date),
        ("CompletionDate", &task.completion_date),
        ("LastModifiedDate", &task.last_modified_date),
    ] {
        insert(&mut object, key, value.as_deref().and_then(epoch_seconds));
    }
    object
}

pub(super) fn list_capacity_tasks(ctx: &Ctx, params: &Params) -> Result<Value, ApiError> {
    let outposts = params.all("OutpostIdentifierFilter");
    let statuses = params.all("CapacityTaskStatusFilter");
    let tasks: Vec<&CapacityTask> = ctx
        .data
        .estate
        .capacity_tasks
        .iter()
        .filter(|task| {
            outposts.is_empty()
                || outposts.iter().any(|wanted| {
                    find_outpost(ctx, wanted)
                        .is_ok_and(|outpost| outpost.outpost_id == task.outpost_id)
                })
        })
        .filter(|task| admits(&statuses, task.capacity_task_status.as_str()))
        .collect();
    let (page, next) = page(ctx, params, "ListCapacityTasks", tasks)?;
    let items: Vec<Value> = page
        .into_iter()
        .map(|task| Value::Object(task_summary_json(task)))
        .collect();
    Ok(with_next(json!({ "CapacityTasks": items }), next))
}

/// `path` is `OUTPOST/TASK` as routed.
pub(super) fn get_capacity_task(ctx: &Ctx, path: &str) -> Result<Value, ApiError> {
    let (outpost_id, task_id) = path.split_once('/').unwrap_or((path, ""));
    let outpost = find_outpost(ctx, outpost_id)?;
    let task = ctx
        .data
        .estate
        .capacity_tasks
        .iter()
        .find(|task| task.outpost_id == outpost.outpost_id && task.capacity_task_id == task_id)
        .ok_or_else(|| not_found(&format!("Capacity task {task_id} not found.")))?;
    let mut object = task_summary_json(task);
    let pools: Vec<Value> = task
        .requested_instance_pools
        .iter()
        .map(|pool| json!({ "InstanceType": pool.instance_type, "Count": pool.count }))
        .collect();
    object.insert("RequestedInstancePools".to_owned(), json!(pools));
    object.insert("DryRun".to_owned(), json!(task.dry_run));
    if let Some(reason) = &task.failure_reason {
        object.insert(
            "Failed".to_owned(),
            json!({ "Reason": reason, "Type": "UNEXPECTED_ASSET_STATE" }),
        );
    }
    Ok(Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_become_epoch_seconds() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(epoch_seconds("2026-03-02T09:00:00Z"), Some(1_772_442_000));
        assert_eq!(epoch_seconds("yesterday"), None);
    }
}
