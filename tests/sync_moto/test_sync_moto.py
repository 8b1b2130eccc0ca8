"""`edge-atlas sync` against moto's server, an emulator this project did not write.

moto serves Regions, AZs, VPCs, subnets, instances and carrier gateways, but none of the edge
calls (local gateways, CoIP, Outposts, ...). The sync must store what moto serves and turn each
missing call into a warning, in seconds.
"""

import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
REGIONS = ["us-east-1", "eu-west-1"]


def binary():
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "release" / "edge-atlas"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def credentials_env():
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="AKIDEDGEATLASTEST",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
        AWS_CONFIG_FILE="/nonexistent/config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/credentials",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_REGION="us-east-1",
    )
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_ENDPOINT_URL", None)
    return env


@pytest.fixture(scope="module")
def moto():
    port = free_port()
    server = pathlib.Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("moto_server did not start")
    yield url
    process.kill()
    process.wait()


def seed(url):
    """VPCs, subnets, instances and a carrier gateway in two Regions; returns what was made."""
    made = {"instances": set(), "vpcs": set(), "subnets": set(), "carrier_gateways": set()}
    for index, region in enumerate(REGIONS):
        ec2 = boto3.client(
            "ec2", region_name=region, endpoint_url=url,
            aws_access_key_id="AKIDEDGEATLASTEST", aws_secret_access_key="not-a-real-secret",
        )
        vpc = ec2.create_vpc(CidrBlock=f"10.{40 + index}.0.0/16")["Vpc"]["VpcId"]
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"edge-atlas-{region}"}])
        zone = ec2.describe_availability_zones()["AvailabilityZones"][0]["ZoneName"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{40 + index}.1.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        instances = ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2, InstanceType="t3.medium", SubnetId=subnet)
        made["instances"] |= {i["InstanceId"] for i in instances["Instances"]}
        made["vpcs"].add(vpc)
        made["subnets"].add(subnet)
        if region == "us-east-1":
            gateway = ec2.create_carrier_gateway(VpcId=vpc)["CarrierGateway"]["CarrierGatewayId"]
            made["carrier_gateways"].add(gateway)
    return made


def edge_atlas(db, *arguments):
    return subprocess.run(
        [str(binary()), "--db", str(db), *arguments],
        env=credentials_env(), capture_output=True, text=True, timeout=300,
    )


def test_sync_stores_what_moto_serves_and_warns_about_the_rest(moto, tmp_path):
    made = seed(moto)
    db = tmp_path / "moto.sqlite"
    arguments = ["sync", "--endpoint-url", moto, "--json"]
    for region in REGIONS:
        arguments += ["--region", region]
    started = time.monotonic()
    result = edge_atlas(db, *arguments)
    elapsed = time.monotonic() - started
    print(f"sync against moto: {elapsed:.1f} s")
    assert result.returncode == 3, result.stderr
    summary = json.loads(result.stdout)
    assert summary["account_id"] == "123456789012"
    assert summary["regions"] == sorted(REGIONS)

    def stored(kind, field):
        listed = edge_atlas(db, "inventory", "--kind", kind, "--json")
        assert listed.returncode == 0, listed.stderr
        return {entity[field] for entity in json.loads(listed.stdout)}

    assert made["instances"] <= stored("instance", "instance_id")
    assert made["vpcs"] <= stored("vpc", "vpc_id")
    assert made["subnets"] <= stored("subnet", "subnet_id")
    assert made["carrier_gateways"] == stored("carrier-gateway", "carrier_gateway_id")
    assert stored("zone", "region_name") == set(REGIONS)
    warned = {(w["region"], w["call"]) for w in summary["warnings"]}
    for region in REGIONS:
        assert (region, "outposts:ListOutposts") in warned, warned
        assert (region, "ec2:DescribeLocalGatewayVirtualInterfaces") in warned, warned
    for warning in summary["warnings"]:
        assert warning["region"] in REGIONS and warning["call"] and warning["message"]
    # What moto does serve produced no warning.
    assert not any(call in {"ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeInstances"} for _, call in warned)


def test_an_organisation_sync_reads_each_member_account_through_its_role(moto, tmp_path):
    """moto's Organizations, STS AssumeRole and per-account EC2: the member's VPC is stored
    under the member's account, and the snapshot lists every account it read."""
    def client(service, **credentials):
        return boto3.client(
            service, region_name="us-east-1", endpoint_url=moto,
            aws_access_key_id=credentials.get("AccessKeyId", "AKIDEDGEATLASTEST"),
            aws_secret_access_key=credentials.get("SecretAccessKey", "not-a-real-secret"),
            aws_session_token=credentials.get("SessionToken"),
        )

    organizations = client("organizations")
    try:
        organizations.create_organization(FeatureSet="ALL")
    except organizations.exceptions.AlreadyInOrganizationException:
        pass
    members = []
    for name in ("edge-atlas-app-a", "edge-atlas-app-b"):
        created = organizations.create_account(Email=f"{name}@example.com", AccountName=name)
        members.append(created["CreateAccountStatus"]["AccountId"])
    role = f"arn:aws:iam::{members[0]}:role/OrganizationAccountAccessRole"
    assumed = client("sts").assume_role(RoleArn=role, RoleSessionName="seed")["Credentials"]
    member_ec2 = client("ec2", **assumed)
    vpc = member_ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]

    db = tmp_path / "org.sqlite"
    result = edge_atlas(
        db, "sync", "--endpoint-url", moto, "--organization", "--region", "us-east-1", "--json"
    )
    assert result.returncode == 3, result.stderr
    summary = json.loads(result.stdout)
    assert summary["account_id"] == "123456789012"
    assert set(members) | {"123456789012"} <= set(summary["accounts"])
    assert summary["account_names"][members[0]] == "edge-atlas-app-a"
    assert all(warning.get("account_id") for warning in summary["warnings"])
    listed = edge_atlas(db, "inventory", "--kind", "vpc", "--json")
    assert listed.returncode == 0, listed.stderr
    accounts_of = {entity["vpc_id"]: entity["account_id"] for entity in json.loads(listed.stdout)}
    assert accounts_of[vpc] == members[0]
