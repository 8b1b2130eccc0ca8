"""A scale-100 fixture is served completely, page by page, without timeouts."""

import pytest

from crawl import pages
from emulator import Emulator, fixture_estate


@pytest.fixture(scope="module")
def scale100():
    emulator = Emulator("--fixture", "scale:100")
    yield emulator
    emulator.close()


def test_scale_100_serves_every_instance_and_asset(scale100, tmp_path):
    estate = fixture_estate(tmp_path, scale=100)
    health = scale100.admin("GET", "health")
    assert health["entities"] == sum(len(entities) for entities in estate.values())
    for region in sorted({instance["region"] for instance in estate["instances"]}):
        ec2 = scale100.client("ec2", region, timeout=10)
        seen = []
        for page in pages(ec2.describe_instances, MaxResults=1000):
            seen += [i["InstanceId"] for r in page["Reservations"] for i in r["Instances"]]
        expected = [i["instance_id"] for i in estate["instances"] if i["region"] == region]
        assert sorted(seen) == sorted(expected)
    outposts = scale100.client("outposts", "us-east-2", timeout=10)
    listed = [o for page in pages(outposts.list_outposts) for o in page["Outposts"]]
    assets = 0
    for outpost in listed:
        assets += sum(len(page["Assets"]) for page in pages(outposts.list_assets, OutpostIdentifier=outpost["OutpostId"]))
    assert assets == len([a for a in estate["assets"] if a["region"] == "us-east-2"])
