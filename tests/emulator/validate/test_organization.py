"""The `org:N` fixture through boto3 and the AWS CLI: Organizations' listings, STS AssumeRole,
and what each account's session sees, every response checked against botocore's models."""

import json
import subprocess

import boto3
import botocore.exceptions
import pytest

from crawl import Recorder, pages
from emulator import Emulator

MANAGEMENT = "111100000000"
INFRASTRUCTURE = "123456789012"
MEMBERS = [f"2{index:011d}" for index in range(1, 7)]


@pytest.fixture(scope="module")
def org():
    emulator = Emulator(
        "--fixture", "org:6", "--page-size", "3",
        "--deny-role", MEMBERS[1], "--suspended-account", MEMBERS[3],
    )
    yield emulator
    emulator.close()


def session_client(emulator, recorder, service, credentials, region="us-east-2"):
    return recorder.attach(emulator.session_client(service, credentials, region))


def assume(emulator, recorder, account, role="EdgeAtlasReadOnly"):
    sts = recorder.attach(emulator.client("sts", "us-east-1"))
    return sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="edge-atlas"
    )


def test_organizations_lists_every_account_paged_and_by_unit(org):
    recorder = Recorder()
    organizations = recorder.attach(org.client("organizations", "us-east-1"))
    accounts = [a for page in pages(organizations.list_accounts) for a in page["Accounts"]]
    assert [a["Id"] for a in accounts] == [MANAGEMENT, INFRASTRUCTURE, *MEMBERS]
    assert recorder.validated["ListAccounts"] == 3  # 8 accounts in pages of 3
    states = {a["Id"]: a["State"] for a in accounts}
    assert states[MEMBERS[3]] == "SUSPENDED" and states[MEMBERS[0]] == "ACTIVE"
    units = organizations.list_organizational_units_for_parent(ParentId="r-edge")["OrganizationalUnits"]
    assert {u["Name"] for u in units} == {"Infrastructure", "Applications"}
    apps = next(u["Id"] for u in units if u["Name"] == "Applications")
    direct = [
        a["Id"]
        for page in pages(organizations.list_accounts_for_parent, ParentId=apps)
        for a in page["Accounts"]
    ]
    assert direct == MEMBERS[0::2]
    below = organizations.list_organizational_units_for_parent(ParentId=apps)["OrganizationalUnits"]
    assert [u["Name"] for u in below] == ["Applications EMEA"]
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        organizations.list_accounts_for_parent(ParentId="ou-edge-nowhere1")
    assert missing.value.response["Error"]["Code"] == "ParentNotFoundException"
    assert not recorder.errors.keys() - {("ListAccountsForParent", "ParentNotFoundException")}


def test_an_assumed_session_sees_its_own_account_and_the_shared_outposts(org):
    recorder = Recorder()
    answer = assume(org, recorder, MEMBERS[0])
    assert answer["AssumedRoleUser"]["Arn"].startswith(f"arn:aws:sts::{MEMBERS[0]}:assumed-role/")
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    identity = session_client(org, recorder, "sts", credentials, "us-east-1").get_caller_identity()
    assert identity["Account"] == MEMBERS[0]
    outposts = session_client(org, recorder, "outposts", credentials)
    listed = [o for page in pages(outposts.list_outposts) for o in page["Outposts"]]
    assert listed and all(o["OwnerId"] == INFRASTRUCTURE for o in listed)
    ec2 = session_client(org, recorder, "ec2", credentials)
    for page in ec2.get_paginator("describe_vpcs").paginate():
        assert all(vpc["OwnerId"] == MEMBERS[0] for vpc in page["Vpcs"])
    # The management account holds nothing but sees the Regions.
    management = recorder.attach(org.client("ec2", "us-east-2"))
    assert management.describe_vpcs()["Vpcs"] == []
    assert management.describe_regions()["Regions"]
    assert set(recorder.validated) >= {
        "AssumeRole", "GetCallerIdentity", "ListOutposts", "DescribeVpcs", "DescribeRegions"
    }
    assert not recorder.errors


def test_a_denied_role_and_a_member_listing_the_organisation_are_refused(org):
    recorder = Recorder()
    with pytest.raises(botocore.exceptions.ClientError) as denied:
        assume(org, recorder, MEMBERS[1])
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    assert f"arn:aws:iam::{MEMBERS[1]}:role/EdgeAtlasReadOnly" in denied.value.response["Error"]["Message"]
    credentials = assume(org, recorder, MEMBERS[0])["Credentials"]
    organizations = session_client(org, recorder, "organizations", credentials, "us-east-1")
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        organizations.list_accounts()
    assert refused.value.response["Error"]["Code"] == "AccessDeniedException"
    assert set(recorder.errors) == {
        ("AssumeRole", "AccessDenied"), ("ListAccounts", "AccessDeniedException")
    }


def test_an_expired_session_is_refused(org):
    recorder = Recorder()
    credentials = assume(org, recorder, MEMBERS[0])["Credentials"]
    org.admin("POST", "clock", {"advance_seconds": 3600})
    try:
        ec2 = session_client(org, recorder, "ec2", credentials)
        with pytest.raises(botocore.exceptions.ClientError) as expired:
            ec2.describe_vpcs()
        assert expired.value.response["Error"]["Code"] == "ExpiredToken"
    finally:
        org.admin("POST", "clock", {"advance_seconds": -3600})
    assert ("DescribeVpcs", "ExpiredToken") in recorder.errors


def test_aws_cli_lists_the_accounts(org):
    listed = subprocess.run(
        ["aws", "organizations", "list-accounts", "--output", "json"],
        env=org.cli_env(), capture_output=True, text=True, timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    names = [account["Name"] for account in json.loads(listed.stdout)["Accounts"]]
    assert names[:2] == ["northwind-management", "northwind-edge-infrastructure"]
    assert len(names) == 8
