"""Benchmark of the industry-chain ticket loop at county and province size: 督办考核, the ticket list, the 督办 job.

    scripts/benchmark.sh chains                                  (throwaway PostgreSQL 15)
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/bench_chains.py --tickets 2000,50000

DATABASE_URL only names the PostgreSQL server: the benchmark creates its own database there
(``chains_bench`` unless ``--database`` says otherwise), migrates it, fills the organisations tables
once with the ``city`` size of ``generate.py`` (6,000 entities), and drops the database at the end. For
each ticket count it empties the ticket tables and generates tickets set-based (``INSERT … SELECT …
generate_series``): 60 % closed, 10 % awaiting the enterprise, 20 % with departments (most of them past
their deadline), 10 % just reported; each dispatched ticket has a lead department and every third a
co-handler; every ticket has its timeline. It then measures:

(a) the queries and time of GET /chains/assessment/ and /chains/tickets/ as the county administrator, a
    department's handler and a chain's staff: the query counts must be equal at every size;
(b) the 督办 job (``tickets_supervise_overdue``): its query count must not grow with the number of overdue
    tickets, a second run must supervise nothing, and every overdue ticket must be supervised.

It prints the figures as tables and exits with 1 when a target is missed (2 when it cannot run).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.bench_coverage import (  # noqa: E402
    _timed,
    configure_connections,
    create_database,
    drop_database,
    verdict,
)

PAGES = {"assessment": "/chains/assessment/?start=2020-01-01", "tickets": "/chains/tickets/"}
PERSONAS = ("county admin", "department", "chain staff")
MEMBER_ENTERPRISES = 300

TICKET_TABLES = [
    "industry_chains_ticketevent",
    "industry_chains_consultation",
    "industry_chains_ticketassignment",
    "industry_chains_ticket",
    "core_notification",
]

# Tickets by hand, set-based. g % 10: 0-5 closed, 6 replied, 7-8 dispatched, 9 reported. Reported over the
# last ~700 days; deadlines seven days after dispatch, so most dispatched tickets are overdue.
TICKETS_SQL = """
INSERT INTO industry_chains_ticket (
    chain_id, entity_id, category, title, description, status, reported_by_id, reported_at, accepted_at,
    return_reason, dispatched_at, lead_department_id, due_on, replied_at, replied_on_time, rating, rating_comment,
    closed_at, hours_to_close, reopen_count, is_supervised, supervised_at)
SELECT ce.chain_id, ce.entity_id,
       (ARRAY['labour','finance','land','approval','technology','logistics','policy','other'])[1 + mod(g, 8)],
       '诉求 ' || g, '描述', s.status, %(reporter)s, r.at, r.at + interval '3 hours', '',
       CASE WHEN s.status <> 'reported' THEN r.at + interval '1 day' END,
       CASE WHEN s.status <> 'reported' THEN d.id END,
       CASE WHEN s.status <> 'reported' THEN (r.at + interval '8 days')::date END,
       CASE WHEN s.status IN ('closed', 'replied') THEN r.at + interval '1 day' * (2 + mod(g, 9)) END,
       CASE WHEN s.status IN ('closed', 'replied') THEN (2 + mod(g, 9)) <= 8 END,
       CASE WHEN s.status = 'closed' THEN 1 + mod(g * 7, 5) END, '',
       CASE WHEN s.status = 'closed' THEN r.at + interval '1 day' * (4 + mod(g, 9)) END,
       CASE WHEN s.status = 'closed' THEN 24.0 * (4 + mod(g, 9)) END,
       0, false, NULL
FROM generate_series(1, %(count)s) AS g
JOIN LATERAL (SELECT CASE WHEN mod(g, 10) < 6 THEN 'closed' WHEN mod(g, 10) = 6 THEN 'replied'
                          WHEN mod(g, 10) < 9 THEN 'dispatched' ELSE 'reported' END AS status) s ON true
JOIN LATERAL (SELECT now() - interval '1 day' * (mod(g, 700)) - interval '1 hour' * (mod(g, 9)) AS at) r ON true
JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS n, chain_id, entity_id FROM industry_chains_chainenterprise) ce
  ON ce.n = mod(g, %(enterprises)s)
JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM industry_chains_department) d
  ON d.n = mod(g, %(departments)s)
"""
LEADS_SQL = """
INSERT INTO industry_chains_ticketassignment (
    ticket_id, department_id, role, assigned_at, due_on, original_due_on, extension_reason, reply, replied_at,
    on_time)
SELECT id, lead_department_id, 'lead', dispatched_at, due_on, due_on, '',
       CASE WHEN replied_at IS NULL THEN '' ELSE '已办' END, replied_at, replied_on_time
FROM industry_chains_ticket WHERE dispatched_at IS NOT NULL
"""
CO_SQL = """
INSERT INTO industry_chains_ticketassignment (
    ticket_id, department_id, role, assigned_at, due_on, original_due_on, extension_reason, reply, replied_at,
    on_time)
SELECT t.id, d.id, 'co', t.dispatched_at, t.due_on - 2, t.due_on - 2, '', '', NULL, NULL
FROM industry_chains_ticket t
JOIN LATERAL (SELECT id FROM industry_chains_department WHERE id <> t.lead_department_id ORDER BY id LIMIT 1) d ON true
WHERE t.dispatched_at IS NOT NULL AND mod(t.id, 3) = 0
"""
EVENTS_SQL = """
INSERT INTO industry_chains_ticketevent (ticket_id, step, actor_id, department_id, at, note)
SELECT id, 'report', reported_by_id, NULL::bigint, reported_at, '' FROM industry_chains_ticket
UNION ALL SELECT id, 'accept', NULL::bigint, NULL::bigint, accepted_at, '' FROM industry_chains_ticket
    WHERE status <> 'reported'
UNION ALL SELECT id, 'dispatch', NULL, lead_department_id, dispatched_at, '' FROM industry_chains_ticket
    WHERE dispatched_at IS NOT NULL
UNION ALL SELECT id, 'reply', NULL, lead_department_id, replied_at, '' FROM industry_chains_ticket
    WHERE replied_at IS NOT NULL
UNION ALL SELECT id, 'close', NULL, NULL, closed_at, '' FROM industry_chains_ticket WHERE status = 'closed'
"""


def setup_reference():
    """Chains, departments, member enterprises and the three personas (once, over the city's entities)."""
    from core.choices import Role
    from core.models import User
    from industry_chains.models import ChainEnterprise, Department, IndustryChain
    from organizations.models import Entity

    chains = [
        IndustryChain.objects.create(name=n, committee_name=f"{n}产业链党委", sort_order=i)
        for i, n in enumerate(("纺织服装", "装备制造", "高端化工"))
    ]
    departments = [
        Department.objects.create(name=f"县{n}", short_name=n)
        for n in ("工信局", "人社局", "发改局", "科技局", "自然资源局", "行政审批局", "市场监管局")
    ]
    entities = list(Entity.objects.filter(is_operating=True).order_by("pk")[:MEMBER_ENTERPRISES])
    ChainEnterprise.objects.bulk_create(
        [
            ChainEnterprise(chain=chains[i % 3], entity=e, joined_on="2024-01-01", duty_order=i)
            for i, e in enumerate(entities)
        ]
    )
    return {
        "county admin": User.objects.create(username="bench_admin", role=Role.COUNTY_ADMIN),
        "department": User.objects.create(username="bench_dept", role=Role.DEPT_HANDLER, department=departments[0]),
        "chain staff": User.objects.create(username="bench_chain", role=Role.CHAIN_STAFF, chain=chains[0]),
    }


def fill_tickets(count: int, users: dict) -> dict[str, int]:
    from django.db import connection

    from industry_chains.models import ChainEnterprise, Department

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TICKET_TABLES)} RESTART IDENTITY CASCADE")
        params = {
            "count": count,
            "reporter": users["county admin"].pk,
            "enterprises": ChainEnterprise.objects.count(),
            "departments": Department.objects.count(),
        }
        for sql in (TICKETS_SQL, LEADS_SQL, CO_SQL, EVENTS_SQL):
            cursor.execute(sql, params)
        cursor.execute(f"ANALYZE {', '.join(TICKET_TABLES)}")
        cursor.execute(
            "SELECT (SELECT count(*) FROM industry_chains_ticket),"
            " (SELECT count(*) FROM industry_chains_ticketassignment),"
            " (SELECT count(*) FROM industry_chains_ticketevent)"
        )
        tickets, assignments, events = cursor.fetchone()
    return {"tickets": tickets, "assignments": assignments, "events": events}


def measure_page(user, url: str, repeat: int) -> tuple[int, float]:
    """Queries (counted at the database wrapper) and best time of one page after a warm-up."""
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get(url)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    best = min(_timed(lambda: client.get(url))[0] for _ in range(repeat))
    return len(executed), best


def measure_job() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from industry_chains.choices import TicketStatus
    from industry_chains.models import Ticket
    from industry_chains.services.tickets import tickets_supervise_overdue

    today = timezone.localdate()
    overdue = Ticket.objects.filter(status=TicketStatus.DISPATCHED, due_on__lt=today).count()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        first = tickets_supervise_overdue(today=today)
        ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as again:
        second = tickets_supervise_overdue(today=today)
    left = Ticket.objects.filter(status=TicketStatus.DISPATCHED, due_on__lt=today, is_supervised=False).count()
    return {
        "overdue": overdue,
        "supervised": first,
        "queries": len(captured.captured_queries),
        "ms": ms,
        "second_run": second,
        "second_queries": len(again.captured_queries),
        "left": left,
    }


def table(headers: list[str], rows: list[list[object]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=False)]
    line = "  ".join(f"{{:>{w}}}" for w in widths)
    return "\n".join([line.format(*headers), *(line.format(*map(str, row)) for row in rows)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", default="2000,50000", help="comma-separated ticket counts (county, province)")
    parser.add_argument("--page-repeat", type=int, default=3, help="timed requests of each page after a warm-up")
    parser.add_argument("--database", default="chains_bench", help="database to create, use and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database (with the last size) afterwards")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.tickets.split(",") if n.strip())
    source = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    if "bench" not in args.database or args.database in {source, "postgres", "template0", "template1"}:
        parser.error(f"--database {args.database!r}: use a database of the benchmark's own (with 'bench' in it)")
    from benchmarks.bench_coverage import _server_url

    bench_url = _server_url(args.database)
    create_database(args.database)
    failures: list[str] = []
    try:
        os.environ["DATABASE_URL"] = bench_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        generate.setup_django()
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        setup_test_environment()
        configure_connections("server")  # persistent connections, as in production
        call_command("migrate", verbosity=0, interactive=False)
        generate.generate(generate.SIZES["city"])
        users = setup_reference()
        page_rows, job_rows, queries = [], [], {}
        for count in sizes:
            started = time.perf_counter()
            rows = fill_tickets(count, users)
            print(
                f"\n== {rows['tickets']:,} tickets, {rows['assignments']:,} assignments, {rows['events']:,} events "
                f"generated in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            for page, url in PAGES.items():
                for persona in PERSONAS:
                    n, ms = measure_page(users[persona], url, args.page_repeat)
                    queries.setdefault((page, persona), []).append(n)
                    page_rows.append([f"{count:,}", page, persona, n, f"{ms:.0f}"])
            job = measure_job()
            job_rows.append(
                [
                    f"{count:,}",
                    job["overdue"],
                    job["supervised"],
                    job["queries"],
                    f"{job['ms']:.0f}",
                    job["second_run"],
                    job["second_queries"],
                    job["left"],
                ]
            )
            if job["left"] or job["second_run"] or job["supervised"] != job["overdue"]:
                failures.append(
                    f"{count} tickets: the 督办 job left {job['left']} overdue, second run {job['second_run']}"
                )
        print("\nPages (queries must not grow with the tickets)")
        print(table(["tickets", "page", "persona", "queries", "ms"], page_rows))
        print("\n督办 job (set-based: the query count must not grow with the overdue tickets)")
        print(table(["tickets", "overdue", "supervised", "queries", "ms", "2nd run", "2nd queries", "left"], job_rows))
        for (page, persona), counts in queries.items():
            if len(set(counts)) > 1:
                failures.append(f"{page} as {persona}: queries {counts} grow with the tickets")
        job_queries = {row[3] for row in job_rows}
        if len(job_queries) > 1:
            failures.append(f"the 督办 job's queries {sorted(job_queries)} grow with the overdue tickets")
    finally:
        if args.keep:
            print(f"\nkept database {args.database} ({bench_url})")
        else:
            drop_database(args.database)
    return verdict(failures)


if __name__ == "__main__":
    sys.exit(main())
