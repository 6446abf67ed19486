"""`berth serve` as the control plane's Python tests start it: on a free loopback port (or a
given one), with a data dir of its own, its endpoint and credentials read from the files the
server writes, clients and the AWS CLI pointed at it, and stopped (or killed) and restarted on
the same data. One helper instead of one copy per test file."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import botocore.session

from cp_cli import aws_program
from cp_files import env_value, read

DOCKERD_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docker",
                               "dockerd_fixture.sh")


class Server:
    _session = None

    def __init__(self, berth, *args, data=None, region="us-east-1", account="000000000000",
                 prefix="berth-cp-", log=None, ready=None):
        """Starts `berth serve --listen 127.0.0.1:0 --data DATA --region R --account A ARGS`.
        `data`: a dir to use (kept on close) instead of a fresh one; `log`: where the server's
        output goes (DATA/serve.log); `ready`: a text the log must contain before the server
        counts as started, besides its endpoint file."""
        self.berth, self.args, self.region = berth, list(args), region
        self.owns_data = data is None
        self.data = data or tempfile.mkdtemp(prefix=prefix)
        os.makedirs(self.data, exist_ok=True)
        self.args += ["--region", region, "--account", account]
        self.log = log or os.path.join(self.data, "serve.log")
        self.ready = ready
        self.process = None
        try:
            self.start()
        except BaseException:
            self.close()  # the data dir it made: nobody else knows of it yet
            raise
        lines = subprocess.run([berth, "serve", "--data", self.data, "--print-credentials"],
                               capture_output=True, text=True, check=True).stdout.split()
        creds = dict(line.split("=", 1) for line in lines)
        self.key, self.secret = creds["AWS_ACCESS_KEY_ID"], creds["AWS_SECRET_ACCESS_KEY"]

    def start(self, listen="127.0.0.1:0"):
        """Starts the server (again) on `listen` and waits until it answers."""
        endpoint = os.path.join(self.data, "endpoint")
        # The endpoint file is written once the server listens: gone, a restart waits for the new.
        if os.path.exists(endpoint):
            os.unlink(endpoint)
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                [self.berth, "serve", "--listen", listen, "--data", self.data, *self.args],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not read(endpoint) or (self.ready and self.ready not in read(self.log)):
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("berth serve did not start: " + read(self.log))
            time.sleep(0.05)
        self.endpoint = read(endpoint)

    def stop(self, kill=False):
        """SIGTERM (SIGKILL with `kill`, or after 30 s) and wait."""
        if not self.process:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self, kill=False, same_port=False):
        """Stops the server and starts it on the same data (and port, with `same_port`)."""
        listen = self.endpoint.removeprefix("http://") if same_port else "127.0.0.1:0"
        self.stop(kill=kill)
        self.start(listen)

    def close(self):
        """Stops the server and removes the data dir it made."""
        self.stop()
        if self.owns_data:
            shutil.rmtree(self.data, ignore_errors=True)

    def client(self, service, **kwargs):
        """A botocore client of `service` signed with the server's credentials."""
        if not Server._session:
            # One session for all clients: each new one loads botocore's models again (~0.5 s).
            Server._session = botocore.session.get_session()
        return Server._session.create_client(
            service, region_name=self.region, endpoint_url=self.endpoint,
            aws_access_key_id=self.key, aws_secret_access_key=self.secret, **kwargs)

    def cli_env(self):
        """The AWS CLI's environment: the server's credentials, no profile of the machine's."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=self.key, AWS_SECRET_ACCESS_KEY=self.secret,
                   AWS_DEFAULT_REGION=self.region, AWS_CONFIG_FILE="/dev/null",
                   AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                   # botocore sends DiscoverInstances to data-HOST: not with an address of ours.
                   AWS_DISABLE_HOST_PREFIX_INJECTION="true")
        return env

    def aws(self, service, *args, timeout=300):
        """`aws SERVICE ARGS` against the server: (exit code, parsed stdout or None, stderr)."""
        done = subprocess.run([aws_program(), service, *args, "--endpoint-url", self.endpoint,
                               "--output", "json"], capture_output=True, text=True,
                              env=self.cli_env(), timeout=timeout)
        out = json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else None
        return done.returncode, out, done.stderr


class PrivateEngine:
    """A Docker engine of the test's own (tests/docker/dockerd_fixture.sh: its own socket, data
    and exec roots, no bridge), so the test runs beside the others instead of sharing ctest's
    docker_engine fixture. `host` is its DOCKER_HOST. Where dockerd truly cannot start here, the
    fixture says why: that is printed as `[  SKIPPED ] why` (what ctest's SKIP_REGULAR_EXPRESSION
    looks for) and raised as unittest.SkipTest, after cleaning up, so nobody has to stop it."""

    def __init__(self, envfile):
        """Starts the engine; `envfile`: where the fixture writes DOCKER_HOST (or SKIP)."""
        self.envfile = envfile
        subprocess.run([DOCKERD_FIXTURE, "start", envfile], check=True)
        skip = env_value(envfile, "SKIP")
        if skip:
            self.stop()
            print("[  SKIPPED ] " + skip, flush=True)
            raise unittest.SkipTest(skip)
        self.host = env_value(envfile, "DOCKER_HOST")

    def stop(self):
        """Stops dockerd and removes its data and the env file."""
        subprocess.run([DOCKERD_FIXTURE, "stop", self.envfile])
