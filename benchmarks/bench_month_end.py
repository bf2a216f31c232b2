"""Month-end peak: the portal under its busiest ten minutes, served as in production, loaded with locust.

    scripts/benchmark.sh month_end                        (throwaway PostgreSQL 15; the usual way)
    .venv/bin/python benchmarks/bench_month_end.py        (the same: without DATABASE_URL it runs through
                                                           scripts/benchmark.sh)
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/bench_month_end.py --workers 3

DATABASE_URL only names the PostgreSQL server: the benchmark creates its own database there (``month_end_bench``
unless ``--database`` says otherwise), migrates it and drops it at the end. It starts a Redis of its own (a free
loopback port, no persistence), generates a county (``bench_dashboard.py``'s county: organisations, people,
certificates, a year of closed months and the open month's point lines), adds the accounts (``--secretaries``
Party secretaries of organisations with members, one reviewer per area, a county administrator), tops the
valid 初级 certificates up to ``--certificates`` and publishes the areas' monthly postings (their PDFs stored),
then serves the portal with gunicorn (``--workers`` sync workers) behind nginx (``--proxy``, with
docs/nginx/public-pdfs.conf as deployed) and one Celery worker on that database and Redis, and runs
``month_end_load.py`` (locust as a library) against it:

(a) a baseline: each request kind alone, one request at a time, and one work report and one certificate batch
    on the otherwise idle portal;
(b) the peak: every secretary logged in as their own account, opening and saving their organisation's monthly
    star-member grid several times (the real page, the real form with its CSRF token); the area reviewers
    browsing their lists and the dashboard; the county administrator generating last year's work report and
    printing the certificates (one batch job) over and over; the public on the notice board, fetching posting
    PDFs and checking certificates. ``--minutes`` of month end are compressed ``--compress`` times: every
    think time is divided by it, the number of users is not.

It prints p50/p95 of every request kind in both, the errors, and checks the targets: no error; p95 of a grid
save under load at most ``--max-save-ratio`` (3) times its unloaded median; public PDFs unaffected by the
background jobs (p95 of those fetched while a job runs at most ``--max-pdf-ratio`` (1.5) times, or
``--pdf-slack-ms`` (25) ms more than, those fetched while none runs). Exit status 0 when every target is met,
1 when one is missed, 2 when it cannot run. Every process it started and its temp folder go on any exit.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.bench_coverage import (  # noqa: E402
    _admin,
    _server_url,
    configure_connections,
    create_database,
    drop_database,
    table,
    verdict,
)

PASSWORD = "MonthEnd-2025!"  # noqa: S105 (every generated account's, on a throwaway database)
BATCH_LEVEL = "junior"
GRID_SAVE = "grid: save"
PDF_WHILE_JOBS = "public: posting PDF · jobs running"
PDF_NO_JOBS = "public: posting PDF · no job running"
# Months of last year each area publishes its 星级党员 posting for (the public board's PDFs).
POSTED_MONTHS = (12,)

# Organisations with at least two members (probationary or full), spread over the county by a hash of their id.
SECRETARY_ORGS_SQL = """
SELECT o.id
FROM organizations_partyorganization o
WHERE o.is_active AND o.depth > 1
  AND (SELECT count(*) FROM members_person p
       WHERE p.party_organization_id = o.id AND p.stage IN ('probationary', 'full')) >= 2
ORDER BY md5(o.id::text)
LIMIT %(count)s
"""

# Valid 初级 certificates for full members who hold none, until the county has ``count`` of them.
CERTIFICATES_SQL = """
INSERT INTO members_certificate (person_id, level, serial, token, status, issued_on, review_due_on, annual_score,
    demo_point_work, results, ended_on, end_reason, issued_by_id)
SELECT p.id, 'junior', 'HL9' || lpad(p.id::text, 11, '0'), md5('month-end-' || p.id), 'valid',
       %(today)s - (p.id %% 700)::integer, %(today)s - (p.id %% 700)::integer + 730, 80, '', '', NULL, '', NULL
FROM members_person p
WHERE p.stage = 'full' AND NOT EXISTS (SELECT 1 FROM members_certificate c WHERE c.person_id = p.id)
ORDER BY md5(p.id::text)
LIMIT GREATEST(0, %(count)s - (SELECT count(*) FROM members_certificate WHERE level = 'junior' AND status = 'valid'))
"""


# --- Processes ------------------------------------------------------------------------------------------------


# The worker's niceness: weight 110 against the web's 1024, as cpu_shares 256 against 1024 in docker-compose.yml.
WORKER_NICENESS = 10


class Services:
    """The processes the benchmark starts, each in a session of its own so that stopping it stops its children."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the temp folder)
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def log(self, name: str, lines: int = 30) -> str:
        path = self.tmp / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def check(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped (exit {process.returncode}):\n{self.log(name)}")

    def stop(self) -> None:
        """SIGTERM to each process group, newest first; SIGKILL to what is left after 15 s."""
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, process in reversed(self.processes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # the group's stragglers too (a worker's children)
            process.wait()
        self.processes.clear()


NGINX_SNIPPET = ROOT / "docs" / "nginx" / "public-pdfs.conf"
# The front proxy as docs/deploy.md sets it up (its cache for the public PDFs is the same file), without TLS.
# Locust plays the county's proxy chain, so the visitor's X-Forwarded-For is passed on as it came.
NGINX_CONF = """
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format cache '$upstream_cache_status $request_uri';
    access_log {tmp}/nginx-access.log cache;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    upstream red_engine {{ server 127.0.0.1:{web_port}; keepalive 16; }}
    proxy_cache_path {tmp}/nginx-cache levels=1:2 keys_zone=red_engine_public:10m max_size=1g inactive=1d
                     use_temp_path=off;
    server {{
        listen 127.0.0.1:{proxy_port};
        client_max_body_size 25m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $http_x_forwarded_for;
        proxy_read_timeout 300s;
        include {snippet};
        location / {{ proxy_pass http://red_engine; }}
    }}
}}
"""


def nginx_cache_counts(tmp: Path) -> dict[str, int]:
    """How nginx answered the public PDFs: from its cache (HIT), or by asking the portal (MISS, EXPIRED, …)."""
    counts: dict[str, int] = {}
    log = tmp / "nginx-access.log"
    for line in log.read_text().splitlines() if log.exists() else []:
        status, _, uri = line.partition(" ")
        if uri.startswith("/scoring/public/postings/") and uri.endswith("/pdf/"):
            counts[status] = counts.get(status, 0) + 1
    return counts


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def uptime() -> str:
    env = {**os.environ, "TZ": "UTC"}  # Django set TZ to the portal's zone
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False, env=env).stdout.strip()  # noqa: S607


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    return f"{os.cpu_count()} cores ({model}), Python {sys.version.split()[0]}"


def wait_for(what: str, ready, services: Services, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        services.check()
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own loopback server)
        return response.status == 200


def redis_ok(url: str) -> bool:
    import redis

    return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())


# --- Data ---------------------------------------------------------------------------------------------------------


def execute(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def build(args, today: date) -> dict:
    """The county, its accounts, the certificates to print and the public postings; what the load needs."""
    from django.contrib.auth.hashers import make_password

    from benchmarks.bench_dashboard import SCALES
    from benchmarks.bench_dashboard import build as build_county
    from core.choices import Role
    from core.models import User
    from organizations.models import Area
    from scoring.choices import PostingKind, Star
    from scoring.models import Posting
    from scoring.services.postings import posting_preview, posting_publish

    started = time.perf_counter()
    rows = build_county(generate.SIZES["county"], SCALES["county"], today)
    password = make_password(PASSWORD)
    admin = User.objects.get(pk=rows["_admin"])
    admin.password = password
    admin.save(update_fields=["password"])

    orgs = [pk for (pk,) in execute(SECRETARY_ORGS_SQL, {"count": args.secretaries})]
    if len(orgs) < args.secretaries:
        raise RuntimeError(f"the county has only {len(orgs)} organisations with two members or more")
    User.objects.bulk_create(
        User(
            username=f"sec{i:03d}",
            name=f"书记{i:03d}",
            role=Role.ORG_SECRETARY,
            party_organization_id=pk,
            password=password,
        )
        for i, pk in enumerate(orgs)
    )
    areas = list(Area.objects.order_by("sort_order", "pk"))
    reviewers = User.objects.bulk_create(
        User(username=f"rev{i:02d}", name=f"审核员{i:02d}", role=Role.AREA_REVIEWER, area=area, password=password)
        for i, area in enumerate(areas)
    )
    execute(CERTIFICATES_SQL, {"today": today, "count": args.certificates})
    year = today.year - 1
    for reviewer in reviewers:  # each area's monthly postings; their PDFs are rendered here (tasks in process)
        for month in POSTED_MONTHS:
            values = {
                "kind": PostingKind.STAR_MONTHLY,
                "subject": f"{year}-{month:02d}",
                "published_on": today - timedelta(days=14),
            }
            posting_publish(by=reviewer, token=posting_preview(by=reviewer, **values).token, **values)
    execute("ANALYZE")
    postings = list(Posting.objects.public().exclude(pdf="").values_list("pk", flat=True))
    if not postings:
        raise RuntimeError("no public posting with a stored PDF")
    certificates = execute(
        "SELECT token, serial FROM members_certificate WHERE status = 'valid' ORDER BY md5(token) LIMIT 60"
    )
    batch = execute("SELECT count(*) FROM members_certificate WHERE level = %s AND status = 'valid'", [BATCH_LEVEL])[0][
        0
    ]
    month = today.replace(day=1)
    secretaries = [
        {
            "username": f"sec{i:03d}",
            "password": PASSWORD,
            "grid": f"/scoring/stars/grid/{pk}/{month.year}/{month.month}/",
        }
        for i, pk in enumerate(orgs)
    ]
    lines = execute("SELECT count(*) FROM scoring_pointentry")[0][0]
    return {
        "rows": {**{k: v for k, v in rows.items() if not k.startswith("_")}, "point lines before": lines},
        "generate_s": time.perf_counter() - started,
        "secretaries": secretaries,
        "reviewers": [{"username": r.username, "password": PASSWORD} for r in reviewers],
        "admin": {"username": admin.username, "password": PASSWORD},
        "postings": postings,
        "tokens": [token for token, _serial in certificates],
        "serials": [serial for _token, serial in certificates],
        "batch_total": batch,
        "report_year": year,
        "stars": list(Star.values),
    }


def reviewer_pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    names = [
        ("dashboard", "core:home"),
        ("people", "members:person_list"),
        ("entities", "organizations:entity_list"),
        ("monthly results", "scoring:monthlyresult_list"),
        ("point lines", "scoring:pointentry_list"),
        ("certificates", "members:certificate_list"),
    ]
    return [(label, reverse(name)) for label, name in names]


# --- Report ---------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (share 0.5 = median, 0.95 = p95); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil(n × share)
    return ordered[int(rank) - 1]


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def summarise(result: dict) -> tuple[list[list[str]], dict]:
    """Rows of the table (kind, baseline n/p50/p95, load n/p50/p95, errors, load p95 ÷ baseline p50) and the
    figures the targets need."""
    base, load = result["times"].get("baseline", {}), result["times"].get("load", {})
    errors: dict[str, int] = {}
    for phase_errors in result["errors"].values():
        for kind, count in phase_errors.items():
            errors[kind] = errors.get(kind, 0) + count
    kinds = sorted(set(base) | set(load) | set(errors), key=lambda k: (k.split(":")[0], k))
    rows = []
    for kind in kinds:
        b, lo = base.get(kind, []), load.get(kind, [])
        b50, l95 = percentile(b, 0.5), percentile(lo, 0.95)
        ratio = f"{l95 / b50:.1f}×" if b50 and l95 is not None else ""
        rows.append(
            [
                kind,
                len(b),
                ms(b50),
                ms(percentile(b, 0.95)),
                len(lo),
                ms(percentile(lo, 0.5)),
                ms(l95),
                errors.get(kind, 0),
                ratio,
            ]
        )
    figures = {
        "errors": sum(errors.values()),
        "save_base_p50": percentile(base.get(GRID_SAVE, []), 0.5),
        "save_load_p95": percentile(load.get(GRID_SAVE, []), 0.95),
        "saves": len(load.get(GRID_SAVE, [])),
        "pdf_jobs_p95": percentile(load.get(PDF_WHILE_JOBS, []), 0.95),
        "pdf_idle_p95": percentile(load.get(PDF_NO_JOBS, []), 0.95),
        "pdf_jobs_n": len(load.get(PDF_WHILE_JOBS, [])),
        "pdf_idle_n": len(load.get(PDF_NO_JOBS, [])),
        "pdf_base_p95": percentile(base.get("public: posting PDF", []), 0.95),
    }
    return rows, figures


HEADERS = [
    "request kind",
    "base n",
    "base p50",
    "base p95",
    "load n",
    "load p50",
    "load p95",
    "errors",
    "load p95 ÷ base p50",
]


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def report(result: dict, args) -> list[str]:
    rows, f = summarise(result)
    print("\nPhases")
    print(
        table(
            ["phase", "seconds", "load average before", "after"],
            [[p["phase"], f"{p['seconds']:.0f}", p["loadavg_before"], p["loadavg_after"]] for p in result["phases"]],
        )
    )
    print("\nBackground jobs (seconds from starting it to seeing it done)")
    print(
        table(
            ["phase", "job", "seconds", "ok"],
            [[j["phase"], j["job"], f"{j['seconds']:.1f}", j["ok"]] for j in result["jobs"]],
        )
    )
    print("\nRequests (ms)")
    print(table(HEADERS, rows))
    for phase, samples in result["error_samples"].items():
        print(f"\nerrors in {phase} (first {len(samples)}):\n  " + "\n  ".join(samples))

    failures = []
    print("\nTargets")
    print(f"  errors: {f['errors']} (target 0)")
    if f["errors"]:
        failures.append(f"{f['errors']} errors")
    if f["save_base_p50"] and f["save_load_p95"] is not None:
        ratio = f["save_load_p95"] / f["save_base_p50"]
        print(
            f"  grid save: p95 under load {ms(f['save_load_p95'])} ms over {f['saves']} saves = {ratio:.1f}× "
            f"the unloaded median {ms(f['save_base_p50'])} ms (target ≤ {args.max_save_ratio}×)"
        )
        if ratio > args.max_save_ratio:
            failures.append(f"grid save p95 {ratio:.1f}× its unloaded time (> {args.max_save_ratio}×)")
    else:
        failures.append("no grid save measured")
    if f["pdf_jobs_n"] >= 10 and f["pdf_idle_n"] >= 10:
        jobs, idle = f["pdf_jobs_p95"], f["pdf_idle_p95"]
        allowed = max(idle * args.max_pdf_ratio, idle + args.pdf_slack_ms)
        print(
            f"  public PDF p95: {ms(jobs)} ms while a job runs ({f['pdf_jobs_n']}), {ms(idle)} ms while none "
            f"does ({f['pdf_idle_n']}), unloaded {ms(f['pdf_base_p95'])} ms "
            f"(target ≤ {ms(allowed)} ms: {args.max_pdf_ratio}× or +{args.pdf_slack_ms:.0f} ms)"
        )
        if jobs > allowed:
            failures.append(f"public PDF p95 {ms(jobs)} ms while jobs run > {ms(allowed)} ms")
    else:
        failures.append(f"too few public PDFs to compare ({f['pdf_jobs_n']} with jobs, {f['pdf_idle_n']} without)")
    if any(job["ok"] is False for job in result["jobs"]):
        failures.append("a background job failed")
    print("\nMarkdown:\n")
    print(markdown(rows))
    return failures


# --- Main -----------------------------------------------------------------------------------------------------


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--secretaries", type=int, default=200, help="Party secretaries saving their grids")
    parser.add_argument("--reviewers", type=int, default=16, help="area reviewers browsing (at most one per area)")
    parser.add_argument("--public", type=int, default=40, help="public visitors of the notice board")
    parser.add_argument("--certificates", type=int, default=500, help="certificates the batch job prints")
    parser.add_argument("--minutes", type=float, default=10, help="simulated minutes of month end")
    parser.add_argument("--compress", type=float, default=2, help="simulated time ÷ real time")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default: 2 × cores + 1, as docs/deploy.md sizes WEB_CONCURRENCY)",
    )
    parser.add_argument(
        "--proxy",
        choices=["nginx", "none"],
        default="nginx",
        help="in front of gunicorn: nginx as docs/deploy.md sets it up (default), or nothing",
    )
    parser.add_argument("--baseline-repeat", type=int, default=10, help="requests of each kind in the baseline")
    parser.add_argument("--warmup-repeat", type=int, default=6, help="requests of each kind to warm up (not counted)")
    parser.add_argument("--max-save-ratio", type=float, default=3.0, help="grid save p95 under load ÷ unloaded p50")
    parser.add_argument("--max-pdf-ratio", type=float, default=1.5, help="public PDF p95 with jobs ÷ without")
    parser.add_argument("--pdf-slack-ms", type=float, default=25.0, help="… or this many ms more, if larger")
    parser.add_argument("--database", default="month_end_bench", help="database to create, use and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--jit", choices=["server", "on", "off"], default="server", help="PostgreSQL JIT (setup)")
    parser.add_argument("--result", metavar="FILE", help="also write the raw timings (JSON) there")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        # No server named: the throwaway PostgreSQL of scripts/benchmark.sh, which runs this script again.
        os.execv(str(ROOT / "scripts" / "benchmark.sh"), ["benchmark.sh", "month_end", *sys.argv[1:]])  # noqa: S606
    if min(args.secretaries, args.reviewers, args.public, args.certificates, args.workers) < 1:
        parser.error("the counts must be at least 1")
    if args.compress <= 0 or args.minutes <= 0:
        parser.error("--minutes and --compress must be positive")
    source = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    if "bench" not in args.database or args.database in {source, "postgres", "template0", "template1"}:
        parser.error(f"--database {args.database!r}: use a database of the benchmark's own (with 'bench' in it)")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_exit)
    tmp = Path(tempfile.mkdtemp(prefix="red-engine-month-end."))
    services = Services(tmp)
    bench_url = _server_url(args.database)
    created = django_ready = False
    failures: list[str] = []
    try:
        redis_port, web_port, proxy_port = free_ports(3)
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        services.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp),
                "--daemonize",
                "no",
            ],
        )
        wait_for("Redis", lambda: redis_ok(redis_url), services)

        create_database(args.database)
        created = True
        media = tmp / "media"
        media.mkdir()
        os.environ.update(
            DATABASE_URL=bench_url,
            DJANGO_SETTINGS_MODULE="config.settings.test",
            MEDIA_ROOT=str(media),
            CELERY_BROKER_URL=redis_url,
            CELERY_TASK_ALWAYS_EAGER="1",  # while generating: the postings' PDFs are rendered here
        )
        generate.setup_django()
        django_ready = True
        import logging

        from django.core.management import call_command
        from django.utils import timezone

        logging.getLogger("celery").setLevel(logging.WARNING)
        configure_connections(args.jit)
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)
        today = timezone.localdate()
        print(f"generating the county (database {args.database}) …", flush=True)
        data = build(args, today)
        data["rows"]["certificates to print"] = data["batch_total"]
        print(
            f"   generated in {data['generate_s']:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in data["rows"].items()),
            flush=True,
        )
        print(
            f"   {len(data['secretaries'])} secretaries, {len(data['reviewers'])} area reviewers, "
            f"{len(data['postings'])} public postings with PDFs",
            flush=True,
        )
        if data["batch_total"] < args.certificates:
            raise RuntimeError(f"only {data['batch_total']} valid certificates to print")
        pages = reviewer_pages()
        from django.db import connections

        connections.close_all()

        portal_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.month_end_settings",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "AXES_PROXY_COUNT": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        services.start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "120",
                "--no-control-socket",
            ],
            env=portal_env,
        )
        services.start(
            "celery",
            [
                # As deployed: the worker's CPU weight is below the web's (docker-compose.yml cpu_shares; here,
                # one machine without containers, its niceness), so PDF batches yield to pages.
                "nice",
                "-n",
                str(WORKER_NICENESS),
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                "month-end@%h",
            ],
            env=portal_env,
        )
        host = f"http://127.0.0.1:{web_port}"
        wait_for("gunicorn", lambda: http_ok(f"{host}/healthz"), services)
        if args.proxy == "nginx":
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            conf = tmp / "nginx.conf"
            conf.write_text(
                NGINX_CONF.format(
                    # as root, nginx's workers would run as nobody, who cannot enter the private temp folder
                    user="user root;\n" if os.geteuid() == 0 else "",
                    tmp=tmp,
                    web_port=web_port,
                    proxy_port=proxy_port,
                    snippet=NGINX_SNIPPET,
                )
            )
            services.start("nginx", [nginx, "-p", str(tmp), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"])
            host = f"http://127.0.0.1:{proxy_port}"
            wait_for("nginx", lambda: http_ok(f"{host}/healthz"), services)
        wait_for("the Celery worker", lambda: "ready" in services.log("celery", 200), services)

        duration = args.minutes * 60 / args.compress
        config = {
            "host": host,
            "compress": args.compress,
            "duration": duration,
            "spawn_seconds": duration / 3,  # arrivals over the first third, not all at once
            "users": {
                "Secretary": args.secretaries,
                "Reviewer": min(args.reviewers, len(data["reviewers"])),
                "Administrator": 1,
                "Public": args.public,
            },
            "secretaries": data["secretaries"],
            "baseline_secretaries": data["secretaries"][-args.baseline_repeat - args.warmup_repeat :],
            "reviewers": data["reviewers"][: args.reviewers],
            "reviewer_pages": pages,
            "admin": data["admin"],
            "postings": data["postings"],
            "tokens": data["tokens"],
            "serials": data["serials"],
            "report_year": data["report_year"],
            "batch_level": BATCH_LEVEL,
            "stars": data["stars"],
            "admin_first_wait": duration / 6,
            "admin_gap": duration / 8,
            "warmup_repeat": args.warmup_repeat,
            "baseline_repeat": args.baseline_repeat,
        }
        (tmp / "config.json").write_text(json.dumps(config))
        print(
            f"\nportal: gunicorn with {args.workers} workers"
            + (f" behind nginx at {host}" if args.proxy == "nginx" else f" at {host}")
            + f", one Celery worker, Redis :{redis_port}\n"
            f"load: {args.secretaries} secretaries, {config['users']['Reviewer']} area reviewers, 1 county "
            f"administrator, {args.public} public visitors; {args.minutes:g} simulated minutes in {duration:.0f} s "
            f"(÷{args.compress:g})\nmachine: {machine()}; uptime: {uptime()}",
            flush=True,
        )
        load = services.start(
            "locust",
            [
                sys.executable,
                str(ROOT / "benchmarks" / "month_end_load.py"),
                str(tmp / "config.json"),
                str(tmp / "result.json"),
            ],
        )
        while load.poll() is None:
            time.sleep(1)
            for name in ("gunicorn", "celery"):
                process = dict(services.processes)[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} stopped during the run:\n{services.log(name)}")
        print(services.log("locust", 12))
        if load.returncode != 0:
            raise RuntimeError(f"the load stopped (exit {load.returncode}):\n{services.log('locust', 60)}")
        result = json.loads((tmp / "result.json").read_text())
        if args.result:
            shutil.copy(tmp / "result.json", args.result)
        failures = report(result, args)
        if args.proxy == "nginx":
            counts = nginx_cache_counts(tmp)
            print(
                "public PDFs answered by nginx: "
                + ", ".join(f"{count} {status or 'not cached'}" for status, count in sorted(counts.items()))
                + " (HIT, STALE: from its cache, STALE while it asks the portal again in the background;"
                " MISS, EXPIRED, REVALIDATED: the portal was asked)"
            )
        print(f"\nmachine: {machine()}; uptime at the end: {uptime()}")
        server_errors = [line for line in services.log("gunicorn", 400).splitlines() if "Traceback" in line]
        if server_errors:
            print(f"\ngunicorn logged {len(server_errors)} tracebacks:\n{services.log('gunicorn', 60)}")
    except RuntimeError as error:
        print(f"bench_month_end: {error}", file=sys.stderr)
        return 2
    finally:
        services.stop()
        if created:
            if args.keep:
                print(f"\nkept database {args.database} ({bench_url})")
            elif django_ready:
                drop_database(args.database)
            else:
                _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", args.database)
        shutil.rmtree(tmp, ignore_errors=True)
    return verdict(failures)


if __name__ == "__main__":
    sys.exit(main())
