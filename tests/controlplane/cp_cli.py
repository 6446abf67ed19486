"""The AWS CLI the control plane's Python tests run: the real CLI, loaded once per test process
and forked per call by tests/aws_cli/cli_zygote.py (as the moto fixture does for the moto tests).

Why: these tests poll the server with the CLI (hundreds of calls in a test that waits for a
schedule or a scale-out), and every fresh CLI costs about a CPU second (pyenv's shim, Python,
botocore's models) on a CI machine of 2 cores that the whole suite keeps busy; a forked call
costs a tenth of that. Each call is still the CLI's own main() with the caller's arguments and
environment. Falls back to the plain CLI when the zygote cannot start."""

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from cp_files import read

HERE = os.path.dirname(os.path.abspath(__file__))
ZYGOTE = os.path.join(HERE, "..", "aws_cli", "cli_zygote.py")
_STATE = {}


def real_cli():
    """The `aws` on PATH, or, when that is a pyenv shim, the program the shim would run."""
    cli = shutil.which("aws") or "aws"
    if cli.endswith("/shims/aws"):
        found = subprocess.run(["pyenv", "which", "aws"], capture_output=True, text=True)
        real = found.stdout.strip()
        if found.returncode == 0 and real and os.access(real, os.X_OK):
            cli = real
    return cli


def _stop():
    pid = read(os.path.join(_STATE["work"], "cli.pid"))
    if pid:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
    shutil.rmtree(_STATE["work"], ignore_errors=True)


def aws_program():
    """The program to run as `aws` (started on the first call, stopped when the process ends)."""
    if "program" not in _STATE:
        _STATE["work"] = tempfile.mkdtemp(prefix="berth-cp-cli-")
        atexit.register(_stop)
        real = real_cli()
        started = subprocess.run([sys.executable, ZYGOTE, "start", _STATE["work"], real],
                                 stdout=subprocess.PIPE, text=True)
        program = started.stdout.strip() if started.returncode == 0 else ""
        _STATE["program"] = program or real
    return _STATE["program"]
