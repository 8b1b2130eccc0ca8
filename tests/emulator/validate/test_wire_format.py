"""Every response of every operation, checked against botocore's service models."""

import botocore.session
import pytest

from crawl import ALL_OPERATIONS, crawl
from model_check import Violations, check_response


@pytest.mark.parametrize("fixture_name", ["demo", "scale10"])
def test_every_operation_matches_the_service_models(fixture_name, request):
    emulator = request.getfixturevalue(fixture_name)
    recorder, items = crawl(emulator)
    assert set(recorder.validated) == ALL_OPERATIONS, set(ALL_OPERATIONS) - set(recorder.validated)
    empty = {operation for operation in ALL_OPERATIONS if items[operation] == 0}
    assert not empty, f"operations that never returned an item: {sorted(empty)}"
    assert not recorder.errors, recorder.errors
    # Small pages: the crawl must have followed NextToken on the big lists.
    assert recorder.validated["DescribeInstances"] > 34
    if fixture_name == "scale10":
        assert items["DescribeInstances"] > 10 * 10


def _operation(service, name):
    return botocore.session.get_session().get_service_model(service).operation_model(name)


@pytest.fixture(scope="module")
def samples(demo):
    recorder, _ = crawl(demo)
    return recorder.samples


def _violations(service, operation, body):
    with pytest.raises(Violations) as raised:
        check_response(_operation(service, operation), 200, body)
    return "\n".join(raised.value.problems)


def test_the_samples_themselves_are_valid(samples):
    for name in ("DescribeLocalGatewayVirtualInterfaces", "DescribeAvailabilityZones"):
        check_response(_operation("ec2", name), 200, samples[name])
    check_response(_operation("outposts", "ListAssets"), 200, samples["ListAssets"])


def test_an_element_aws_does_not_have_fails(samples):
    body = samples["DescribeLocalGatewayVirtualInterfaces"].replace(b"<vlan>", b"<bogusMember>1</bogusMember><vlan>", 1)
    assert "no member <bogusMember>" in _violations("ec2", "DescribeLocalGatewayVirtualInterfaces", body)


def test_a_wrongly_cased_element_fails(samples):
    body = samples["DescribeLocalGatewayVirtualInterfaces"].replace(b"<vlan>", b"<Vlan>", 1).replace(b"</vlan>", b"</Vlan>", 1)
    assert "no member <Vlan>" in _violations("ec2", "DescribeLocalGatewayVirtualInterfaces", body)


def test_a_misplaced_element_fails(samples):
    body = samples["DescribeAvailabilityZones"].replace(b"<availabilityZoneInfo>", b"<zoneName>x</zoneName><availabilityZoneInfo>", 1)
    assert "no member <zoneName>" in _violations("ec2", "DescribeAvailabilityZones", body)


def test_a_value_outside_the_enum_fails(samples):
    body = samples["DescribeAvailabilityZones"].replace(b"<zoneState>available", b"<zoneState>sunny", 1)
    assert "'sunny' is not one of the model's values" in _violations("ec2", "DescribeAvailabilityZones", body)


def test_a_wrongly_typed_value_fails(samples):
    sample = samples["DescribeLocalGatewayVirtualInterfaces"]
    start = sample.index(b"<vlan>") + len(b"<vlan>")
    end = sample.index(b"</vlan>")
    body = sample[:start] + b"abc" + sample[end:]
    assert "'abc' is not an integer" in _violations("ec2", "DescribeLocalGatewayVirtualInterfaces", body)


def test_list_items_must_use_the_models_element(samples):
    body = samples["DescribeAvailabilityZones"].replace(b"<item>", b"<member>", 1).replace(b"</item>", b"</member>", 1)
    assert "list item element <member>" in _violations("ec2", "DescribeAvailabilityZones", body)


def test_json_missing_required_member_and_unknown_key_fail(samples):
    import json

    document = json.loads(samples["ListAssets"])
    compute = next(a["ComputeAttributes"] for a in document["Assets"] if a.get("ComputeAttributes", {}).get("InstanceTypeCapacities"))
    del compute["InstanceTypeCapacities"][0]["Count"]
    compute["MaxVcpus"] = "96"
    document["Assets"][0]["Colour"] = "blue"
    problems = _violations("outposts", "ListAssets", json.dumps(document).encode())
    assert "required member Count" in problems
    assert "expected a JSON integer" in problems
    assert "no member Colour" in problems


def test_an_unknown_member_served_by_the_emulator_is_caught_though_boto3_ignores_it(fresh_demo):
    """botocore parses the response without complaint; the model check does not."""
    fresh_demo.set_faults(unknown_member=True)
    seen = []

    def keep(operation_model, response_dict, **_):
        seen.append((operation_model, response_dict["body"]))

    ec2 = fresh_demo.client("ec2", "us-east-2")
    ec2.meta.events.register("before-parse", keep)
    parsed = ec2.describe_vpcs()
    assert parsed["Vpcs"], "boto3 parsed the response"
    outposts = fresh_demo.client("outposts", "us-east-2")
    outposts.meta.events.register("before-parse", keep)
    assert outposts.list_outposts()["Outposts"]
    for operation_model, body in seen:
        with pytest.raises(Violations, match="EdgeAtlasUnknownMember|edgeAtlasUnknownMember"):
            check_response(operation_model, 200, body)
