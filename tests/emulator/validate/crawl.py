"""Calls every operation the emulator serves, in every Region, and checks each raw response.

The hook sees the bytes on the wire before botocore parses them (`before-parse`), so every
page of every operation is validated against the model, not botocore's lenient reading of it.
"""

import base64
import collections
import os

from botocore import xform_name

from model_check import check_error, check_response

EC2_LISTS = {
    "DescribeLocalGateways": "LocalGateways",
    "DescribeLocalGatewayVirtualInterfaces": "LocalGatewayVirtualInterfaces",
    "DescribeLocalGatewayVirtualInterfaceGroups": "LocalGatewayVirtualInterfaceGroups",
    "DescribeLocalGatewayRouteTables": "LocalGatewayRouteTables",
    "DescribeLocalGatewayRouteTableVpcAssociations": "LocalGatewayRouteTableVpcAssociations",
    "DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations": "LocalGatewayRouteTableVirtualInterfaceGroupAssociations",
    "DescribeCoipPools": "CoipPools",
    "DescribeCarrierGateways": "CarrierGateways",
    "DescribeVpcs": "Vpcs",
    "DescribeSubnets": "Subnets",
    "DescribeRouteTables": "RouteTables",
    "DescribeInstances": "Reservations",
    "DescribeImages": "Images",
    "DescribeOutpostLags": "OutpostLags",
    "DescribeServiceLinkVirtualInterfaces": "ServiceLinkVirtualInterfaces",
}

REGIONS_WITHOUT_OUTPOSTS = {
    "ap-east-2", "ap-south-2", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2",
}

# Every operation the emulator serves; the crawl must validate each at least once with items.
ALL_OPERATIONS = (
    {"DescribeRegions", "DescribeAvailabilityZones", "DescribeInstanceTypeOfferings"}
    | set(EC2_LISTS)
    | {"ListOutposts", "GetOutpost", "ListSites", "GetSite", "ListAssets", "ListCatalogItems",
       "GetCatalogItem", "GetOutpostInstanceTypes", "ListAssetInstances", "ListCapacityTasks",
       "GetCapacityTask"}
    | {"GetCallerIdentity", "SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"}
)


def ssh_public_key(comment="tester@edge-atlas"):
    """A well-formed OpenSSH ed25519 public key line (random key material; no private key)."""
    def field(data):
        return len(data).to_bytes(4, "big") + data
    blob = field(b"ssh-ed25519") + field(os.urandom(32))
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"


class Recorder:
    """Validates every response a client receives and keeps one body per operation."""

    def __init__(self):
        self.validated = collections.Counter()
        self.errors = collections.Counter()
        self.samples = {}

    def hook(self, operation_model, response_dict, **_):
        status = response_dict["status_code"]
        body = response_dict["body"]
        if status == 200:
            check_response(operation_model, status, body)
            self.validated[operation_model.name] += 1
            # Keep the fullest response of each operation for the mutation tests.
            if len(body) > len(self.samples.get(operation_model.name, b"")):
                self.samples[operation_model.name] = body
        else:
            code = check_error(operation_model, status, response_dict["headers"], body)
            self.errors[(operation_model.name, code)] += 1

    def attach(self, client):
        client.meta.events.register("before-parse", self.hook)
        return client


def pages(call, **params):
    """Every page of a NextToken-paginated call."""
    token = None
    while True:
        arguments = dict(params)
        if token:
            arguments["NextToken"] = token
        page = call(**arguments)
        yield page
        token = page.get("NextToken")
        if not token:
            return


def crawl(emulator, recorder=None):
    """Calls every operation in every Region; returns the recorder and the items seen per operation."""
    recorder = recorder or Recorder()
    items = collections.Counter()
    sts = recorder.attach(emulator.client("sts", "us-east-1"))
    items["GetCallerIdentity"] += 1 if sts.get_caller_identity()["Account"] else 0
    home = recorder.attach(emulator.client("ec2", "us-east-1"))
    regions = [r["RegionName"] for r in home.describe_regions(AllRegions=True)["Regions"]]
    items["DescribeRegions"] += len(regions)
    running = []
    for region in regions:
        ec2 = recorder.attach(emulator.client("ec2", region))
        zones = ec2.describe_availability_zones(AllAvailabilityZones=True)["AvailabilityZones"]
        items["DescribeAvailabilityZones"] += len(zones)
        for operation, key in EC2_LISTS.items():
            call = getattr(ec2, xform_name(operation))
            for page in pages(call, MaxResults=5):
                items[operation] += len(page[key])
                if operation == "DescribeInstances":
                    for reservation in page[key]:
                        for instance in reservation["Instances"]:
                            if instance["State"]["Name"] == "running":
                                running.append((region, instance))
        outpost_arns = []
        if region not in REGIONS_WITHOUT_OUTPOSTS:
            outposts = recorder.attach(emulator.client("outposts", region))
            for page in pages(outposts.list_outposts, MaxResults=2):
                items["ListOutposts"] += len(page["Outposts"])
                for outpost in page["Outposts"]:
                    outpost_arns.append(outpost["OutpostArn"])
                    got = outposts.get_outpost(OutpostId=outpost["OutpostId"])["Outpost"]
                    items["GetOutpost"] += got["OutpostId"] == outpost["OutpostId"]
                    for assets in pages(outposts.list_assets, OutpostIdentifier=outpost["OutpostId"], MaxResults=10):
                        items["ListAssets"] += len(assets["Assets"])
                    for running_page in pages(outposts.list_asset_instances, OutpostIdentifier=outpost["OutpostId"], MaxResults=3):
                        items["ListAssetInstances"] += len(running_page["AssetInstances"])
                    for types in pages(outposts.get_outpost_instance_types, OutpostId=outpost["OutpostId"], MaxResults=2):
                        items["GetOutpostInstanceTypes"] += len(types["InstanceTypes"])
            for page in pages(outposts.list_capacity_tasks, MaxResults=1):
                items["ListCapacityTasks"] += len(page["CapacityTasks"])
                for task in page["CapacityTasks"]:
                    got = outposts.get_capacity_task(
                        OutpostIdentifier=task["OutpostId"], CapacityTaskId=task["CapacityTaskId"]
                    )
                    items["GetCapacityTask"] += got["CapacityTaskId"] == task["CapacityTaskId"]
            for page in pages(outposts.list_sites, MaxResults=2):
                items["ListSites"] += len(page["Sites"])
                for site in page["Sites"]:
                    items["GetSite"] += outposts.get_site(SiteId=site["SiteId"])["Site"]["SiteId"] == site["SiteId"]
            for page in pages(outposts.list_catalog_items, MaxResults=3):
                items["ListCatalogItems"] += len(page["CatalogItems"])
                for item in page["CatalogItems"]:
                    got = outposts.get_catalog_item(CatalogItemId=item["CatalogItemId"])
                    items["GetCatalogItem"] += got["CatalogItem"]["CatalogItemId"] == item["CatalogItemId"]
        locations = [("region", region)]
        locations += [("availability-zone", zone["ZoneName"]) for zone in zones]
        locations += [("availability-zone-id", zone["ZoneId"]) for zone in zones]
        locations += [("outpost", arn) for arn in outpost_arns]
        for location_type, location in locations:
            for page in pages(
                ec2.describe_instance_type_offerings,
                LocationType=location_type,
                Filters=[{"Name": "location", "Values": [location]}],
                MaxResults=5,
            ):
                items["DescribeInstanceTypeOfferings"] += len(page["InstanceTypeOfferings"])
    for region, instance in running[:3]:
        connect = recorder.attach(emulator.client("ec2-instance-connect", region))
        answer = connect.send_ssh_public_key(
            InstanceId=instance["InstanceId"], InstanceOSUser="ec2-user", SSHPublicKey=ssh_public_key()
        )
        items["SendSSHPublicKey"] += answer["Success"]
        answer = connect.send_serial_console_ssh_public_key(
            InstanceId=instance["InstanceId"], SerialPort=0, SSHPublicKey=ssh_public_key()
        )
        items["SendSerialConsoleSSHPublicKey"] += answer["Success"]
    return recorder, items
