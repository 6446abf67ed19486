#!/usr/bin/env python3
"""Signs each request of CASES.json with botocore's SigV4Auth (the signer the AWS CLI uses) at
the case's time and compares the headers it adds with what berth's signer added.

A case: {method, url, params: [[name, value]...], headers: [[name, value]...] (Host only when
the case sets it; botocore derives it from the URL otherwise), body, access_key, secret_key,
token, region, service, amz_date, berth: {Authorization, X-Amz-Date, X-Amz-Security-Token}}.
Prints one line per difference; exit 0 when all agree, 1 otherwise, 77 without botocore."""
import datetime
import json
import sys
import types

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print("botocore is not installed")
    sys.exit(77)


class FixedClock(datetime.datetime):
    """datetime.datetime whose utcnow() is the case's time: botocore before 1.31 (Debian 12 has
    1.29) reads the clock with datetime.datetime.utcnow(), later ones with
    botocore.auth.get_current_datetime()."""
    moment = None

    @classmethod
    def utcnow(cls):
        return cls.moment


def set_clock(when):
    botocore.auth.get_current_datetime = lambda: when
    FixedClock.moment = when.replace(tzinfo=None)
    shim = types.ModuleType("datetime")
    shim.__dict__.update(datetime.__dict__)
    shim.datetime = FixedClock
    botocore.auth.datetime = shim


def main():
    cases = json.load(open(sys.argv[1]))
    failures = 0
    for index, case in enumerate(cases):
        when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
        set_clock(when)
        request = AWSRequest(method=case["method"], url=case["url"],
                             data=case["body"].encode("utf-8"),
                             params=[tuple(p) for p in case["params"]])
        for name, value in case["headers"]:
            request.headers[name] = value  # a second assignment adds a second header
        credentials = Credentials(case["access_key"], case["secret_key"], case["token"] or None)
        botocore.auth.SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
        for header in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            theirs = request.headers.get(header)
            ours = case["berth"].get(header)
            if theirs != ours:
                failures += 1
                print(f"case {index} ({case['method']} {case['url']}): {header}\n"
                      f"  botocore: {theirs}\n  berth:    {ours}")
    print(f"{len(cases)} requests signed by botocore {botocore.__version__}, "
          f"{failures} differences")
    sys.exit(1 if failures else 0)


main()
