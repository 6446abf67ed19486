#!/usr/bin/env python3
"""Mutation fuzzing of berth's commands over the examples.

Each case copies one example, mutates one of its .berth files (bytes cut, copied or inserted,
lines shuffled, or tokens swapped for other tokens and for nasty values: huge numbers, NUL,
invalid UTF-8, deep nesting, broken interpolations) and runs validate, compile, fmt --check,
plan, lint, graph and both emitters on it. A case fails when a command is killed by a signal,
exits above 1, runs longer than its timeout, prints raw exception text, or exits 1 without a
file:line:col diagnostic (fmt --check exits 1 to say a file would change: only its crashes count).

Cases are numbered from --seed: the same numbers mutate the same way on every machine, so a
failure is replayed with `--seed N --cases 1`, and the mutated file is kept (--keep DIR).
ctest runs a few dozen; run thousands by hand after a change to the parser or the checker.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")

NASTY_BYTES = [b"{", b"}", b"${", b"\"", b"\\", b"\x00", b"\xff\xfe", b"\xe2\x82", b"\r", b"\t",
               b"99999999999999999999999999", b"1e309", b"9223372036854775808", b"-0",
               b"[" * 3000, b"{" * 3000, b"${" * 500, b"#", b"/*", b"\"${var.x}\"", b"..",
               b"\"\\u0000\"", b"\"\\ud800\"", b"=>", b",,"]
NASTY_VALUES = [b'""', b'"${var.nope}"', b'"\xc3\xa9\xe2\x98\x83"', b'0', b'-1', b'65536',
                b'4294967296', b'18446744073709551616', b'0.5', b'true', b'[]', b'{}', b'null',
                b'"${1/0}"', b'"%{"', b'"a${"b"}c"', b'"$${x}"', b'"\xff"']
TOKEN = re.compile(rb'"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|\S')
RAW_TEXT = re.compile(rb"terminate called|what\(\)|Segmentation|Aborted|std::|basic_string|"
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


def commands(stack, work):
    return [["validate", stack], ["compile", stack, "--emit", "ir"], ["fmt", "--check", stack],
            ["plan", stack, "--refresh", "false", "--state", os.path.join(work, "state.json")],
            ["lint", stack], ["graph", stack],
            ["emit", "aws", stack, "-o", os.path.join(work, "aws")],
            ["emit", "cloudformation", stack, "-o", os.path.join(work, "cfn")]]


def what_is_wrong(command, run):
    if run.returncode < 0:
        return f"killed by signal {-run.returncode}"
    if run.returncode > 1:
        return f"exit code {run.returncode}"
    if RAW_TEXT.search(run.stderr) or RAW_TEXT.search(run.stdout):
        return "raw exception text"
    if run.returncode == 1 and command[0] != "fmt" and not LOCATION.search(run.stderr):
        return "exit 1 without a file:line:col diagnostic"
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
        valid = False
        for command in commands(stack, work):
            try:
                run = subprocess.run([berth, *command], capture_output=True, timeout=timeout,
                                     cwd=work)
                wrong = what_is_wrong(command, run)
                detail = run.stderr[-400:].decode(errors="replace")
                if command[0] == "validate":
                    valid = run.returncode == 0
            except subprocess.TimeoutExpired:
                wrong, detail = f"no answer within {timeout} s", ""
            if wrong:
                if keep:
                    os.makedirs(keep, exist_ok=True)
                    shutil.copy(path, os.path.join(keep, f"case{number}-{name}.berth"))
                return f"case {number} ({name}, {os.path.basename(path)}): berth " \
                       f"{command[0]}: {wrong}\n{detail}", valid
        return None, valid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("berth")
    parser.add_argument("--seed", type=int, default=1, help="number of the first case")
    parser.add_argument("--cases", type=int, default=40)
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
    print(f"{args.cases} cases from {args.seed}: {valid} still valid, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
