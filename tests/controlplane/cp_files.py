"""Small file helpers the control plane's Python tests share: a server's data dir holds its
endpoint, credentials and pid as files, the fixtures write KEY=VALUE env files, and the tests
apply edited copies of the examples."""

import os
import shutil
import tempfile

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")


def read(path):
    """The file's text without surrounding blanks, or "" while it does not exist yet."""
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


def env_value(path, key):
    """KEY's value in a KEY=VALUE file (a fixture's env file), or "" when it is not there."""
    for line in read(path).splitlines():
        k, _, v = line.partition("=")
        if k == key:
            return v
    return ""


def copy_example(test, example, prefix="berth-cp-example-"):
    """A copy of examples/EXAMPLE without its .berth state dir, in a temp dir that `test` (a
    TestCase) removes when it ends: the copy's path."""
    work = tempfile.mkdtemp(prefix=prefix)
    test.addCleanup(shutil.rmtree, work, True)
    stack = os.path.join(work, example)
    shutil.copytree(os.path.join(EXAMPLES, example), stack)
    shutil.rmtree(os.path.join(stack, ".berth"), ignore_errors=True)
    return stack


def edit(path, *replacements):
    """Replaces each (old, new) in the file; an AssertionError when an old text is not there
    (the example changed under the test)."""
    with open(path) as f:
        text = f.read()
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"{old!r} not found in {path}")
        text = text.replace(old, new)
    with open(path, "w") as f:
        f.write(text)
