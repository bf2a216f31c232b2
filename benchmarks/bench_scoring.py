"""Benchmark of the monthly close of 星级党员 points at county and province size.

    scripts/benchmark.sh scoring                                   (throwaway PostgreSQL 15, county size)
    scripts/benchmark.sh scoring --size province                   (500,000 members, 4 million lines)
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/bench_scoring.py --size province

DATABASE_URL only names the PostgreSQL server: the benchmark creates its own database there
(``scoring_bench`` unless ``--database`` says otherwise), migrates it and drops it at the end. It generates,
set-based (``INSERT … SELECT … generate_series``), one area with organisations of 50 members each, the members,
the handbook in force and ``--lines`` point lines per member for one month, then measures, best of ``--repeat``
runs after a warm-up, alternating:

(a) the totals step of ``month_close`` (``results_insert_sql``: every member's points per star, the stars
    earned and the star-member flag, one INSERT … SELECT) against one hand-written PostgreSQL statement
    computing the same rows (GROUP BY with FILTER) into a table shaped as the close's own (same indexes and
    keys, so both pay the same to write). The rows must be equal and the close's time at most
    ``--max-ratio`` (2.0) times the hand-written SQL's;
(b) the whole ``month_close`` (lock, totals, balances credited) against the same hand-written SQL, also at
    most ``--max-ratio`` times it, with its query count, and that a second run changes nothing.

It prints the figures and exits with 1 when a target is missed (2 when it cannot run).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.bench_coverage import configure_connections, create_database, drop_database  # noqa: E402

SIZES = {"county": 20_000, "city": 100_000, "province": 500_000}
MONTH = date(2025, 5, 1)
MEMBERS_PER_ORG = 50

AREA_SQL = """
INSERT INTO organizations_area (name, kind, code, sort_order) VALUES ('基准镇', 'town', 'BENCH', 0) RETURNING id
"""
ROOT_SQL = """
INSERT INTO organizations_partyorganization
    (path, depth, numchild, name, kind, establishment_method, area_id, secretary_name, demo_level, is_active)
VALUES ('0001', 1, %(orgs)s, '基准镇党委', 'committee', '', %(area)s, '', '', true)
"""
ORGS_SQL = """
INSERT INTO organizations_partyorganization
    (path, depth, numchild, name, kind, establishment_method, area_id, secretary_name, demo_level, is_active)
SELECT '0001' || lpad(upper(to_hex(g)), 4, '0'), 2, 0, '基准党支部' || g, 'branch', 'standalone', %(area)s, '', '', true
FROM generate_series(1, %(orgs)s) AS g
"""
PEOPLE_SQL = """
INSERT INTO members_person
    (name, gender, birth_date, id_number, phone, education, post, party_organization_id, is_management_talent,
     is_technical_talent, stage, probation_extended)
SELECT '党员' || g, 'M', date '1985-01-01', '370830' || lpad(g::text, 12, '0'), '', '', 'staff', o.id, false, false,
       CASE WHEN mod(g, 10) = 0 THEN 'probationary' ELSE 'full' END, false
FROM generate_series(1, %(members)s) AS g
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM organizations_partyorganization WHERE depth = 2) o
  ON o.n = (g - 1) / %(per_org)s
"""
# Each member gets ``lines`` lines under rules picked by a stride; the number of times keeps every rule within
# its monthly cap (times ≤ cap / points), as the grid enforces.
LINES_SQL = """
INSERT INTO scoring_pointentry (person_id, month, rule_id, star, points, note, is_correction, created_at)
SELECT p.id, %(month)s, r.id, r.star, r.points * (1 + mod(p.id + i, r.monthly_cap / r.points)), '月度记分表',
       false, now()
FROM members_person p
CROSS JOIN generate_series(1, %(lines)s) AS i
JOIN (SELECT id, star, points, monthly_cap, row_number() OVER (ORDER BY id) - 1 AS n
      FROM scoring_pointrule WHERE version_id = %(version)s) r
  ON r.n = mod(p.id * 7 + i * 5, %(rules)s)
"""
# The same totals by hand, the way one would write them for PostgreSQL: one GROUP BY with FILTER, into a table
# shaped as the close's own (same columns, indexes, unique and foreign keys), so both pay the same for writing.
REFERENCE_TABLE_SQL = [
    "DROP TABLE IF EXISTS bench_reference",
    "CREATE TABLE bench_reference (LIKE scoring_monthlyresult INCLUDING ALL)",
    "ALTER TABLE bench_reference ADD FOREIGN KEY (person_id) REFERENCES members_person (id)"
    " DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE bench_reference ADD FOREIGN KEY (party_organization_id)"
    " REFERENCES organizations_partyorganization (id) DEFERRABLE INITIALLY DEFERRED",
]
REFERENCE_SQL = """
INSERT INTO bench_reference (month, person_id, party_organization_id, study, care, dedication, performance,
                             innovation, total, star_count, is_star_member)
SELECT %(month)s, t.person_id, p.party_organization_id, t.study, t.care, t.dedication, t.performance, t.innovation,
       t.total, c.star_count, c.star_count >= %(min_stars)s
FROM (
    SELECT person_id,
           coalesce(sum(points) FILTER (WHERE star = 'study'), 0) AS study,
           coalesce(sum(points) FILTER (WHERE star = 'care'), 0) AS care,
           coalesce(sum(points) FILTER (WHERE star = 'dedication'), 0) AS dedication,
           coalesce(sum(points) FILTER (WHERE star = 'performance'), 0) AS performance,
           coalesce(sum(points) FILTER (WHERE star = 'innovation'), 0) AS innovation,
           sum(points) AS total
    FROM scoring_pointentry WHERE month = %(month)s GROUP BY person_id
) t
JOIN members_person p ON p.id = t.person_id
CROSS JOIN LATERAL (
    SELECT (t.study >= %(t)s)::int + (t.care >= %(t)s)::int + (t.dedication >= %(t)s)::int
           + (t.performance >= %(t)s)::int + (t.innovation >= %(t)s)::int AS star_count
) c
"""
DIFFERENCE_SQL = """
SELECT count(*) FROM (
    (SELECT person_id, party_organization_id, study, care, dedication, performance, innovation, total, star_count,
            is_star_member FROM bench_reference
     EXCEPT SELECT person_id, party_organization_id, study, care, dedication, performance, innovation, total,
            star_count, is_star_member FROM scoring_monthlyresult WHERE month = %(month)s)
    UNION ALL
    (SELECT person_id, party_organization_id, study, care, dedication, performance, innovation, total, star_count,
            is_star_member FROM scoring_monthlyresult WHERE month = %(month)s
     EXCEPT SELECT person_id, party_organization_id, study, care, dedication, performance, innovation, total,
            star_count, is_star_member FROM bench_reference)
) d
"""


def execute(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def build(members: int, lines: int) -> dict:
    """The area, organisations, members, handbook and one month of point lines; returns the counts."""
    from scoring.demo.stars import RULES
    from scoring.models import HandbookVersion, PointRule

    started = time.perf_counter()
    orgs = -(-members // MEMBERS_PER_ORG)
    area = execute(AREA_SQL)[0]
    execute(ROOT_SQL, {"orgs": orgs, "area": area})
    execute(ORGS_SQL, {"orgs": orgs, "area": area})
    execute(PEOPLE_SQL, {"members": members, "per_org": MEMBERS_PER_ORG})
    version = HandbookVersion.objects.create(number=1, effective_from=date(2025, 1, 1))
    PointRule.objects.bulk_create(
        PointRule(version=version, code=c, name=n, star=s, points=p, monthly_cap=cap, sort_order=i)
        for i, (c, n, s, p, cap) in enumerate(RULES)
    )
    execute(LINES_SQL, {"month": MONTH, "lines": lines, "version": version.pk, "rules": len(RULES)})
    execute("ANALYZE")
    count = execute("SELECT count(*) FROM scoring_pointentry")[0]
    return {"orgs": orgs, "members": members, "lines": count, "seconds": time.perf_counter() - started}


def reopen() -> None:
    """Undo a close so it can be timed again: results and balances go, the month opens."""
    execute("DELETE FROM scoring_monthlyresult")
    execute("DELETE FROM scoring_pointaccount")
    execute("UPDATE scoring_scoringmonth SET status = 'open', closed_at = NULL")


def time_reference() -> float:
    from django.conf import settings

    execute("DELETE FROM bench_reference")
    started = time.perf_counter()
    params = {
        "month": MONTH,
        "t": settings.SCORING_STAR_MONTH_POINTS,
        "min_stars": settings.SCORING_STAR_MEMBER_MIN_STARS,
    }
    execute(REFERENCE_SQL, params)
    return time.perf_counter() - started


def time_totals() -> float:
    from scoring.services.stars import _results_params, results_insert_sql

    execute("DELETE FROM scoring_monthlyresult")
    started = time.perf_counter()
    execute(results_insert_sql(), _results_params(MONTH))
    return time.perf_counter() - started


def time_close() -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scoring.services.stars import month_close

    reopen()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        assert month_close(month=MONTH) is True
        elapsed = time.perf_counter() - started
    return elapsed, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", choices=SIZES, default="county", help="county 20,000 · city 100,000 · province 500,000 members"
    )
    parser.add_argument("--lines", type=int, default=8, help="point lines per member in the month")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each after a warm-up")
    parser.add_argument(
        "--max-ratio", type=float, default=2.0, help="close totals time / hand-written SQL time allowed"
    )
    parser.add_argument("--database", default="scoring_bench", help="database to create, use and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--jit", choices=["server", "on", "off"], default="server", help="PostgreSQL JIT setting")
    args = parser.parse_args()
    source = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    if "bench" not in args.database or args.database in {source, "postgres", "template0", "template1"}:
        parser.error(f"--database {args.database!r}: use a database of the benchmark's own (with 'bench' in it)")
    from benchmarks.bench_coverage import _server_url

    bench_url = _server_url(args.database)
    create_database(args.database)
    try:
        os.environ["DATABASE_URL"] = bench_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        generate.setup_django()
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        from scoring.models import MonthlyResult, PointAccount, ScoringMonth
        from scoring.services.stars import month_close, scoring_month_get

        setup_test_environment()
        configure_connections(args.jit)
        call_command("migrate", verbosity=0, interactive=False)
        version, jit, work_mem = execute("SELECT version(), current_setting('jit'), current_setting('work_mem')")
        print(f"{version.split(' on ')[0]} · jit={jit} · work_mem={work_mem} · database {args.database}")
        built = build(SIZES[args.size], args.lines)
        print(
            f"{args.size}: {built['members']:,} members in {built['orgs']:,} organisations, "
            f"{built['lines']:,} point lines in {MONTH:%Y-%m} (generated in {built['seconds']:.1f} s)"
        )
        scoring_month_get(month=MONTH)
        for statement in REFERENCE_TABLE_SQL:
            execute(statement)

        # Warm-up, then alternate.
        time_reference()
        time_totals()
        reference, totals = [], []
        for _ in range(args.repeat):
            reference.append(time_reference())
            totals.append(time_totals())
        difference = execute(DIFFERENCE_SQL, {"month": MONTH})[0]
        rows = MonthlyResult.objects.count()

        closes = [time_close() for _ in range(args.repeat)]
        second_run = month_close(month=MONTH)
        balances = PointAccount.objects.count()
        closed = ScoringMonth.objects.get(month=MONTH).status == "closed"

        best_ref, best_totals = min(reference), min(totals)
        best_close, close_queries = min(closes)
        ratio = best_totals / best_ref
        print()
        print(f"{'measure':<44}{'best (s)':>10}{'runs (s)':>28}")
        for label, best, runs in (
            ("hand-written SQL (GROUP BY … FILTER)", best_ref, reference),
            ("month_close totals step (INSERT … SELECT)", best_totals, totals),
            ("whole month_close (+ balances credited)", best_close, [c[0] for c in closes]),
        ):
            print(f"{label:<44}{best:>10.3f}{', '.join(f'{t:.3f}' for t in runs):>28}")
        print()
        print(f"rows: {rows:,} results, {difference} differing from the hand-written SQL; {balances:,} balances")
        print(f"ratio totals / hand-written: {ratio:.2f} (target ≤ {args.max_ratio})")
        print(f"ratio whole close / hand-written: {best_close / best_ref:.2f} (target ≤ {args.max_ratio})")
        print(f"whole close: {close_queries} queries; second run changed nothing: {second_run is False and closed}")
        failures = []
        if difference:
            failures.append("the close's rows differ from the hand-written SQL's")
        if ratio > args.max_ratio:
            failures.append(f"totals ratio {ratio:.2f} above {args.max_ratio}")
        if best_close / best_ref > args.max_ratio:
            failures.append(f"whole close ratio {best_close / best_ref:.2f} above {args.max_ratio}")
        if second_run is not False or PointAccount.objects.count() != balances:
            failures.append("a second close changed something")
        for failure in failures:
            print(f"FAILED: {failure}")
        return 1 if failures else 0
    finally:
        if args.keep:
            print(f"\nkept database {args.database} ({bench_url})")
        else:
            from django.db import connections

            connections.close_all()
            drop_database(args.database)


if __name__ == "__main__":
    sys.exit(main())
