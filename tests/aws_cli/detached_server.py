"""A test server started detached (cli_zygote.py and validator_zygote.py start theirs so): in a
session of its own, so it outlives the process that starts it, its output in DIR/NAME.log and its
pid in DIR/NAME.pid for whoever stops it; ready when the first line of its log says "ready"."""

import os
import subprocess
import time


def start_detached(command, directory, name, timeout):
    """Starts `command` and waits up to `timeout` seconds until it is ready: (its Popen, None),
    or (None, what its log says) when it ended or did not get ready in time."""
    log_path = os.path.join(directory, name + ".log")
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    with open(os.path.join(directory, name + ".pid"), "w") as out:
        out.write(f"{server.pid}\n")
    deadline = time.time() + timeout
    while time.time() < deadline and server.poll() is None:
        with open(log_path) as log:
            if log.read().startswith("ready"):
                return server, None
        time.sleep(0.05)
    with open(log_path) as log:
        return None, log.read().strip()
