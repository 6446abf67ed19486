#!/usr/bin/env python3
"""Writes backends/aws_api/service_models.cpp: what berth's AWS wire client needs of botocore's
service models (botocore/data/SERVICE/VERSION/service-2.json), as one compact JSON document
embedded in C++. The generated file is checked in, so a build needs neither Python nor botocore;
rerun this script (with the AWS CLI's botocore installed) to refresh it:

    python3 scripts/gen_aws_models.py > backends/aws_api/service_models.cpp

Per service: the protocol and its metadata (JSON version and target prefix, endpoint prefix,
signing name, service id for AWS_ENDPOINT_URL_<ID>, API version, global endpoint); per operation
the CLI's name (`describe-services`) -> the API's (`DescribeServices`), its input and output
shapes and the result wrapper of query responses. Shapes are kept only for the query and ec2
protocols (the JSON protocols send the CLI's JSON as it is) and only those reachable from the
operations kept, without documentation or validation: type, members with their wire names,
list members, map keys and values, flattening.
"""
import json
import sys

import botocore
import botocore.session
from botocore import xform_name

# CLI service name -> the protocol berth speaks to it (CloudWatch's model lists CBOR first; the
# query protocol is the one every endpoint, moto included, answers) and, for a huge model, the
# operations kept (None: all).
SERVICES = {
    "ecs": ("json", None),
    "application-autoscaling": ("json", None),
    "logs": ("json", None),
    "events": ("json", None),
    "servicediscovery": ("json", None),
    "acm": ("json", None),  # the certificates HTTPS listeners name (tests create them in moto)
    "elbv2": ("query", None),
    "iam": ("query", None),
    "sts": ("query", None),
    "cloudwatch": ("query", None),
    "ec2": ("ec2", [
        "DescribeSecurityGroups", "CreateSecurityGroup", "DeleteSecurityGroup",
        "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress",
        "DescribeSecurityGroupRules", "ModifySecurityGroupRules",
        "UpdateSecurityGroupRuleDescriptionsIngress", "UpdateSecurityGroupRuleDescriptionsEgress",
        "CreateTags", "DeleteTags", "DescribeTags",
        "DescribeVpcs", "CreateVpc", "DeleteVpc", "DescribeSubnets", "CreateSubnet",
        "DeleteSubnet", "DescribeAccountAttributes",
    ]),
}

SERIALIZATION_KEYS = ("locationName", "queryName", "flattened", "timestampFormat")


def wire(ref):
    """A member reference: its shape and how it is named on the wire."""
    out = {"shape": ref["shape"]}
    for key in SERIALIZATION_KEYS:
        if key in ref:
            out[key] = ref[key]
    return out


def compact_shape(shape):
    out = {"type": shape["type"]}
    if shape.get("flattened"):
        out["flattened"] = True
    if "timestampFormat" in shape:
        out["timestampFormat"] = shape["timestampFormat"]
    if shape["type"] == "structure":
        out["members"] = {name: wire(ref) for name, ref in shape.get("members", {}).items()}
    elif shape["type"] == "list":
        out["member"] = wire(shape["member"])
    elif shape["type"] == "map":
        out["key"] = wire(shape["key"])
        out["value"] = wire(shape["value"])
    return out


def reachable(shapes, roots):
    seen = set()
    todo = [r for r in roots if r]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = list(shape.get("members", {}).values())
        refs += [shape[k] for k in ("member", "key", "value") if k in shape]
        todo += [ref["shape"] for ref in refs]
    return seen


def main():
    loader = botocore.session.get_session().get_component("data_loader")
    out = {}
    for cli_name, (protocol, keep) in SERVICES.items():
        model = loader.load_service_model(cli_name, "service-2")
        meta = model["metadata"]
        service = {
            "protocol": protocol,
            "apiVersion": meta["apiVersion"],
            "endpointPrefix": meta["endpointPrefix"],
            "signingName": meta.get("signingName", meta["endpointPrefix"]),
            "serviceId": meta["serviceId"],
        }
        if meta.get("globalEndpoint"):
            service["globalEndpoint"] = meta["globalEndpoint"]
        if protocol == "json":
            service["jsonVersion"] = meta.get("jsonVersion", "1.1")
            service["targetPrefix"] = meta["targetPrefix"]
        operations = {}
        roots = []
        for name, op in sorted(model["operations"].items()):
            if keep is not None and name not in keep:
                continue
            entry = {"name": name}
            if "input" in op:
                entry["input"] = op["input"]["shape"]
            if "output" in op:
                entry["output"] = op["output"]["shape"]
                if "resultWrapper" in op["output"]:
                    entry["resultWrapper"] = op["output"]["resultWrapper"]
            operations[xform_name(name, "-")] = entry
            roots += [entry.get("input"), entry.get("output")]
        service["operations"] = operations
        if protocol != "json":
            shapes = model["shapes"]
            service["shapes"] = {
                name: compact_shape(shapes[name]) for name in sorted(reachable(shapes, roots))
            }
        out[cli_name] = service
    print_embedded(out, "scripts/gen_aws_models.py",
                   "What the wire client needs of each service (service_models.h).",
                   "backends/aws_api/service_models.h", "berth::aws_api", "kServiceModelChunks")


def print_embedded(document, script, about, header, namespace, array):
    """Prints a C++ file that embeds `document` as compact JSON in `array`, a nullptr-ended
    array of raw string literals of 16 KB each (compilers limit the length of one literal)."""
    text = json.dumps(document, separators=(",", ":"), sort_keys=True)
    chunks = [text[i:i + 16000] for i in range(0, len(text), 16000)]
    print("// GENERATED by %s from botocore %s's service models: do not edit."
          % (script, botocore.__version__))
    print("// " + about)
    print('#include "%s"\n' % header)
    print("namespace %s {\n" % namespace)
    print("const char* const %s[] = {" % array)
    for chunk in chunks:
        assert ')~~"' not in chunk
        print('R"~~(%s)~~",' % chunk)
    print("nullptr};\n")
    print("}  // namespace " + namespace)


if __name__ == "__main__":
    sys.exit(main())
