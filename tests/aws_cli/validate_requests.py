#!/usr/bin/env python3
"""Validates request bodies with the AWS CLI, as `aws SERVICE OPERATION --cli-input-json file://F
--endpoint-url http://127.0.0.1:9` does: the CLI checks the body against the official API model
before it connects, so "Parameter validation failed" (or any other refusal) is a rejected body
and "Could not connect to the endpoint URL" an accepted one. Also checks enum values, which the
CLI does not.

Usage: validate_requests.py DIR...         the directories `berth emit aws` wrote (manifest.json)
       validate_requests.py --list F.json  F is [{"service", "operation", "file"}...]
Prints "OK FILE" or "FAIL FILE: why" per body, then "validated N requests with the AWS CLI: M
failed". Exit 0 when all pass, 1 when one fails or none was checked, 77 when no AWS CLI is
installed (the caller skips, loudly).

The CLI runs in this one process (awscli's own driver, the code the `aws` command runs: no second
of interpreter start-up per body) when the awscli package imports; otherwise the `aws` binary
runs once per body."""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from newer_members import newer_members_refused, write_without  # noqa: E402

ENDPOINT = "http://127.0.0.1:9"
ENV = {
    "AWS_ACCESS_KEY_ID": "berth-test",
    "AWS_SECRET_ACCESS_KEY": "berth-test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_MAX_ATTEMPTS": "1",  # a refused connection is the verdict; no retries
    "AWS_RETRY_MODE": "standard",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_PAGER": "",
}


class Cli:
    """The AWS CLI's verdict on one body, and the model its enum values are checked against:
    botocore's (AWS CLI v1) or the one AWS CLI v2 bundles (Debian 12's awscli 2.9.19)."""

    def __init__(self):
        os.environ.update(ENV)
        self.driver = self.session = self.xform_name = None
        try:
            from awscli.clidriver import create_clidriver
        except ImportError:
            create_clidriver = None
        try:
            import botocore.session as botocore_session
            from botocore import xform_name
        except ImportError:
            try:
                import awscli.botocore.session as botocore_session
                from awscli.botocore import xform_name
            except ImportError:
                botocore_session = xform_name = None
        if botocore_session is not None:
            self.session, self.xform_name = botocore_session.get_session(), xform_name
        # One driver for every body: making one loads the CLI's command table and models (most
        # of the CLI's start-up), and main() keeps no state from one command to the next.
        self.driver = create_clidriver() if create_clidriver else None
        self.available = self.driver is not None or shutil.which("aws") is not None

    def run(self, service, operation, path):
        args = [service, operation, "--cli-input-json", "file://" + path, "--endpoint-url",
                ENDPOINT]
        if self.driver is None:
            done = subprocess.run(["aws"] + args, capture_output=True, text=True, timeout=120)
            return done.stdout + done.stderr
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                self.driver.main(args)
            except SystemExit:
                pass
        return out.getvalue() + err.getvalue()

    def enum_problems(self, service, operation, body):
        """Enum values the model does not list (placeholders are filled later and skipped)."""
        if self.session is None:
            return []
        model = self.session.get_service_model(service)
        names = {self.xform_name(name, "-"): name for name in model.operation_names}
        if operation not in names:
            return ["%s has no operation %s" % (service, operation)]
        problems = []

        def walk(shape, value, where):
            if shape is None or value is None:
                return
            if shape.type_name == "string" and shape.enum and isinstance(value, str):
                if value not in shape.enum and "{{berth:" not in value:
                    problems.append("%s = %r is not one of %s"
                                    % (where, value, ", ".join(shape.enum)))
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
        return problems

    def problems(self, service, operation, path):
        """Why the body at `path` is refused (empty: accepted), and a note when this CLI is
        older than a member of the body."""
        output = self.run(service, operation, path)
        note = ""
        newer = newer_members_refused(service, operation, output)
        if newer:
            # An older CLI (Debian 12's): the rest of the body is still validated.
            output = self.run(service, operation, write_without(path, newer))
            note = " (this AWS CLI's model predates %s; validated without)" % ", ".join(newer)
        problems = []
        if "Could not connect to the endpoint URL" not in output:
            problems.append(output.strip().replace("\n", " | ")[:800] or "no verdict from the CLI")
        problems += self.enum_problems(service, operation, json.load(open(path)))
        return problems, note


def requests_of(args):
    if args[:1] == ["--list"]:
        return json.load(open(args[1]))
    requests = []
    for directory in args:
        manifest = json.load(open(os.path.join(directory, "manifest.json")))
        for call in manifest["calls"]:
            requests.append(dict(call, file=os.path.join(directory, call["file"])))
    return requests


def main(args, cli=None):
    """`cli`: an already loaded Cli (tests/aws_cli/validator_zygote.py forks calls from one)."""
    cli = cli or Cli()
    if not cli.available:
        print("no AWS CLI: neither the awscli package nor an `aws` binary is installed")
        return 77
    checked = failed = 0
    for request in requests_of(args):
        path = request["file"]
        problems, note = cli.problems(request["service"], request["operation"], path)
        checked += 1
        if problems:
            failed += 1
            print("FAIL %s: %s" % (path, "; ".join(problems)))
        else:
            print("OK %s%s" % (path, note))
    print("validated %d requests with the AWS CLI: %d failed" % (checked, failed))
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
