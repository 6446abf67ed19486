#!/usr/bin/env python3
"""Writes controlplane/api/input_constraints_data.cpp: what `berth serve` checks of every
request before a handler runs (controlplane/api/input_constraints.h), from botocore's service
models (botocore/data/SERVICE/VERSION/service-2.json): per service it answers, each operation's
input shape, and of the shapes reachable from the inputs only what the check needs: structures'
members and required members, lists' member, maps' value, strings' enum, scalars' type. The
generated file is checked in, so a build needs neither Python nor botocore; rerun this script
(with the AWS CLI's botocore installed) to refresh it:

    python3 scripts/gen_api_constraints.py > controlplane/api/input_constraints_data.cpp
"""
import sys

import botocore.session

from gen_aws_models import SERVICES as WIRE_SERVICES, print_embedded, reachable

# The services berth serve answers (controlplane/api/dispatch.cpp's FindHandler); EC2 only for
# the operations the wire client keeps (security groups, VPCs, subnets, tags: its model is huge).
SERVICES = ["ecs", "application-autoscaling", "logs", "events", "servicediscovery", "elbv2",
            "iam", "cloudwatch", "ec2"]
EC2_OPERATIONS = set(WIRE_SERVICES["ec2"][1])


def scalar(shape):
    return shape["type"] not in ("structure", "list", "map") and not shape.get("enum")


def constraint(shapes, shape):
    """{"m": {member: ref}, "r": [required]} | {"l": ref} | {"v": ref} | {"e": [enum]}, where
    a ref is a shape's name, or "#TYPE" for a scalar one ("#integer": what a JSON protocol's
    value must be); None for a scalar shape (its refs say all)."""
    def ref(r):
        target = shapes[r["shape"]]
        return "#" + target["type"] if scalar(target) else r["shape"]

    if shape["type"] == "structure":
        out = {"m": {name: ref(r) for name, r in shape.get("members", {}).items()}}
        if shape.get("required"):
            out["r"] = shape["required"]
        return out
    if shape["type"] == "list":
        return {"l": ref(shape["member"])}
    if shape["type"] == "map":
        return {"v": ref(shape["value"])}
    if shape.get("enum"):
        return {"e": shape["enum"]}
    return None


def main():
    loader = botocore.session.get_session().get_component("data_loader")
    out = {}
    for cli_name in SERVICES:
        model = loader.load_service_model(cli_name, "service-2")
        operations = {
            name: op["input"]["shape"] for name, op in sorted(model["operations"].items())
            if "input" in op and (cli_name != "ec2" or name in EC2_OPERATIONS)}
        shapes = {}
        for name in sorted(reachable(model["shapes"], operations.values())):
            kept = constraint(model["shapes"], model["shapes"][name])
            if kept:
                shapes[name] = kept
        out[cli_name] = {"operations": operations, "shapes": shapes}
    print_embedded(out, "scripts/gen_api_constraints.py",
                   "What berth serve checks of each request's input (input_constraints.h).",
                   "controlplane/api/input_constraints.h", "berth::controlplane::api",
                   "kInputConstraintChunks")

if __name__ == "__main__":
    sys.exit(main())
