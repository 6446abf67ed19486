#!/usr/bin/env python3
"""Validates request bodies with the AWS CLI, as `aws SERVICE OPERATION --cli-input-json file://F
--endpoint-url http://127.0.0.1:9` does: the CLI checks the body against the official API model
before it sends anything, so "Parameter validation failed" is a rejected body and "Could not
connect" an accepted one. Also checks enum values, which the CLI does not.

Usage: validate_with_cli.py LIST.json, where LIST is [{"service", "operation", "file"}...].
Prints one line per body: "OK FILE" or "FAIL FILE: why". Exit 0 when all pass, 1 otherwise,
77 when no AWS CLI is installed (the caller skips, loudly).

The CLI runs in this one process (awscli's own driver, the code the `aws` command runs) when the
awscli package imports; otherwise the `aws` binary runs once per body."""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "aws_cli"))
from newer_members import newer_members_refused, write_without  # noqa: E402

ENV = {
    "AWS_ACCESS_KEY_ID": "x",
    "AWS_SECRET_ACCESS_KEY": "x",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_MAX_ATTEMPTS": "1",  # a refused connection is the verdict; no retries
    "AWS_RETRY_MODE": "standard",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_PAGER": "",
}
ENDPOINT = "http://127.0.0.1:9"


DRIVERS = {}


def run_in_process(driver_factory, service, operation, path):
    # One driver for every body: making one loads the CLI's command table and models (most of
    # the CLI's start-up), and main() keeps no state from one command to the next.
    if "driver" not in DRIVERS:
        DRIVERS["driver"] = driver_factory()
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        DRIVERS["driver"].main([service, operation, "--cli-input-json", "file://" + path,
                               "--endpoint-url", ENDPOINT])
    return err.getvalue() + out.getvalue()


def run_binary(service, operation, path):
    env = dict(os.environ, **ENV)
    done = subprocess.run(["aws", service, operation, "--cli-input-json", "file://" + path,
                           "--endpoint-url", ENDPOINT], env=env, capture_output=True, text=True,
                          timeout=120)
    return done.stderr + done.stdout


def enum_problems(model, operation, body):
    """Enum values the model does not list (placeholders are filled later and skipped)."""
    problems = []

    def walk(shape, value, path):
        if shape.type_name == "structure" and isinstance(value, dict):
            for key, item in value.items():
                if key in shape.members:
                    walk(shape.members[key], item, f"{path}.{key}")
        elif shape.type_name == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                walk(shape.member, item, f"{path}[{i}]")
        elif shape.type_name == "map" and isinstance(value, dict):
            for key, item in value.items():
                walk(shape.value, item, f"{path}.{key}")
        elif shape.type_name == "string" and shape.enum and isinstance(value, str):
            if "{{berth:" not in value and value not in shape.enum:
                problems.append(f"{path} = {value!r} is not one of {', '.join(shape.enum)}")

    walk(model.operation_model(operation).input_shape, body, "")
    return problems


def main():
    requests = json.load(open(sys.argv[1]))
    os.environ.update(ENV)
    try:
        # AWS CLI v1 imports botocore; v2 (Debian 12's awscli 2.9.19) bundles it as awscli.botocore.
        from awscli.clidriver import create_clidriver
        try:
            import botocore.session as botocore_session
            from botocore import xform_name
        except ImportError:
            import awscli.botocore.session as botocore_session
            from awscli.botocore import xform_name
        factory = create_clidriver
        session = botocore_session.get_session()
    except ImportError:
        factory = session = None
        if shutil.which("aws") is None:
            print("no AWS CLI: neither the awscli package nor an `aws` binary is installed")
            return 77
    failed = False
    for request in requests:
        service, operation, path = request["service"], request["operation"], request["file"]
        output = (run_in_process(factory, service, operation, path) if factory
                  else run_binary(service, operation, path))
        newer = newer_members_refused(service, operation, output)
        note = ""
        if newer:
            # An older CLI (Debian 12's): the rest of the body is still validated.
            reduced = write_without(path, newer)
            output = (run_in_process(factory, service, operation, reduced) if factory
                      else run_binary(service, operation, reduced))
            note = f" (this AWS CLI's model predates {', '.join(newer)}; validated without)"
        problems = []
        if "Could not connect to the endpoint URL" not in output:
            problems.append(output.strip().replace("\n", " | ") or "no verdict from the CLI")
        if session is not None:
            model = session.get_service_model(service)
            names = {xform_name(name, "-"): name for name in model.operation_names}
            body = json.load(open(path))
            problems += enum_problems(model, names[operation], body)
        if problems:
            failed = True
            print(f"FAIL {path}: {'; '.join(problems)}")
        else:
            print(f"OK {path}{note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
