#!/usr/bin/env python3
"""Checks berth's query/ec2 serialization and XML parsing against botocore's (the AWS CLI's).

A case is either {service, operation, input, berth: [[name, value]...]}: botocore serializes
`input` with the service's query or ec2 serializer and its form fields must equal berth's, in
order; or {service, operation, xml, berth: JSON}: botocore parses the XML response and the result
(ResponseMetadata aside, timestamps as the text sent) must equal berth's JSON.
Prints one line per difference; exit 0 when all agree, 1 otherwise, 77 without botocore."""
import json
import sys

try:
    import botocore.session
    from botocore.parsers import create_parser
    from botocore.serialize import create_serializer
except ImportError:
    print("botocore is not installed")
    sys.exit(77)

PROTOCOL = {"elbv2": "query", "iam": "query", "sts": "query", "cloudwatch": "query", "ec2": "ec2"}


def plain(value):
    """botocore's parsed value with timestamps as text and without ResponseMetadata."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    cases = json.load(open(sys.argv[1]))
    session = botocore.session.get_session()
    failures = 0
    for index, case in enumerate(cases):
        model = session.get_service_model(case["service"])
        operation = model.operation_model(case["operation"])
        protocol = PROTOCOL[case["service"]]
        if "input" in case:
            request = create_serializer(protocol, include_validation=True).serialize_to_request(
                case["input"], operation)
            theirs = [[k, str(v)] for k, v in request["body"].items()]
            if theirs != case["berth"]:
                failures += 1
                print(f"case {index} {case['service']} {case['operation']}:\n"
                      f"  botocore {theirs}\n  berth    {case['berth']}")
        else:
            parser = create_parser(protocol)
            # Timestamps stay text, as berth keeps them.
            parser._timestamp_parser = lambda text: text
            parser.TIMESTAMP_PARSER = lambda text: text
            response = {"body": case["xml"].encode(), "headers": {}, "status_code": 200}
            theirs = plain(parser.parse(response, operation.output_shape))
            ours = plain(case["berth"])
            if theirs != ours:
                failures += 1
                print(f"case {index} {case['service']} {case['operation']}:\n"
                      f"  botocore {json.dumps(theirs, sort_keys=True)}\n"
                      f"  berth    {json.dumps(ours, sort_keys=True)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
