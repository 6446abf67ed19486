"""Waiting for `berth serve` to get somewhere: the control plane's Python tests poll (the API, the
AWS CLI, docker) until a probe holds, and a wait that runs out says what it waited for and how the
server's log ends. One helper instead of one copy per test file."""

import time

from cp_files import read


def wait_for(what, probe, timeout, every=0.3, log=None):
    """Calls probe() every `every` s until it returns something true; that value. Past `timeout`
    s, an AssertionError naming `what`, with the last 20 lines of the server log `log` if given."""
    deadline = time.time() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.time() > deadline:
            ends = ""
            if log:
                ends = "; the server's log ends:\n" + "\n".join(read(log).splitlines()[-20:])
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{ends}")
        time.sleep(every)
