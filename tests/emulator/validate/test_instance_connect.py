"""EC2 Instance Connect: AWS's validation, and the 60-second window of an accepted key."""

import botocore.exceptions
import pytest

from crawl import Recorder, pages, ssh_public_key
from emulator import Emulator


def failing(client, call, **arguments):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        getattr(client, call)(**arguments)
    return raised.value.response["Error"]["Code"]


def running_instance(emulator, region, zone_type):
    ec2 = emulator.client("ec2", region)
    zones = {z["ZoneName"]: z["ZoneType"] for z in ec2.describe_availability_zones(AllAvailabilityZones=True)["AvailabilityZones"]}
    running = [{"Name": "instance-state-name", "Values": ["running"]}]
    for page in pages(ec2.describe_instances, Filters=running):
        for instance in (i for r in page["Reservations"] for i in r["Instances"]):
            if zones[instance["Placement"]["AvailabilityZone"]] == zone_type:
                return instance
    raise AssertionError(f"no running instance in a {zone_type} of {region}")


def connect(emulator, region, validate=True):
    return Recorder().attach(emulator.client("ec2-instance-connect", region, validate_parameters=validate))


def test_a_key_is_accepted_for_sixty_seconds(fresh_demo):
    instance = running_instance(fresh_demo, "us-east-2", "availability-zone")
    answer = connect(fresh_demo, "us-east-2").send_ssh_public_key(
        InstanceId=instance["InstanceId"],
        InstanceOSUser="ec2-user",
        SSHPublicKey=ssh_public_key(),
        AvailabilityZone=instance["Placement"]["AvailabilityZone"],
    )
    assert answer["Success"] is True and answer["RequestId"]
    keys = fresh_demo.admin("GET", "keys")["keys"]
    assert [(k["instance_id"], k["os_user"], k["channel"], k["active"]) for k in keys] == [
        (instance["InstanceId"], "ec2-user", "ssh", True)
    ]
    assert keys[0]["expires_at"] - keys[0]["accepted_at"] == 60
    fresh_demo.admin("POST", "clock", {"advance_seconds": 59})
    assert fresh_demo.admin("GET", "keys")["keys"][0]["active"] is True
    fresh_demo.admin("POST", "clock", {"advance_seconds": 2})
    assert fresh_demo.admin("GET", "keys")["keys"][0]["active"] is False


def test_local_and_wavelength_zone_names_are_refused_but_the_instance_is_reachable(demo):
    for region, zone_type in (("us-west-2", "local-zone"), ("us-east-1", "wavelength-zone")):
        instance = running_instance(demo, region, zone_type)
        client = connect(demo, region, validate=False)
        code = failing(
            client,
            "send_ssh_public_key",
            InstanceId=instance["InstanceId"],
            InstanceOSUser="ec2-user",
            SSHPublicKey=ssh_public_key(),
            AvailabilityZone=instance["Placement"]["AvailabilityZone"],
        )
        assert code == "InvalidArgsException"
        answer = client.send_ssh_public_key(
            InstanceId=instance["InstanceId"], InstanceOSUser="ec2-user", SSHPublicKey=ssh_public_key()
        )
        assert answer["Success"]


@pytest.mark.parametrize(
    "change",
    [
        {"InstanceOSUser": "root;reboot"},
        {"InstanceOSUser": "-dash"},
        {"SSHPublicKey": "ssh-ed25519 AAAA short"},
        {"SSHPublicKey": "ssh-dss " + "A" * 100},
        {"SSHPublicKey": "ssh-ed25519 " + "!" * 100},
        {"SSHPublicKey": ssh_public_key().replace("ssh-ed25519", "ssh-rsa", 1)},
        {"InstanceId": "i-XYZ"},
        {"AvailabilityZone": "us-east-2c"},
    ],
)
def test_invalid_arguments_are_refused(demo, change):
    instance = running_instance(demo, "us-east-2", "availability-zone")
    arguments = {
        "InstanceId": instance["InstanceId"],
        "InstanceOSUser": "ec2-user",
        "SSHPublicKey": ssh_public_key(),
    }
    arguments.update(change)
    assert failing(connect(demo, "us-east-2", validate=False), "send_ssh_public_key", **arguments) == "InvalidArgsException"


def test_unknown_and_stopped_instances():
    churned = Emulator("--fixture", "demo", "--seed", "7")
    try:
        client = connect(churned, "us-east-2")
        code = failing(client, "send_ssh_public_key", InstanceId="i-0123456789abcdef0",
                       InstanceOSUser="ec2-user", SSHPublicKey=ssh_public_key())
        assert code == "EC2InstanceNotFoundException"
        stopped = None
        for region in ("us-east-2", "eu-central-1", "ap-northeast-1", "us-east-1", "us-west-2"):
            reservations = churned.client("ec2", region).describe_instances(
                Filters=[{"Name": "instance-state-name", "Values": ["stopped", "stopping", "pending"]}]
            )["Reservations"]
            if reservations:
                stopped = (region, reservations[0]["Instances"][0]["InstanceId"])
                break
        assert stopped, "seed 7 stops some instances"
        code = failing(connect(churned, stopped[0]), "send_ssh_public_key", InstanceId=stopped[1],
                       InstanceOSUser="ec2-user", SSHPublicKey=ssh_public_key())
        assert code == "EC2InstanceStateInvalidException"
    finally:
        churned.close()


def test_serial_console(fresh_demo):
    instance = running_instance(fresh_demo, "us-east-2", "availability-zone")
    client = connect(fresh_demo, "us-east-2", validate=False)
    code = failing(client, "send_serial_console_ssh_public_key", InstanceId=instance["InstanceId"],
                   SerialPort=1, SSHPublicKey=ssh_public_key())
    assert code == "InvalidArgsException"
    assert client.send_serial_console_ssh_public_key(
        InstanceId=instance["InstanceId"], SerialPort=0, SSHPublicKey=ssh_public_key()
    )["Success"]
    fresh_demo.set_faults(serial_console_disabled=True)
    code = failing(client, "send_serial_console_ssh_public_key", InstanceId=instance["InstanceId"],
                   SSHPublicKey=ssh_public_key())
    assert code == "SerialConsoleAccessDisabledException"
    channels = [key["channel"] for key in fresh_demo.admin("GET", "keys")["keys"]]
    assert channels == ["serial-console"]
