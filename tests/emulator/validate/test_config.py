"""AWS Config's SelectAggregateResourceConfig over the `org:N` fixture through boto3 and the AWS
CLI, every response checked against botocore's model, and the items compared with what EC2
answers each account directly."""

import datetime
import json
import subprocess

import botocore.exceptions
import pytest

from crawl import Recorder, pages
from emulator import Emulator

MANAGEMENT = "111100000000"
INFRASTRUCTURE = "123456789012"
MEMBERS = [f"2{index:011d}" for index in range(1, 5)]
AGGREGATOR = "edge-atlas-organization"
QUERY = (
    "SELECT resourceId, resourceType, accountId, awsRegion, configuration, "
    "configurationItemCaptureTime WHERE resourceType IN "
    "('AWS::EC2::Instance', 'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::CarrierGateway')"
)


@pytest.fixture(scope="module")
def org():
    emulator = Emulator("--fixture", "org:4", "--config-stale-account", MEMBERS[1])
    yield emulator
    emulator.close()


def select_all(client, expression=QUERY, limit=37):
    rows = []
    for page in pages(
        client.select_aggregate_resource_config,
        ConfigurationAggregatorName=AGGREGATOR,
        Expression=expression,
        Limit=limit,
    ):
        assert [field["Name"] for field in page["QueryInfo"]["SelectFields"]]
        rows.extend(json.loads(row) for row in page["Results"])
    return rows


def test_the_aggregator_answers_every_account_in_pages(org):
    recorder = Recorder()
    config = recorder.attach(org.client("config", "us-east-1"))
    rows = select_all(config)
    assert recorder.validated["SelectAggregateResourceConfig"] > 1
    types = {row["resourceType"] for row in rows}
    assert types == {
        "AWS::EC2::Instance", "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::CarrierGateway"
    }
    accounts = {row["accountId"] for row in rows}
    assert accounts == set(MEMBERS), "the members hold the VPCs; management and infra none"
    instance = next(row for row in rows if row["resourceType"] == "AWS::EC2::Instance")
    assert instance["configuration"]["state"]["name"]
    assert instance["configuration"]["placement"]["availabilityZone"]
    gateway = next(row for row in rows if row["resourceType"] == "AWS::EC2::CarrierGateway")
    assert gateway["configuration"]["CarrierGatewayId"] == gateway["resourceId"]
    # A narrower query: one account, one type.
    vpcs = select_all(
        config,
        f"SELECT resourceId, accountId WHERE resourceType = 'AWS::EC2::VPC' AND accountId = '{MEMBERS[0]}'",
    )
    assert vpcs and all(set(row) == {"resourceId", "accountId"} for row in vpcs)
    assert not recorder.errors


def test_the_items_are_what_ec2_answers_each_account(org):
    recorder = Recorder()
    config = recorder.attach(org.client("config", "us-east-1"))
    rows = select_all(config)
    sts = recorder.attach(org.client("sts", "us-east-1"))
    member = MEMBERS[0]
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/EdgeAtlasReadOnly", RoleSessionName="edge-atlas"
    )["Credentials"]
    for region in sorted({row["awsRegion"] for row in rows if row["accountId"] == member}):
        ec2 = recorder.attach(org.session_client("ec2", credentials, region))
        direct = {
            subnet["SubnetId"]: subnet
            for page in ec2.get_paginator("describe_subnets").paginate()
            for subnet in page["Subnets"]
        }
        recorded = {
            row["resourceId"]: row["configuration"]
            for row in rows
            if row["accountId"] == member
            and row["awsRegion"] == region
            and row["resourceType"] == "AWS::EC2::Subnet"
        }
        assert set(recorded) == set(direct), region
        for subnet_id, configuration in recorded.items():
            assert configuration["cidrBlock"] == direct[subnet_id]["CidrBlock"]
            assert configuration["availabilityZone"] == direct[subnet_id]["AvailabilityZone"]
            assert configuration.get("outpostArn") == direct[subnet_id].get("OutpostArn")
    assert not recorder.errors


def test_a_stale_account_is_captured_long_ago(org):
    config = org.client("config", "us-east-1")
    rows = select_all(config)
    now = datetime.datetime.now(datetime.timezone.utc)

    def age(row):
        captured = datetime.datetime.fromisoformat(row["configurationItemCaptureTime"].replace("Z", "+00:00"))
        return now - captured

    assert all(age(row) > datetime.timedelta(days=29) for row in rows if row["accountId"] == MEMBERS[1])
    assert all(age(row) < datetime.timedelta(days=1) for row in rows if row["accountId"] == MEMBERS[0])


def test_bad_queries_unknown_aggregators_and_member_callers_are_refused(org):
    recorder = Recorder()
    config = recorder.attach(org.client("config", "us-east-1"))
    with pytest.raises(botocore.exceptions.ClientError) as bad:
        config.select_aggregate_resource_config(
            ConfigurationAggregatorName=AGGREGATOR, Expression="SELECT resourceId; DROP TABLE x"
        )
    assert bad.value.response["Error"]["Code"] == "InvalidExpressionException"
    with pytest.raises(botocore.exceptions.ClientError) as unknown:
        config.select_aggregate_resource_config(
            ConfigurationAggregatorName="elsewhere", Expression=QUERY
        )
    assert unknown.value.response["Error"]["Code"] == "NoSuchConfigurationAggregatorException"
    sts = recorder.attach(org.client("sts", "us-east-1"))
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{MEMBERS[0]}:role/EdgeAtlasReadOnly", RoleSessionName="edge-atlas"
    )["Credentials"]
    member_config = recorder.attach(org.session_client("config", credentials, "us-east-1"))
    with pytest.raises(botocore.exceptions.ClientError) as member:
        member_config.select_aggregate_resource_config(
            ConfigurationAggregatorName=AGGREGATOR, Expression=QUERY
        )
    assert member.value.response["Error"]["Code"] == "NoSuchConfigurationAggregatorException"
    assert set(recorder.errors) == {
        ("SelectAggregateResourceConfig", "InvalidExpressionException"),
        ("SelectAggregateResourceConfig", "NoSuchConfigurationAggregatorException"),
    }


def test_aws_cli_queries_the_aggregator(org):
    answer = subprocess.run(
        [
            "aws", "configservice", "select-aggregate-resource-config",
            "--configuration-aggregator-name", AGGREGATOR,
            "--expression", "SELECT resourceId WHERE resourceType = 'AWS::EC2::VPC'",
            "--region", "us-east-1", "--output", "json",
        ],
        env=org.cli_env(), capture_output=True, text=True, timeout=60,
    )
    assert answer.returncode == 0, answer.stderr
    results = json.loads(answer.stdout)["Results"]
    assert results and all(json.loads(row)["resourceId"].startswith("vpc-") for row in results)
