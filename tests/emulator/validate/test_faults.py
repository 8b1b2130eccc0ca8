"""Each fault mode, and AWS's error shapes for bad requests, unknown ids and unknown actions.

Every error response also passes through the protocol's error-shape check (crawl.Recorder).
"""

import time
import urllib.error
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions
import pytest

from crawl import Recorder


def failing(client, call, **arguments):
    """Calls and returns the ClientError's (code, HTTP status, message)."""
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        getattr(client, call)(**arguments)
    error = raised.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"], error["Error"].get("Message", "")


def checked(emulator, service, region, **options):
    return Recorder().attach(emulator.client(service, region, **options))


def test_latency_is_added_to_every_request(fresh_demo):
    ec2 = checked(fresh_demo, "ec2", "us-east-2")
    started = time.monotonic()
    ec2.describe_vpcs()
    quick = time.monotonic() - started
    fresh_demo.set_faults(latency_ms=400)
    started = time.monotonic()
    ec2.describe_vpcs()
    slow = time.monotonic() - started
    assert slow >= 0.4 > quick


def test_throttling_answers_each_services_throttling_error(fresh_demo):
    fresh_demo.set_faults(throttle_rate=1.0)
    assert failing(checked(fresh_demo, "ec2", "us-east-2"), "describe_vpcs")[:2] == ("RequestLimitExceeded", 503)
    assert failing(checked(fresh_demo, "outposts", "us-east-2"), "list_outposts")[:2] == ("ThrottlingException", 429)
    assert failing(checked(fresh_demo, "sts", "us-east-1"), "get_caller_identity")[:2] == ("Throttling", 400)


def test_server_errors_are_5xx(fresh_demo):
    fresh_demo.set_faults(server_error_rate=1.0)
    ec2 = checked(fresh_demo, "ec2", "us-east-2")
    codes = {failing(ec2, "describe_subnets")[:2] for _ in range(6)}
    assert codes == {("InternalError", 500), ("Unavailable", 503)}
    assert failing(checked(fresh_demo, "outposts", "us-east-2"), "list_sites")[:2] == ("InternalServerException", 500)


def test_dropped_connections_close_without_an_answer(fresh_demo):
    fresh_demo.set_faults(drop_rate=1.0)
    with pytest.raises(botocore.exceptions.ConnectionClosedError):
        fresh_demo.client("ec2", "us-east-2").describe_vpcs()


def test_partial_faults_are_survived_by_standard_retries(fresh_demo):
    fresh_demo.set_faults(throttle_rate=0.2, server_error_rate=0.05, seed=11)
    ec2 = fresh_demo.client("ec2", "us-east-2", retries=10)
    for _ in range(40):
        assert ec2.describe_vpcs()["Vpcs"]
    calls = fresh_demo.admin("GET", "calls")
    served = calls["ec2 us-east-2 DescribeVpcs"]
    assert served > 40, "some calls were throttled or failed and retried"


def test_access_denied_region_names_the_iam_action(fresh_demo):
    fresh_demo.set_faults(access_denied_regions=["eu-central-1"])
    code, status, message = failing(checked(fresh_demo, "ec2", "eu-central-1"), "describe_local_gateways")
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert "ec2:DescribeLocalGateways" in message
    code, status, message = failing(checked(fresh_demo, "outposts", "eu-central-1"), "list_outposts")
    assert (code, status) == ("AccessDeniedException", 403) and "outposts:ListOutposts" in message
    assert checked(fresh_demo, "ec2", "us-east-2").describe_local_gateways()["LocalGateways"]
    assert checked(fresh_demo, "sts", "eu-central-1").get_caller_identity()["Account"]


def test_not_opted_in_region(fresh_demo):
    fresh_demo.set_faults(not_opted_in_regions=["ap-northeast-1"])
    assert failing(checked(fresh_demo, "ec2", "ap-northeast-1"), "describe_vpcs")[:2] == ("OptInRequired", 401)
    assert checked(fresh_demo, "ec2", "us-east-2").describe_vpcs()["Vpcs"]


def test_regions_without_an_outposts_endpoint_fail_to_connect(fresh_demo):
    fresh_demo.set_faults(no_outposts_regions=["eu-central-1"])
    for region in ("eu-central-1", "ca-west-1"):
        with pytest.raises(botocore.exceptions.ConnectionClosedError):
            fresh_demo.client("outposts", region).list_outposts()
        assert checked(fresh_demo, "ec2", region).describe_vpcs() is not None
    assert checked(fresh_demo, "outposts", "us-east-2").list_outposts()["Outposts"]


def test_expired_credentials(fresh_demo):
    fresh_demo.set_faults(expired_credentials=True)
    assert failing(checked(fresh_demo, "sts", "us-east-1"), "get_caller_identity")[:2] == ("ExpiredToken", 403)
    assert failing(checked(fresh_demo, "ec2", "us-east-2"), "describe_regions")[0] == "ExpiredToken"
    assert failing(checked(fresh_demo, "outposts", "us-east-2"), "list_sites")[0] == "ExpiredTokenException"


def test_faults_can_be_cleared_and_bad_settings_are_refused(fresh_demo):
    fresh_demo.set_faults(throttle_rate=1.0)
    fresh_demo.set_faults()
    assert checked(fresh_demo, "ec2", "us-east-2").describe_vpcs()["Vpcs"]
    with pytest.raises(urllib.error.HTTPError) as raised:
        fresh_demo.set_faults(throttle_rate=0.9, drop_rate=0.5)
    assert raised.value.code == 400


def test_bad_requests_unknown_ids_and_filters(demo):
    ec2 = checked(demo, "ec2", "us-east-2", validate_parameters=False)
    assert failing(ec2, "describe_vpcs", VpcIds=["vpc-0000000000000000a"])[:2] == ("InvalidVpcID.NotFound", 400)
    assert failing(ec2, "describe_instances", InstanceIds=["i-0000000000000000a"])[0] == "InvalidInstanceID.NotFound"
    assert failing(ec2, "describe_subnets", Filters=[{"Name": "colour", "Values": ["blue"]}])[0] == "InvalidParameterValue"
    assert failing(ec2, "describe_local_gateways", MaxResults=2)[0] == "InvalidParameterValue"
    assert failing(ec2, "describe_local_gateways", NextToken="forged")[0] == "InvalidPaginationToken"
    assert failing(ec2, "describe_availability_zones", ZoneNames=["us-east-2z"])[0] == "InvalidParameterValue"
    assert failing(ec2, "describe_vpcs", DryRun=True)[:2] == ("DryRunOperation", 412)
    outposts = checked(demo, "outposts", "us-east-2", validate_parameters=False)
    assert failing(outposts, "get_outpost", OutpostId="op-0000000000000000a")[:2] == ("NotFoundException", 404)
    assert failing(outposts, "get_site", SiteId="os-0000000000000000a")[:2] == ("NotFoundException", 404)
    assert failing(outposts, "list_outposts", MaxResults=5000)[:2] == ("ValidationException", 400)
    assert failing(outposts, "list_assets", OutpostIdentifier="nonsense")[:2] == ("ValidationException", 400)


def test_filters_narrow_and_match_wildcards(demo):
    ec2 = demo.client("ec2", "us-west-2")
    zones = ec2.describe_availability_zones(
        AllAvailabilityZones=True, Filters=[{"Name": "zone-type", "Values": ["local-zone"]}]
    )["AvailabilityZones"]
    assert zones and all(zone["ZoneType"] == "local-zone" for zone in zones)
    named = ec2.describe_availability_zones(
        AllAvailabilityZones=True, Filters=[{"Name": "zone-name", "Values": ["us-west-2-lax-*"]}]
    )["AvailabilityZones"]
    assert {zone["ZoneName"] for zone in named} == {zone["ZoneName"] for zone in zones if zone["ZoneName"].startswith("us-west-2-lax-")}


def _signed(emulator, service, region, body):
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url=emulator.url + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    credentials = botocore.credentials.Credentials("AKIDEDGEATLASTEST", "not-a-real-secret")
    botocore.auth.SigV4Auth(credentials, service, region).add_auth(request)
    prepared = request.prepare()
    body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    raw = urllib.request.Request(prepared.url, data=body, headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(raw, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_unknown_actions_and_unsigned_requests(demo):
    status, body = _signed(demo, "ec2", "us-east-2", "Action=DescribeNothing&Version=2016-11-15")
    assert status == 400 and b"<Code>InvalidAction</Code>" in body
    status, body = _signed(demo, "ec2", "us-east-2", "Action=DescribeVpcs")
    assert status == 400 and b"<Code>MissingParameter</Code>" in body
    request = urllib.request.Request(demo.url + "/", data=b"Action=DescribeVpcs&Version=2016-11-15", method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 403 and b"MissingAuthenticationToken" in raised.value.read()
