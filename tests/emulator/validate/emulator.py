"""Starts the edge-atlas-emulator binary for a test and gives clients for it."""

import json
import os
import pathlib
import subprocess
import time
import urllib.request

import boto3
import botocore.config

REPO = pathlib.Path(__file__).resolve().parents[3]


def emulator_binary():
    """The release build of the emulator (`cargo build --release` puts it there)."""
    if os.environ.get("EDGE_ATLAS_EMULATOR"):
        return pathlib.Path(os.environ["EDGE_ATLAS_EMULATOR"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "release" / "edge-atlas-emulator"


class Emulator:
    """One running emulator process on a free port."""

    def __init__(self, *args):
        binary = emulator_binary()
        if not binary.exists():
            raise RuntimeError(f"{binary} is missing: run `cargo build --release` first")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [str(binary), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline().strip()
        self.startup_seconds = time.monotonic() - started
        if not line.startswith("listening on "):
            self.process.kill()
            raise RuntimeError(f"emulator did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.removeprefix("listening on ")

    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def set_faults(self, **faults):
        return self.admin("POST", "faults", faults)

    def client(self, service, region="us-east-2", retries=1, timeout=10, validate_parameters=True):
        return boto3.session.Session().client(
            service,
            region_name=region,
            endpoint_url=self.url,
            aws_access_key_id="AKIDEDGEATLASTEST",
            aws_secret_access_key="not-a-real-secret",
            config=botocore.config.Config(
                retries={"total_max_attempts": retries, "mode": "standard"},
                connect_timeout=timeout,
                read_timeout=timeout,
                parameter_validation=validate_parameters,
            ),
        )

    def session_client(self, service, credentials, region="us-east-2"):
        """A client signing with an assumed role's credentials (AssumeRole's `Credentials`)."""
        return boto3.session.Session().client(
            service,
            region_name=region,
            endpoint_url=self.url,
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
        )

    def cli_env(self):
        env = dict(os.environ)
        env.update(
            AWS_ACCESS_KEY_ID="AKIDEDGEATLASTEST",
            AWS_SECRET_ACCESS_KEY="not-a-real-secret",
            AWS_DEFAULT_REGION="us-east-2",
            AWS_ENDPOINT_URL=self.url,
            AWS_CONFIG_FILE="/dev/null",
            AWS_SHARED_CREDENTIALS_FILE="/dev/null",
            AWS_EC2_METADATA_DISABLED="true",
            AWS_PAGER="",
        )
        return env

    def close(self):
        self.process.kill()
        self.process.wait()


def edge_atlas_binary():
    return emulator_binary().with_name("edge-atlas")


def fixture_estate(tmp_path, scale=1):
    """The fixture the emulator serves, as Edge Atlas exports it (the expected answers)."""
    database = tmp_path / "fixture.sqlite"
    exported = tmp_path / "fixture.json"
    binary = str(edge_atlas_binary())
    subprocess.run([binary, "--db", str(database), "demo", "--scale", str(scale)], check=True, capture_output=True)
    subprocess.run([binary, "--db", str(database), "export-snapshot", "1", "--output", str(exported)], check=True, capture_output=True)
    return json.loads(exported.read_text())["estate"]
