"""The application as several servers, on loopback: two gunicorn servers, Celery workers, beat,
Redis, PostgreSQL and an S3 store (moto's server), all sharing only what production servers
share (the database, the broker, the cache and the bucket).

`Deployment` starts them (Redis on a port of its own, without persistence, unless a running
Redis is named: redis_url, whose databases 14 and 15 it empties and uses; the PostgreSQL database is
given: the tests' database or the benchmarks'); `Visitor` is a user's browser,
sent to whichever server the test names, behind one public host name as a load balancer
would present it. Used by tests/test_several_servers.py (short form, in `make test`) and by
`make bench` (benchmarks/run.py: the full form and the batch timings).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "thidua.test"  # the public name; both servers answer to it
BUCKET = "thidua-nhieu-may-chu"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, seconds: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {seconds:.0f} s")


class Deployment:
    """Everything started on `__enter__` and stopped on `__exit__` (logs in `workdir`)."""

    def __init__(
        self,
        *,
        database_url: str,
        web_servers: int = 2,
        workers: int = 2,
        stalled_after: int = 5,
        beat: bool = True,
        redis_url: str = "",
    ):
        self.database_url = database_url
        self.web_count, self.worker_count, self.beat = web_servers, workers, beat
        self.stalled_after = stalled_after
        self.redis_url = redis_url.rstrip("/")
        self.workdir = Path(tempfile.mkdtemp(prefix="emulation-servers-"))
        self.processes: dict[str, subprocess.Popen] = {}
        self.web: list[str] = []
        self.moto = None
        self.env: dict[str, str] = {}

    # Starting ------------------------------------------------------------------------------

    def __enter__(self) -> Deployment:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's every request

        if self.redis_url:  # a Redis already running (CI's): two databases of it, emptied
            import redis

            broker, databases = self.redis_url, (14, 15)
            for db in databases:
                redis.Redis.from_url(f"{broker}/{db}").flushdb()
        else:
            redis_server = shutil.which("redis-server")
            if redis_server is None:
                raise RuntimeError("redis-server is not installed (apt-get install redis-server).")
            redis_port = free_port()
            self._spawn(
                "redis",
                [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no"],
            )
            broker, databases = f"redis://127.0.0.1:{redis_port}", (0, 1)
            wait_until(lambda: _answers(redis_port), seconds=15, what="Redis")

        self.moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.moto.start()
        moto_host, moto_port = self.moto.get_host_and_port()
        self.s3_endpoint = f"http://{moto_host}:{moto_port}"
        self.s3_credentials = {"aws_access_key_id": "cum", "aws_secret_access_key": "bi-mat"}
        self.s3().create_bucket(Bucket=BUCKET)

        self.env = os.environ | {
            "DATABASE_URL": self.database_url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",  # the proxy's work; the visitor says https
            "STATIC_ROOT": str(self.workdir / "static"),
            "CELERY_BROKER_URL": f"{broker}/{databases[0]}",
            "CACHE_URL": f"{broker}/{databases[1]}",
            "CELERY_VISIBILITY_TIMEOUT": str(self.stalled_after * 2),
            "JOB_STALLED_AFTER": str(self.stalled_after),
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": self.s3_credentials["aws_access_key_id"],
            "S3_SECRET_ACCESS_KEY": self.s3_credentials["aws_secret_access_key"],
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "emulation.settings",
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        for n in range(1, self.web_count + 1):
            port = free_port()
            self._spawn(
                f"web{n}",
                [str(BIN / "gunicorn"), "emulation.wsgi:application", "--workers", "2"]
                + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            )
            self.web.append(f"http://127.0.0.1:{port}")
        for n in range(1, self.worker_count + 1):
            self.start_worker(n)
        if self.beat:
            schedule = str(self.workdir / "beat-schedule")
            self._spawn(
                "beat",
                [str(BIN / "celery"), "-A", "emulation", "beat", "--schedule", schedule]
                + ["--loglevel", "WARNING"],
            )
        for base in self.web:
            wait_until(lambda base=base: _healthy(base), seconds=60, what=f"gunicorn {base}")

    def start_worker(self, n: int) -> None:
        self._spawn(
            f"worker{n}",
            [str(BIN / "celery"), "-A", "emulation", "worker", "--concurrency", "1"]
            + ["--hostname", f"worker{n}@%h", "--without-gossip", "--without-mingle"]
            + ["--loglevel", "WARNING"],
        )

    def _spawn(self, name: str, command: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (kept open while it runs)
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.env or os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole
        )

    def s3(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.s3_endpoint, region_name="us-east-1", **self.s3_credentials
        )

    # Faults and stopping -------------------------------------------------------------------

    def kill(self, name: str) -> None:
        """SIGKILL to the process and its children (a worker's pool), as a machine lost."""
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __exit__(self, *exc_info) -> None:
        for name in list(self.processes):
            if not name.startswith("redis"):
                self.stop(name)
        self.stop("redis")
        if self.moto is not None:
            self.moto.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)  # logs, static files, beat's file


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _healthy(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", headers={"Host": HOST}, timeout=2).ok
    except requests.RequestException:
        return False


class Visitor:
    """A browser behind the load balancer: one cookie jar, whichever server answers. It says
    the page came over HTTPS (X-Forwarded-Proto), as the proxy does, so cookies are kept by
    hand (they are Secure)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers | (extra or {})

    def _keep(self, response: requests.Response) -> requests.Response:
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, server: str, path: str, **kwargs) -> requests.Response:
        response = requests.get(
            server + path, headers=self._headers(), allow_redirects=False, timeout=60, **kwargs
        )
        return self._keep(response)

    def post(self, server: str, path: str, data: dict, files=None) -> requests.Response:
        data = {"csrfmiddlewaretoken": self.csrf(server, path), **data}
        response = requests.post(
            server + path,
            data=data,
            files=files,
            headers=self._headers(),
            allow_redirects=False,
            timeout=60,
        )
        return self._keep(response)

    def csrf(self, server: str, path: str) -> str:
        """The form's token, read from the page of the form (or any page with a form)."""
        page = self.get(server, path if path.endswith("/") else "/")
        if page.status_code == 405:  # a POST-only address: any page has the token
            page = self.get(server, "/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if found is None:
            raise AssertionError(f"no form on {path} ({page.status_code})")
        return found.group(1)

    def sign_in(self, server: str, username: str, password: str) -> None:
        response = self.post(
            server, "/accounts/login/", {"username": username, "password": password}
        )
        if response.status_code != 302:
            raise AssertionError(f"sign-in of {username} failed ({response.status_code})")


# The batch timings of `make bench` ----------------------------------------------------------


def use_broker(url: str) -> None:
    """Queue this process's tasks on `url` (in the benchmark's process, which started without
    a broker: its tasks would otherwise run in it)."""
    from emulation.celery import app

    app.conf.update(broker_url=url, task_always_eager=False)
    app._pool = None  # opened again from the settings above
    app.amqp._producer_pool = None


def time_batch(*, database_url: str, cluster_year_ids: list[int], workers: int) -> float:
    """Seconds from queuing the ministry's export of these year-end reports to its file, with
    `workers` Celery workers (one process each) and nothing rendered beforehand."""
    from clusters.models import ClusterYear, User
    from emulation.celery import app
    from reports import batches
    from reports.models import BatchJob, RenderedDocument

    RenderedDocument.objects.filter(
        kind=RenderedDocument.Kind.TERM_REPORT, object_id__in=cluster_year_ids
    ).delete()
    ministry = User.objects.get(username="quymo.bo")
    year = ClusterYear.objects.get(pk=cluster_year_ids[0]).year
    BatchJob.objects.filter(key__startswith=BatchJob.Kind.MINISTRY_TERM_REPORTS).delete()
    job, _created = batches.batch_start(
        kind=BatchJob.Kind.MINISTRY_TERM_REPORTS, params={"year": year}, by=ministry
    )
    job.items.exclude(object_id__in=cluster_year_ids).delete()  # the same reports each run
    with Deployment(
        database_url=database_url, web_servers=0, workers=workers, stalled_after=600, beat=False
    ) as servers:
        use_broker(servers.env["CELERY_BROKER_URL"])
        wait_until(  # every worker listening before the clock starts
            lambda: len(app.control.ping(timeout=1)) >= workers, seconds=60, what="the workers"
        )
        started = time.perf_counter()
        for _worker in range(workers):
            batches.queue(job.pk)
        wait_until(
            lambda: BatchJob.objects.get(pk=job.pk).state not in BatchJob.ACTIVE,
            seconds=3600,
            what="the batch",
            every=0.2,
        )
        elapsed = time.perf_counter() - started
    job.refresh_from_db()
    if job.state != BatchJob.State.DONE:
        raise RuntimeError(f"the batch failed: {job.message}")
    return elapsed
