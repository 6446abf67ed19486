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
import subprocess
import tempfile
import time

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
    server = _STATE.get("server")
    if server and server.poll() is None:
        server.kill()
        server.wait()
    if _STATE.get("work"):
        shutil.rmtree(_STATE["work"], ignore_errors=True)


def aws_program():
    """The program to run as `aws` (started on the first call, stopped when the process ends)."""
    if "program" in _STATE:
        return _STATE["program"]
    real = real_cli()
    _STATE["program"] = real
    try:
        with open(real, "rb") as script:
            first = script.readline().decode(errors="replace")
    except OSError:
        return real
    python = first[2:].split()[0] if first.startswith("#!") and first[2:].split() else ""
    if not python or not os.access(python, os.X_OK):
        return real
    work = tempfile.mkdtemp(prefix="berth-cp-cli-")
    _STATE["work"] = work
    atexit.register(_stop)
    socket_path = os.path.join(work, "cli.sock")
    client = subprocess.run([python, ZYGOTE, "client", socket_path, real], capture_output=True,
                            text=True)
    if client.returncode != 0:
        return real
    program = os.path.join(work, "aws")
    with open(program, "w") as out:
        out.write(client.stdout)
    os.chmod(program, 0o755)
    log_path = os.path.join(work, "cli.log")
    with open(log_path, "w") as log:
        _STATE["server"] = subprocess.Popen([python, ZYGOTE, "serve", socket_path, real],
                                            stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline and _STATE["server"].poll() is None:
        with open(log_path) as log:
            if log.read().startswith("ready"):
                _STATE["program"] = program
                return program
        time.sleep(0.05)
    print(f"cp_cli: the AWS CLI zygote did not start, using {real}", flush=True)
    return real
