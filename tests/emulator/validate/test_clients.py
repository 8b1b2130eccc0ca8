"""boto3 and the AWS CLI against the emulator: they must see every field Edge Atlas reads.

The expected values come from the fixture as Edge Atlas itself exports it; each model field
is looked up in boto3's parsed answer under its AWS name, so a field the emulator forgot, misnamed
or mis-typed (which botocore would silently drop) fails here.
"""

import datetime
import json
import subprocess

import pytest
from botocore import xform_name

from crawl import REGIONS_WITHOUT_OUTPOSTS, pages

RENAMED = {"ec2_capacities": "EC2Capacities"}


def aws_name(field):
    return RENAMED.get(field) or "".join(part.capitalize() for part in field.split("_"))


def normalise(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, list) and value and isinstance(value[0], dict) and set(value[0]) == {"Key", "Value"}:
        return {tag["Key"]: tag["Value"] for tag in value}
    return value


def compare(expected, actual, path, problems):
    """Compares one model value with boto3's parsed value, recursing into structures."""
    actual = normalise(actual)
    if isinstance(expected, dict) and path.endswith("tags"):
        if expected != (actual or {}):
            problems.append(f"{path}: {expected!r} != {actual!r}")
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append(f"{path}: expected a structure, got {actual!r}")
            return
        for field, value in expected.items():
            compare(value, actual.get(aws_name(field)), f"{path}.{field}", problems)
        return
    if isinstance(expected, list):
        actual = actual or []
        if len(expected) != len(actual):
            problems.append(f"{path}: {len(expected)} items expected, boto3 saw {len(actual)}")
            return
        for index, (want, got) in enumerate(zip(expected, actual)):
            compare(want, got, f"{path}[{index}]", problems)
        return
    if expected in (None, "") and actual in (None, ""):
        return
    if isinstance(expected, float) or isinstance(actual, float):
        if actual is None or abs(float(expected) - float(actual)) > 1e-9:
            problems.append(f"{path}: {expected!r} != {actual!r}")
        return
    if expected != actual:
        problems.append(f"{path}: {expected!r} != {actual!r}")


def instance_fields(item):
    association = (item.get("NetworkInterfaces") or [{}])[0].get("Association", {})
    return {
        "State": item["State"]["Name"],
        "AvailabilityZone": item["Placement"]["AvailabilityZone"],
        "CarrierIp": association.get("CarrierIp"),
        "CustomerOwnedIp": association.get("CustomerOwnedIp"),
    }


def either(first, second):
    return lambda item: {first: item.get(first, item.get(second))}


# kind: (service, operation, result key, id field, call arguments, extra fields from the item)
KINDS = {
    "zones": ("ec2", "DescribeAvailabilityZones", "AvailabilityZones", "zone_name", {"AllAvailabilityZones": True}, None),
    "local_gateways": ("ec2", "DescribeLocalGateways", "LocalGateways", "local_gateway_id", {}, None),
    "vifs": ("ec2", "DescribeLocalGatewayVirtualInterfaces", "LocalGatewayVirtualInterfaces",
             "local_gateway_virtual_interface_id", {}, either("PeerBgpAsn", "PeerBgpAsnExtended")),
    "vif_groups": ("ec2", "DescribeLocalGatewayVirtualInterfaceGroups", "LocalGatewayVirtualInterfaceGroups",
                   "local_gateway_virtual_interface_group_id", {}, either("LocalBgpAsn", "LocalBgpAsnExtended")),
    "route_tables": ("ec2", "DescribeLocalGatewayRouteTables", "LocalGatewayRouteTables", "local_gateway_route_table_id", {}, None),
    "coip_pools": ("ec2", "DescribeCoipPools", "CoipPools", "pool_id", {}, None),
    "outpost_lags": ("ec2", "DescribeOutpostLags", "OutpostLags", "outpost_lag_id", {}, None),
    "service_link_vifs": ("ec2", "DescribeServiceLinkVirtualInterfaces", "ServiceLinkVirtualInterfaces",
                          "service_link_virtual_interface_id", {}, None),
    "carrier_gateways": ("ec2", "DescribeCarrierGateways", "CarrierGateways", "carrier_gateway_id", {}, None),
    "vpcs": ("ec2", "DescribeVpcs", "Vpcs", "vpc_id", {}, None),
    "subnets": ("ec2", "DescribeSubnets", "Subnets", "subnet_id", {}, None),
    "instances": ("ec2", "DescribeInstances", "Reservations", "instance_id", {}, instance_fields),
    "sites": ("outposts", "ListSites", "Sites", "site_id", {}, None),
    "outposts": ("outposts", "ListOutposts", "Outposts", "outpost_id", {}, None),
    "catalog_items": ("outposts", "ListCatalogItems", "CatalogItems", "catalog_item_id", {}, None),
}
# Kept by Edge Atlas but not a member of the item (the sync fills them from the call's context
# or from another call, checked below).
CONTEXT_FIELDS = {
    "account_id", "region", "vpc_associations", "virtual_interface_group_associations",
    "image_name", "image_owner_alias",
}


def fetch(emulator, service, operation, key, arguments, region):
    client = emulator.client(service, region)
    call = getattr(client, xform_name(operation))
    items = []
    for page in pages(call, **arguments):
        items += page[key]
    if operation == "DescribeInstances":
        items = [instance for reservation in items for instance in reservation["Instances"]]
    return items


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    from emulator import fixture_estate

    return fixture_estate(tmp_path_factory.mktemp("fixture"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_boto3_sees_every_field_edge_atlas_reads(demo, estate, kind):
    service, operation, key, id_field, arguments, extra = KINDS[kind]
    entities = estate[kind]
    assert entities, f"the demo has no {kind}"
    problems = []
    by_region = {}
    for entity in entities:
        region = entity.get("region") or entity["region_name"]
        if region not in by_region:
            by_region[region] = fetch(demo, service, operation, key, arguments, region)
        matches = [item for item in by_region[region] if item.get(aws_name(id_field)) == entity[id_field]]
        if len(matches) != 1:
            problems.append(f"{kind} {entity[id_field]}: found {len(matches)} times in {region}")
            continue
        item = dict(matches[0])
        if extra:
            item.update(extra(item))
        for field, value in entity.items():
            if field not in CONTEXT_FIELDS:
                compare(value, item.get(aws_name(field)), f"{kind}.{entity[id_field]}.{field}", problems)
    assert not problems, "\n".join(problems[:20])


def test_boto3_sees_assets_and_route_table_associations(demo, estate):
    problems = []
    for entity in estate["assets"]:
        assets = fetch(demo, "outposts", "ListAssets", "Assets", {"OutpostIdentifier": entity["outpost_id"]}, entity["region"])
        item = next((a for a in assets if a["AssetId"] == entity["asset_id"]), None)
        if item is None:
            problems.append(f"asset {entity['asset_id']} missing")
            continue
        item = dict(item, RackElevation=item.get("AssetLocation", {}).get("RackElevation"))
        for field in ("rack_id", "asset_type", "compute_attributes", "rack_elevation"):
            compare(entity[field], item.get(aws_name(field)), f"asset.{entity['asset_id']}.{field}", problems)
    for table in estate["route_tables"]:
        arguments = {"Filters": [{"Name": "local-gateway-route-table-id", "Values": [table["local_gateway_route_table_id"]]}]}
        vpc = fetch(demo, "ec2", "DescribeLocalGatewayRouteTableVpcAssociations",
                    "LocalGatewayRouteTableVpcAssociations", arguments, table["region"])
        groups = fetch(demo, "ec2", "DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations",
                       "LocalGatewayRouteTableVirtualInterfaceGroupAssociations", arguments, table["region"])
        compare(table["vpc_associations"], vpc, f"{table['local_gateway_route_table_id']}.vpc_associations", problems)
        compare(table["virtual_interface_group_associations"], groups,
                f"{table['local_gateway_route_table_id']}.virtual_interface_group_associations", problems)
    assert not problems, "\n".join(problems[:20])


def test_boto3_sees_which_host_each_instance_runs_on_and_the_capacity_tasks(demo, estate):
    """ListAssetInstances per Outpost, ListCapacityTasks then GetCapacityTask: every field the
    sync keeps, under its AWS name (the task's pools and failure come from GetCapacityTask)."""
    problems = []
    assert estate["asset_instances"] and estate["capacity_tasks"], "the demo has host usage"
    renamed = {"instance_account_id": "AccountId", "failure_reason": "Failed"}
    for entity in estate["asset_instances"]:
        running = fetch(demo, "outposts", "ListAssetInstances", "AssetInstances",
                        {"OutpostIdentifier": entity["outpost_id"]}, entity["region"])
        item = next((r for r in running if r["InstanceId"] == entity["instance_id"]), None)
        if item is None:
            problems.append(f"asset instance {entity['instance_id']} missing")
            continue
        for field in ("instance_type", "asset_id", "instance_account_id", "aws_service_name"):
            compare(entity[field], item.get(renamed.get(field) or aws_name(field)),
                    f"asset_instance.{entity['instance_id']}.{field}", problems)
    for entity in estate["capacity_tasks"]:
        listed = fetch(demo, "outposts", "ListCapacityTasks", "CapacityTasks", {}, entity["region"])
        if not any(task["CapacityTaskId"] == entity["capacity_task_id"] for task in listed):
            problems.append(f"capacity task {entity['capacity_task_id']} not listed")
            continue
        item = demo.client("outposts", entity["region"]).get_capacity_task(
            OutpostIdentifier=entity["outpost_id"], CapacityTaskId=entity["capacity_task_id"])
        item = dict(item, Failed=(item.get("Failed") or {}).get("Reason"))
        for field, value in entity.items():
            if field not in CONTEXT_FIELDS and field != "capacity_task_id":
                compare(value, item.get(renamed.get(field) or aws_name(field)),
                        f"capacity_task.{entity['capacity_task_id']}.{field}", problems)
    assert not problems, "\n".join(problems[:20])


def test_boto3_sees_the_image_name_and_owner_alias_of_each_instance(demo, estate):
    """The sync takes an instance's image name and owner alias from DescribeImages (the default
    OS user of `edge-atlas connect`)."""
    problems = []
    images = {}
    for instance in estate["instances"]:
        region = instance["region"]
        if region not in images:
            found = demo.client("ec2", region).describe_images(Owners=["self"])["Images"]
            images[region] = {image["ImageId"]: image for image in found}
        image = images[region].get(instance["image_id"])
        if image is None:
            problems.append(f"{instance['instance_id']}: image {instance['image_id']} missing")
            continue
        compare(instance.get("image_name"), image.get("Name"), f"{instance['instance_id']}.image_name", problems)
        compare(instance.get("image_owner_alias"), image.get("ImageOwnerAlias"),
                f"{instance['instance_id']}.image_owner_alias", problems)
    assert not problems, "\n".join(problems[:20])


def test_regions_and_account(demo, estate):
    regions = demo.client("ec2", "us-east-1").describe_regions(AllRegions=True)["Regions"]
    problems = []
    for entity in estate["regions"]:
        item = next(r for r in regions if r["RegionName"] == entity["region_name"])
        compare(entity["opt_in_status"], item["OptInStatus"], entity["region_name"], problems)
        compare(entity["endpoint"], item["Endpoint"], entity["region_name"], problems)
    assert not problems
    assert len(regions) == len(estate["regions"])
    enabled = demo.client("ec2", "us-east-1").describe_regions()["Regions"]
    assert all(r["OptInStatus"] != "not-opted-in" for r in enabled) and len(enabled) < len(regions)
    assert demo.client("sts", "us-east-1").get_caller_identity()["Account"] == "123456789012"


def aws_cli(emulator, *arguments):
    result = subprocess.run(
        ["aws", *arguments, "--output", "json"],
        env=emulator.cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_aws_cli_prints_the_demo_zones(demo, estate):
    for region in ("us-west-2", "us-east-1"):
        printed = aws_cli(demo, "ec2", "describe-availability-zones", "--all-availability-zones", "--region", region)
        names = {zone["ZoneName"] for zone in printed["AvailabilityZones"]}
        expected = {zone["zone_name"] for zone in estate["zones"] if zone["region_name"] == region}
        assert names == expected
        kinds = {zone["ZoneType"] for zone in printed["AvailabilityZones"]}
        assert "local-zone" in kinds or "wavelength-zone" in kinds


def test_aws_cli_prints_the_demo_vifs(demo, estate):
    for region in sorted({vif["region"] for vif in estate["vifs"]}):
        printed = aws_cli(demo, "ec2", "describe-local-gateway-virtual-interfaces", "--region", region)
        seen = {(v["LocalGatewayVirtualInterfaceId"], v["Vlan"], v["LocalAddress"], v["PeerAddress"])
                for v in printed["LocalGatewayVirtualInterfaces"]}
        expected = {(v["local_gateway_virtual_interface_id"], v["vlan"], v["local_address"], v["peer_address"])
                    for v in estate["vifs"] if v["region"] == region}
        assert seen == expected


def test_aws_cli_prints_the_demo_outposts(demo, estate):
    seen = set()
    for region in sorted({o["region"] for o in estate["outposts"]}):
        assert region not in REGIONS_WITHOUT_OUTPOSTS
        printed = aws_cli(demo, "outposts", "list-outposts", "--region", region)
        seen |= {(o["OutpostId"], o["Name"], o["SiteId"]) for o in printed["Outposts"]}
    assert seen == {(o["outpost_id"], o["name"], o["site_id"]) for o in estate["outposts"]}
