#!/usr/bin/env python3
"""Mutation fuzzing of berth's commands over the examples and the JSON files users hand it.

A stack case copies one example, mutates one of its .berth files (bytes cut, copied or inserted,
lines shuffled, or tokens swapped for other tokens and for nasty values: huge numbers, NUL,
invalid UTF-8, deep nesting, broken interpolations) and runs validate, compile, fmt --check,
plan, lint, graph and both emitters on it. A JSON case mutates one JSON file (bytes, or values
replaced, copied or deleted) of the kinds users pass: ECS JSON for `import`, a `--live` snapshot,
a saved plan (`show`), a state file (`plan --state`, `state list`). A case fails when a command
is killed by a signal, exits above 1, runs longer than its timeout, prints raw exception text or
an internal error, or exits 1 without saying where: a .berth error without file:line:col, a JSON
error without the file's name (fmt --check exits 1 to say a file would change: only its crashes
count).

Cases are numbered from --seed: the same numbers mutate the same way on every machine, so a
failure is replayed with `--seed N --cases 1 --json-cases 0` (or `--cases 0 --json-cases 1`),
and --keep DIR keeps the mutated file. ctest runs a few dozen of each; run thousands by hand
after a change to the parser, the checker or a JSON reader.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EXAMPLES = os.path.join(ROOT, "examples")
IMPORTS = os.path.join(ROOT, "tests", "data", "ecs_import")
LIVE = os.path.join(ROOT, "tests", "data", "live", "fargate_web_api")
LIVE_STACK = "fargate_web_api"  # the example LIVE is a snapshot of

NASTY_BYTES = [b"{", b"}", b"${", b"\"", b"\\", b"\x00", b"\xff\xfe", b"\xe2\x82", b"\r", b"\t",
               b"99999999999999999999999999", b"1e309", b"9223372036854775808", b"-0",
               b"[" * 3000, b"{" * 3000, b"${" * 500, b"#", b"/*", b"\"${var.x}\"", b"..",
               b"\"\\u0000\"", b"\"\\ud800\"", b"=>", b",,", b"1e99999"]
NASTY_VALUES = [b'""', b'"${var.nope}"', b'"\xc3\xa9\xe2\x98\x83"', b'0', b'-1', b'65536',
                b'4294967296', b'18446744073709551616', b'0.5', b'true', b'[]', b'{}', b'null',
                b'"${1/0}"', b'"%{"', b'"a${"b"}c"', b'"$${x}"', b'"\xff"']
JSON_VALUES = [None, True, 0, -1, 1.5, 2**64, -2**63 - 1, 1e308, "", "x", "\x00", "\u00e9",
               [], {}, [1], {"a": 1}]
TOKEN = re.compile(rb'"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|\S')
RAW_TEXT = re.compile(rb"internal error|terminate called|what\(\)|Segmentation|Aborted|std::|basic_string|"
                      rb"nlohmann|json\.exception|AddressSanitizer|core dumped|Assertion")
LOCATION = re.compile(rb":\d+:\d+")


def swap_tokens(rng, text):
    """Replaces tokens by other tokens of the file or by nasty values: mostly still parses, so
    the checker, the planner and the emitters see it."""
    for _ in range(rng.randint(1, 3)):
        spans = [m.span() for m in TOKEN.finditer(text)]
        if not spans:
            break
        start, end = rng.choice(spans)
        if rng.random() < 0.5:
            new = rng.choice(NASTY_VALUES)
        else:
            other = rng.choice(spans)
            new = text[other[0]:other[1]]
        text = text[:start] + new + text[end:]
    return text


def damage_bytes(rng, text):
    """Cuts, copies and inserts bytes or shuffles lines: mostly a syntax error somewhere."""
    for _ in range(rng.randint(1, 4)):
        op, at = rng.randrange(5), rng.randrange(len(text) + 1)
        if op == 0:
            text = text[:at] + text[min(len(text), at + rng.randint(1, 40)):]
        elif op == 1:
            text = text[:at] + rng.choice(NASTY_BYTES) + text[at:]
        elif op == 2:
            end = min(len(text), at + rng.randint(1, 200))
            text = text[:end] + text[at:end] + text[end:]
        elif op == 3:
            text = text[:at] + bytes([rng.randrange(256)]) + text[at:]
        else:
            lines = text.split(b"\n")
            head = rng.randint(0, len(lines))
            shuffled = lines[:head]
            rng.shuffle(shuffled)
            text = b"\n".join(shuffled + lines[head:])
    return text


def json_paths(node, path=()):
    yield path
    children = node.items() if isinstance(node, dict) else \
        enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from json_paths(child, path + (key,))


def mutate_json(rng, text):
    """Damages the bytes, or replaces, copies or deletes values: the second mostly still parses,
    so the decoders see values of every other type."""
    if rng.random() < 0.3:
        return damage_bytes(rng, text)
    document = json.loads(text)
    for _ in range(rng.randint(1, 3)):
        paths = list(json_paths(document))
        path, choice = rng.choice(paths), rng.random()
        if choice < 0.5:
            new = rng.choice(JSON_VALUES)
        else:
            new = document
            for key in rng.choice(paths):
                new = new[key]
            new = json.loads(json.dumps(new))
        if not path:
            document = new
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if choice < 0.15:
            del parent[path[-1]]
        else:
            parent[path[-1]] = new
    return json.dumps(document, indent=1).encode()


def commands(stack, work):
    return [["validate", stack], ["compile", stack, "--emit", "ir"], ["fmt", "--check", stack],
            ["plan", stack, "--refresh", "false", "--state", os.path.join(work, "state.json")],
            ["lint", stack], ["graph", stack],
            ["emit", "aws", stack, "-o", os.path.join(work, "aws")],
            ["emit", "cloudformation", stack, "-o", os.path.join(work, "cfn")]]


def what_is_wrong(command, run, names=None):
    """names: what an exit 1 of a JSON case must name (its file); without it, a .berth error
    must give file:line:col."""
    if run.returncode < 0:
        return f"killed by signal {-run.returncode}"
    if run.returncode > 1:
        return f"exit code {run.returncode}"
    if RAW_TEXT.search(run.stderr) or RAW_TEXT.search(run.stdout):
        return "raw exception text"
    if run.returncode == 1 and names is not None and names.encode() not in run.stderr:
        return f"exit 1 without naming {names}"
    if run.returncode == 1 and names is None and command[0] != "fmt" and \
            not LOCATION.search(run.stderr):
        return "exit 1 without a file:line:col diagnostic"
    return None


def run_commands(berth, command_list, work, timeout, names=None):
    """The first wrong outcome as "berth CMD: what\nstderr", else None; and whether the first
    command exited 0."""
    first_ok = False
    for index, command in enumerate(command_list):
        try:
            run = subprocess.run([berth, *command], capture_output=True, timeout=timeout, cwd=work)
        except subprocess.TimeoutExpired:
            return f"berth {command[0]}: no answer within {timeout} s", first_ok
        if index == 0:
            first_ok = run.returncode == 0
        wrong = what_is_wrong(command, run, names)
        if wrong:
            return f"berth {command[0]}: {wrong}\n{run.stderr[-400:].decode(errors='replace')}", \
                first_ok
    return None, first_ok


def keep_file(keep, path, name):
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(path, os.path.join(keep, name))


def make_json_inputs(berth, place):
    """A saved plan and a state of the example the live snapshot shows, made by this berth."""
    stack = os.path.join(place, LIVE_STACK)
    shutil.copytree(os.path.join(EXAMPLES, LIVE_STACK), stack)
    plan, state = os.path.join(place, "saved.plan"), os.path.join(place, "state.json")
    for command in (["plan", stack, "--out", plan],
                    ["apply", stack, "--auto-approve", "--state", state]):
        subprocess.run([berth, *command], check=True, capture_output=True, cwd=place)
    return {"stack": stack, "plan": plan, "state": state}


def run_json_case(berth, number, inputs, timeout, keep):
    rng = random.Random(number)
    kind = rng.choice(["import", "live", "plan", "state"])
    with tempfile.TemporaryDirectory(prefix="berth-fuzz-") as work:
        if kind == "import":
            name = rng.choice(sorted(os.listdir(IMPORTS)))
            source = os.path.join(IMPORTS, name)
            what = "ecs-service" if "service" in name else "ecs-task-definition"
            command_list = [["import", what, os.path.join(work, name)]]
        elif kind == "live":
            shutil.copytree(LIVE, os.path.join(work, "live"))
            name = os.path.join("live", rng.choice(sorted(os.listdir(LIVE))))
            source = os.path.join(LIVE, os.path.basename(name))
            command_list = [["plan", inputs["stack"], "--live", os.path.join(work, "live")]]
        elif kind == "plan":
            name, source = "saved.plan", inputs["plan"]
            command_list = [["show", os.path.join(work, name)]]
        else:
            name, source = "state.json", inputs["state"]
            state = os.path.join(work, name)
            command_list = [["plan", inputs["stack"], "--refresh", "false", "--state", state],
                            ["state", "list", "--state", state]]
        path = os.path.join(work, name)
        with open(source, "rb") as f:
            text = mutate_json(rng, f.read())
        with open(path, "wb") as f:
            f.write(text)
        # A snapshot's error may name another of its files (a role whose attached-policies
        # file no longer matches it): any file of the snapshot will do.
        names = "live/" if kind == "live" else os.path.basename(name)
        wrong, _ = run_commands(berth, command_list, work, timeout, names)
        if wrong:
            keep_file(keep, path, f"case{number}-{os.path.basename(name)}")
            return f"case {number} ({kind}, {os.path.basename(name)}): {wrong}"
        return None


def run_case(berth, number, stacks, timeout, keep):
    """Returns (failure or None, whether validate accepted the mutated stack)."""
    rng = random.Random(number)
    name = rng.choice(stacks)
    with tempfile.TemporaryDirectory(prefix="berth-fuzz-") as work:
        stack = os.path.join(work, name)
        shutil.copytree(os.path.join(EXAMPLES, name), stack)
        path = os.path.join(stack, rng.choice(sorted(f for f in os.listdir(stack)
                                                    if f.endswith(".berth"))))
        with open(path, "rb") as f:
            text = f.read()
        mutate = swap_tokens if rng.random() < 0.6 else damage_bytes
        with open(path, "wb") as f:
            f.write(mutate(rng, text))
        wrong, valid = run_commands(berth, commands(stack, work), work, timeout)
        if wrong:
            keep_file(keep, path, f"case{number}-{name}.berth")
            return f"case {number} ({name}, {os.path.basename(path)}): {wrong}", valid
        return None, valid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("berth")
    parser.add_argument("--seed", type=int, default=1, help="number of the first case")
    parser.add_argument("--cases", type=int, default=40, help="stack cases")
    parser.add_argument("--json-cases", type=int, default=40, help="JSON file cases")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per command")
    parser.add_argument("--keep", help="copy each failing case's mutated file here")
    args = parser.parse_args()
    berth = os.path.abspath(args.berth)
    stacks = sorted(d for d in os.listdir(EXAMPLES) if os.path.isdir(os.path.join(EXAMPLES, d)))
    failures, valid = [], 0
    for number in range(args.seed, args.seed + args.cases):
        failure, accepted = run_case(berth, number, stacks, args.timeout, args.keep)
        valid += accepted
        if failure:
            failures.append(failure)
            print(failure, flush=True)
    with tempfile.TemporaryDirectory(prefix="berth-fuzz-inputs-") as place:
        inputs = make_json_inputs(berth, place) if args.json_cases else {}
        for number in range(args.seed, args.seed + args.json_cases):
            failure = run_json_case(berth, number, inputs, args.timeout, args.keep)
            if failure:
                failures.append(failure)
                print(failure, flush=True)
    print(f"{args.cases} stack cases from {args.seed} ({valid} still valid), {args.json_cases} "
          f"JSON cases: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
