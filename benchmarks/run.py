"""`make bench`: every figure of the benchmarks, on PostgreSQL, one `name: value` a line, also
saved as benchmarks/<date>-postgresql.txt (README, "Benchmarks", says what they mean).

1. The database in BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
   emulation_bench) is created if missing and migrated; it fails loudly if PostgreSQL cannot
   be reached. The scale dataset (`manage.py seed_scale`, size from --scale) and the demo
   (`manage.py seed_demo`) are loaded unless already there.
2. `manage.py bench` (in this process): ranking, SQL floor, xlsx imports (criteria, review
   scores), queries per page.
3. The load: gunicorn (2 workers, DEBUG off, static files collected, as in production) on a
   free loopback port, and locust (benchmarks/locustfile.py) in another process: --users
   concurrent users for --seconds on each page, back to back.

    .venv/bin/python benchmarks/run.py [--scale "--clusters 50"] [--seconds 20] [--users 8]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import secrets
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/emulation_bench"
SCENARIOS = ("minimal_view", "notifications", "dashboard", "ranking", "save_assessment")


class Prefixed(io.TextIOBase):
    """Progress of the preparation, as comment lines (figures are the other lines)."""

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                print(f"# {line}", flush=True)
        return len(text)


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


def ensure_database(url: str) -> None:
    """Create the database if missing; exit with a clear message if the server is unreachable."""
    import psycopg2

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        fail(f"BENCH_DATABASE_URL must be a PostgreSQL URL, not {parts.scheme}://…")
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    try:
        connection = psycopg2.connect(maintenance, connect_timeout=5)
    except psycopg2.OperationalError as error:
        fail(f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432}: {error}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
            print(f"# created the database {name}")
    connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def plan(users: int, host: str) -> dict:
    """Sessions made in the database (no login during the measure) and the forms to save."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from clusters.models import ClusterYear, User
    from emulation.site import scale
    from scoring.models import Assessment

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "clusters.accounts.backends.UserBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    secretariat = User.objects.get(username=scale.member_username(1, 1))
    year = ClusterYear.objects.get(cluster__supervisor_name=scale.SUPERVISOR, cluster__number="1")
    savers = []
    staff = User.objects.filter(username__startswith="quymo.c2.").order_by("username")
    for user in staff[:users]:
        assessment = Assessment.objects.get(membership__agency=user.agency, period="year")
        scores = list(assessment.scores.order_by("criterion__position"))
        form = {}
        for score in scores:
            form[f"value_{score.criterion_id}"] = str(score.self_value)
            form[f"note_{score.criterion_id}"] = score.self_note
            if score.target is not None:
                form[f"target_{score.criterion_id}"] = str(score.target)
        savers.append(
            {
                "session": session(user),
                "path": reverse("scoring:assessment_self", args=[assessment.pk]),
                "revision": assessment.revision,
                "form": form,
                "changed_note": f"note_{scores[0].criterion_id}",
            }
        )
    if len(savers) < users:
        print(f"# only {len(savers)} members save for {users} users: some share an assessment")
    return {
        "origin": f"https://{host}",
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf": get_random_string(32),
        "secretariat_session": session(secretariat),
        "paths": {
            "minimal_view": reverse("healthz"),
            "notifications": reverse("clusters:notifications"),
            "dashboard": reverse("dashboard"),
            "ranking": reverse("scoring:ranking", args=[year.pk]),
        },
        "savers": savers,
    }


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.3)
    fail(f"gunicorn did not answer on {url}")


def warm_up(base: str, the_plan: dict) -> None:
    """A few requests to each page first: each worker imports and compiles on first use."""
    headers = {
        "X-Forwarded-Proto": "https",
        "Cookie": f"{the_plan['session_cookie']}={the_plan['secretariat_session']}",
    }
    for _round in range(4):
        for path in the_plan["paths"].values():
            request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                if response.status != 200:
                    fail(f"{path} answered {response.status} before the load")


def load(scenario: str, base: str, plan_file: str, users: int, seconds: int, workdir: str):
    prefix = os.path.join(workdir, scenario)
    env = os.environ | {"BENCH_PLAN": plan_file, "BENCH_SCENARIO": scenario}
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        base,
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        fail(f"locust failed ({scenario}):\n{result.stderr[-2000:]}")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    row = rows.get(scenario)
    if row is None:
        fail(f"locust made no request ({scenario}):\n{result.stderr[-2000:]}")
    failures = []
    if os.path.exists(f"{prefix}_failures.csv"):
        with open(f"{prefix}_failures.csv", encoding="utf-8") as file:
            failures = [f"{r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(file)]
    return {
        f"rps_{scenario}": float(row["Requests/s"]),
        f"p95_{scenario}_ms": float(row["95%"]),
        f"requests_{scenario}": int(row["Request Count"]),
        f"errors_{scenario}": int(row["Failure Count"]),
    }, failures


def batch_figures(url: str, reports: int = 50) -> dict:
    """The ministry's export of the same year-end reports (the first `reports` final clusters
    of the scale dataset) with one Celery worker and with two, each twice (the mean is given;
    benchmarks/several_servers.py)."""
    from clusters.models import ClusterYear
    from emulation.site import scale

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from several_servers import time_batch

    years = ClusterYear.objects.filter(cluster__supervisor_name=scale.SUPERVISOR).order_by("pk")
    final = [y.pk for y in years.select_related("cluster") if int(y.cluster.number) % 4 != 2]
    ids = final[:reports]
    # One worker, two, two, one: the machine's speed drifts within minutes (see the ranking's
    # timings in manage.py bench), and a drift one way then slows both alike.
    seconds = {1: [], 2: []}
    for workers in (1, 2, 2, 1):
        seconds[workers].append(time_batch(database_url=url, cluster_year_ids=ids, workers=workers))
    one, two = statistics.mean(seconds[1]), statistics.mean(seconds[2])
    return {
        "batch_term_reports": len(ids),
        "batch_term_reports_1_worker_s": round(one, 1),
        "batch_term_reports_2_workers_s": round(two, 1),
        "batch_2_workers_speedup": round(one / two, 2),
    }


# The targets of issue #19: (figure, at least or at most, bound, what it means).
TARGETS = [
    ("rps_ranking_share_of_notifications", ">=", 0.5, "ranking page throughput / notifications"),
    ("p95_ranking_ms", "<", 100, "ranking page p95 (ms)"),
    ("ranking_computed_over_sql_floor", "<=", 5, "ranking recomputed / SQL floor"),
    ("term_report_over_unstyled", "<=", 1.5, "term report / the same report unstyled"),
    ("batch_2_workers_speedup", ">=", 1.6, "batch of 50 reports, 1 worker / 2 workers"),
]


def verdicts(figures: dict, users: int) -> list[str]:
    """Each target with the figure measured and whether it is met, as printed (not hidden
    when missed); a figure this run did not measure is said so."""
    lines = []
    for name, sense, bound, about in TARGETS:
        value = figures.get(name)
        if value is None:
            lines.append(f"{about}: not measured in this run ({name})")
            continue
        met = {">=": value >= bound, "<": value < bound, "<=": value <= bound}[sense]
        at = f" at {users} users" if name.startswith(("rps_", "p95_")) else ""
        lines.append(f"{about}{at}: {value} (target {sense} {bound}) {'met' if met else 'NOT met'}")
    return lines


def header(url: str, scale_args: str, users: int, seconds: int) -> list[str]:
    from django.db import connection

    from clusters.models import Cluster
    from emulation.site import scale
    from scoring.models import Score

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    commit = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=12"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    size = scale.seeded_size()
    parts = urlsplit(url)
    return [
        f"# date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"# commit: {commit}",
        f"# machine: {os.cpu_count()} CPUs ({cpu}), {memory}, {platform.platform()}",
        f"# database: PostgreSQL {pg_version} at {parts.hostname}:{parts.port or 5432}{parts.path}",
        f"# dataset: seed_scale {scale_args} → {size.clusters} clusters × {size.members} "
        f"members × {size.criteria} criteria ({Score.objects.count():,} scores in the "
        f"database), {Cluster.objects.count()} clusters in all (with the demo)",
        f"# load: gunicorn 2 sync workers, DEBUG off; locust, {users} users, {seconds} s a page, "
        "no think time, on the same machine (loopback)",
        "# the CPU may be shared with other work: timings are noisy, compare runs with care",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=os.environ.get("SCALE", ""), help="seed_scale options")
    parser.add_argument(
        "--bench", default=os.environ.get("BENCH_ARGS", ""), help="manage.py bench options"
    )
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 20)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 8)))
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn and locust")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch timings")
    parser.add_argument("--out", default=str(ROOT / "benchmarks"), help="folder of the file")
    options = parser.parse_args()
    Path(options.out).mkdir(parents=True, exist_ok=True)  # before the run, not after it

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    workdir = tempfile.mkdtemp(prefix="emulation-bench-")
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "STATIC_ROOT": os.path.join(workdir, "static"),
            "MEDIA_ROOT": os.path.join(workdir, "media"),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "emulation.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    progress = Prefixed()
    started = time.perf_counter()

    def step(text: str) -> None:
        print(f"# {text} ({time.perf_counter() - started:.0f} s)", flush=True)

    call_command("migrate", verbosity=0, interactive=False)
    step("migrated")
    call_command("seed_scale", *shlex.split(options.scale), stdout=progress)
    step("scale dataset ready")
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    step("demo ready")
    call_command("collectstatic", verbosity=0, interactive=False)
    step("static files collected")

    figures: dict[str, float | int] = {}
    out = io.StringIO()
    call_command("bench", *shlex.split(options.bench), stdout=out)
    step("manage.py bench done")
    for line in out.getvalue().splitlines():
        name, value = line.split(": ", 1)
        if name != "database":
            figures[name] = float(value) if "." in value else int(value)

    failures: dict[str, list[str]] = {}
    if not options.no_load:
        port = free_port()
        host = f"127.0.0.1:{port}"
        base = f"http://{host}"
        plan_file = os.path.join(workdir, "plan.json")
        the_plan = plan(options.users, host)
        Path(plan_file).write_text(json.dumps(the_plan), encoding="utf-8")
        from django.db import connections

        connections.close_all()
        server = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "emulation.wsgi:application",
                "--workers",
                "2",
                "--bind",
                host,
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        try:
            wait_for(f"{base}/healthz")
            warm_up(base, the_plan)
            step("gunicorn up")
            for scenario in SCENARIOS:
                measured, errors = load(
                    scenario, base, plan_file, options.users, options.seconds, workdir
                )
                step(f"load on {scenario} done")
                figures.update(measured)
                if errors:
                    failures[scenario] = errors
        finally:
            server.terminate()
            server.wait(timeout=30)

    if not options.no_batch:
        figures.update(batch_figures(url))
        step("batch timings done")

    # The targets of the issue, as ratios.
    size = next((n[len("ranking_") : -len("_ms")] for n in figures if n.startswith("ranking_")), "")
    if f"ranking_{size}_ms" in figures and f"sql_aggregate_{size}_ms" in figures:
        figures["ranking_over_sql_floor"] = round(
            figures[f"ranking_{size}_ms"] / figures[f"sql_aggregate_{size}_ms"], 2
        )
    if f"ranking_{size}_computed_ms" in figures and f"sql_aggregate_{size}_ms" in figures:
        figures["ranking_computed_over_sql_floor"] = round(
            figures[f"ranking_{size}_computed_ms"] / figures[f"sql_aggregate_{size}_ms"], 2
        )
    if f"ranking_{size}_rows_read_ms" in figures and f"sql_aggregate_{size}_ms" in figures:
        figures["ranking_rows_read_over_sql_floor"] = round(
            figures[f"ranking_{size}_rows_read_ms"] / figures[f"sql_aggregate_{size}_ms"], 2
        )
    if figures.get("term_report_unstyled_60x120_ms"):
        figures["term_report_over_unstyled"] = round(
            figures["term_report_pdf_60x120_ms"] / figures["term_report_unstyled_60x120_ms"], 2
        )
    if figures.get("rps_minimal_view"):
        for page in ("notifications", "ranking"):
            figures[f"rps_{page}_share_of_minimal"] = round(
                figures[f"rps_{page}"] / figures["rps_minimal_view"], 3
            )
        figures["errors_total"] = sum(figures[f"errors_{s}"] for s in SCENARIOS)
    if figures.get("rps_notifications"):
        figures["rps_ranking_share_of_notifications"] = round(
            figures["rps_ranking"] / figures["rps_notifications"], 3
        )

    lines = header(url, options.scale, options.users, options.seconds)
    for scenario, errors in failures.items():
        lines.append(f"# errors in {scenario}: {'; '.join(errors)}"[:500])
    lines += [f"# target: {verdict}" for verdict in verdicts(figures, options.users)]
    lines += [
        f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}"
        for name, value in figures.items()
    ]
    day = datetime.datetime.now(datetime.UTC).date()
    target = Path(options.out) / f"{day:%Y-%m-%d}-postgresql.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"# saved as {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    main()
