#!/usr/bin/env python3
"""Runs every request of `berth emit aws` output directories through the AWS CLI against an
endpoint nothing listens on (http://127.0.0.1:9) with dummy credentials: the CLI validates the
body against the official API model before it connects, so "Parameter validation failed" (or any
other refusal) is a failure and "Could not connect to the endpoint URL" a pass.

Usage: validate_requests.py DIR...   Prints one line per failing file and a summary; exit 1 on
any failure. AWS CLI v1 (Python) runs in this process, one driver per request, which is the
same code path as the `aws` command without a second of interpreter start-up per file; without
it, each request runs `aws` as a child process."""
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "aws_cli"))
from newer_members import newer_members_refused, write_without  # noqa: E402

ENDPOINT = "http://127.0.0.1:9"
os.environ.update({
    "AWS_ACCESS_KEY_ID": "berth-test", "AWS_SECRET_ACCESS_KEY": "berth-test",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard",
    "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_PAGER": "",
})


DRIVER = None

def run_in_process(args):
    global DRIVER
    if DRIVER is None:
        from awscli.clidriver import create_clidriver
        DRIVER = create_clidriver()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            DRIVER.main(args)
        except SystemExit:
            pass
    return out.getvalue() + err.getvalue()


def enum_errors(service, operation, body):
    """The CLI checks types, required members and lengths but not enum values: check those
    against the same model: botocore's (AWS CLI v1) or the one AWS CLI v2 bundles (Debian 12's
    awscli 2.9.19). Empty when neither imports (the `aws` binary of another Python)."""
    try:
        import botocore.session as botocore_session
        from botocore import xform_name
    except ImportError:
        try:
            import awscli.botocore.session as botocore_session
            from awscli.botocore import xform_name
        except ImportError:
            return []
    model = botocore_session.get_session().get_service_model(service)
    names = {xform_name(name, "-"): name for name in model.operation_names}
    if operation not in names:
        return ["%s has no operation %s" % (service, operation)]
    errors = []

    def walk(shape, value, where):
        if shape is None or value is None:
            return
        if shape.type_name == "string" and shape.enum and isinstance(value, str):
            if value not in shape.enum and "{{berth:" not in value:
                errors.append("%s: %r is not one of %s" % (where, value, shape.enum))
        elif shape.type_name == "structure" and isinstance(value, dict):
            for key, item in value.items():
                if key in shape.members:
                    walk(shape.members[key], item, where + "." + key)
        elif shape.type_name == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                walk(shape.member, item, "%s[%d]" % (where, i))
        elif shape.type_name == "map" and isinstance(value, dict):
            for key, item in value.items():
                walk(shape.value, item, "%s.%s" % (where, key))

    walk(model.operation_model(names[operation]).input_shape, body, "body")
    return errors


def run_child(args):
    done = subprocess.run(["aws"] + args, capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def main(dirs):
    try:
        import awscli.clidriver  # noqa: F401
        run = run_in_process
    except ImportError:
        run = run_child
    checked = failed = 0
    for directory in dirs:
        manifest = json.load(open(os.path.join(directory, "manifest.json")))
        for call in manifest["calls"]:
            path = os.path.join(directory, call["file"])
            output = run([call["service"], call["operation"], "--cli-input-json",
                          "file://" + path, "--endpoint-url", ENDPOINT])
            checked += 1
            newer = newer_members_refused(call["service"], call["operation"], output)
            if newer:
                # An older CLI (Debian 12's): the rest of the body is still validated.
                output = run([call["service"], call["operation"], "--cli-input-json",
                              "file://" + write_without(path, newer), "--endpoint-url", ENDPOINT])
                print("NOTE %s: this AWS CLI's model predates %s; validated without"
                      % (path, ", ".join(newer)))
            if "Could not connect to the endpoint URL" not in output:
                failed += 1
                print("FAIL %s: %s" % (path, output.strip().replace("\n", " | ")[:800]))
                continue
            errors = enum_errors(call["service"], call["operation"], json.load(open(path)))
            if errors:
                failed += 1
                print("FAIL %s: %s" % (path, "; ".join(errors)))
    print("validated %d requests with the AWS CLI: %d failed" % (checked, failed))
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
