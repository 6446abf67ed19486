#!/usr/bin/env python3
"""Writes newer_members.json: per `service operation`, the request members (at any depth) that a
newer AWS API model has and an older one lacks. The validators excuse exactly these when an old
AWS CLI refuses them as unknown (newer_members.py).

Usage: diff_models.py OLD_DATA_DIR NEW_DATA_DIR > newer_members.json
e.g. OLD = /usr/lib/python3/dist-packages/awscli/botocore/data (Debian 12's awscli 2.9.19),
     NEW = the data directory of a newer botocore (`python3 -c 'import botocore, os;
     print(os.path.dirname(botocore.__file__))'`/data)."""
import gzip
import json
import os
import sys

SERVICES = ["ecs", "elbv2", "iam", "application-autoscaling", "logs", "events",
            "servicediscovery", "ec2", "sts", "acm"]


def load(data_dir, service):
    base = os.path.join(data_dir, service)
    version = sorted(os.listdir(base))[-1]
    path = os.path.join(base, version, "service-2.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    with gzip.open(path + ".gz") as f:  # newer botocore ships its models compressed
        return json.load(f)


def member_names(model, shape_name, seen):
    """Every member name reachable from `shape_name`."""
    if shape_name in seen:
        return set()
    seen.add(shape_name)
    shape = model["shapes"][shape_name]
    names = set()
    if shape["type"] == "structure":
        for name, member in shape.get("members", {}).items():
            names.add(name)
            names |= member_names(model, member["shape"], seen)
    elif shape["type"] == "list":
        names |= member_names(model, shape["member"]["shape"], seen)
    elif shape["type"] == "map":
        names |= member_names(model, shape["value"]["shape"], seen)
    return names


def kebab(name):
    out = ""
    for i, c in enumerate(name):
        if c.isupper() and i and (not name[i - 1].isupper() or
                                  (i + 1 < len(name) and name[i + 1].islower())):
            out += "-"
        out += c.lower()
    return out


def main(old_dir, new_dir):
    result = {}
    for service in SERVICES:
        old, new = load(old_dir, service), load(new_dir, service)
        for operation, spec in sorted(new["operations"].items()):
            if "input" not in spec:
                continue
            new_names = member_names(new, spec["input"]["shape"], set())
            old_spec = old["operations"].get(operation)
            old_names = (member_names(old, old_spec["input"]["shape"], set())
                         if old_spec and "input" in old_spec else set())
            added = sorted(new_names - old_names)
            if added and old_spec:
                result[f"{service} {kebab(operation)}"] = added
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


main(sys.argv[1], sys.argv[2])
