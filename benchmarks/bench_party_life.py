"""Benchmark: a province-size month of 组织生活 attendance turned into star-member points.

    scripts/benchmark.sh party_life                                 (throwaway PostgreSQL 15, county size)
    scripts/benchmark.sh party_life --size province                 (500,000 members, one 主题党日 each org)
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/bench_party_life.py --size city

DATABASE_URL only names the PostgreSQL server: the benchmark creates its own database there
(``party_life_bench`` unless ``--database`` says otherwise), migrates it and drops it at the end. It generates,
set-based, one area with organisations of 50 members each, the members, the handbook in force with 主题党日 and
党课 tied to its study rule (2 points a time, at most 8 a month), ``--meetings`` 主题党日 per organisation in the
month and one attendance line per member and meeting (85 % present, 10 % on leave, 5 % absent). It then measures,
best of ``--repeat`` runs after a warm-up, alternating, each after the previous run is undone and vacuumed:

(a) ``attendance_points_month`` (the service: the month's present attendances without a line → point lines
    within the cap, each attendance linked to its line) against one hand-written PostgreSQL statement doing the
    same into tables shaped as the service's own (same indexes and keys). The lines must be equal and the
    service's time at most ``--max-ratio`` (2.0) times the hand-written SQL's;
(b) the per-meeting path the record page takes (``attendance_points_sync``), on ``--sample`` meetings, per meeting,
    for comparison.

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
from benchmarks.bench_scoring import AREA_SQL, MEMBERS_PER_ORG, ORGS_SQL, PEOPLE_SQL, ROOT_SQL, SIZES  # noqa: E402

MONTH = date(2025, 5, 1)
END = date(2025, 6, 1)

MEETINGS_SQL = """
INSERT INTO party_life_meeting (party_organization_id, kind, group_id, held_on, place, topic, by_secretary, minutes,
                                recorded_by_id, created_at, updated_at)
SELECT o.id, 'theme_day', NULL, date %(month)s + 2 * i, '党员活动室', '主题党日' || i, false, '', NULL, now(), now()
FROM organizations_partyorganization o CROSS JOIN generate_series(1, %(meetings)s) AS i
WHERE o.depth = 2
"""
ATTENDANCE_SQL = """
INSERT INTO party_life_attendance (meeting_id, person_id, status, leave_reason, point_entry_id)
SELECT m.id, p.id,
       CASE WHEN mod(p.id + m.id, 20) = 0 THEN 'absent' WHEN mod(p.id + m.id, 20) IN (1, 2) THEN 'leave'
            ELSE 'present' END,
       CASE WHEN mod(p.id + m.id, 20) IN (1, 2) THEN '出差' ELSE '' END, NULL
FROM party_life_meeting m JOIN members_person p ON p.party_organization_id = m.party_organization_id
"""
# Tables shaped as the service's own (same columns, indexes, unique and foreign keys) for the hand-written SQL,
# plus the one column a hand-writer would add to link a line back to its attendance.
REFERENCE_TABLE_SQL = [
    "DROP TABLE IF EXISTS bench_attendance",
    "DROP TABLE IF EXISTS bench_points",
    "CREATE TABLE bench_points (LIKE scoring_pointentry INCLUDING ALL)",
    "ALTER TABLE bench_points ADD COLUMN attendance_id bigint",
    "ALTER TABLE bench_points ADD FOREIGN KEY (person_id) REFERENCES members_person (id) DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE bench_points ADD FOREIGN KEY (rule_id) REFERENCES scoring_pointrule (id)"
    " DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE bench_points ADD FOREIGN KEY (created_by_id) REFERENCES core_user (id) DEFERRABLE INITIALLY DEFERRED",
    "CREATE TABLE bench_attendance (LIKE party_life_attendance INCLUDING ALL)",
    "INSERT INTO bench_attendance SELECT * FROM party_life_attendance",
    "ALTER TABLE bench_attendance ADD FOREIGN KEY (point_entry_id) REFERENCES bench_points (id)"
    " DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE bench_attendance ADD FOREIGN KEY (meeting_id) REFERENCES party_life_meeting (id)"
    " DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE bench_attendance ADD FOREIGN KEY (person_id) REFERENCES members_person (id)"
    " DEFERRABLE INITIALLY DEFERRED",
]
REFERENCE_SQL = """
WITH ranked AS (
    SELECT a.id AS attendance_id, a.person_id, r.id AS rule_id, r.star, r.points, r.monthly_cap, m.held_on, m.kind,
           row_number() OVER (PARTITION BY a.person_id, r.id ORDER BY m.held_on, m.id) AS n
    FROM bench_attendance a
    JOIN party_life_meeting m ON m.id = a.meeting_id
    JOIN party_life_meetingpointrule l ON l.meeting_kind = m.kind AND l.version_id = %(version)s
    JOIN scoring_pointrule r ON r.id = l.rule_id
    JOIN members_person p ON p.id = a.person_id
    WHERE m.held_on >= %(month)s AND m.held_on < %(end)s AND a.status = 'present' AND a.point_entry_id IS NULL
      AND p.stage IN ('full', 'probationary')
), had AS (
    SELECT person_id, rule_id, sum(points) AS total FROM bench_points WHERE month = %(month)s GROUP BY 1, 2
), ins AS (
    INSERT INTO bench_points (person_id, month, rule_id, star, points, note, is_correction, created_by_id,
                              created_at, attendance_id)
    SELECT c.person_id, %(month)s, c.rule_id, c.star, c.points,
           '组织生活：' || to_char(c.held_on, 'MM-DD')
           || CASE c.kind WHEN 'theme_day' THEN '主题党日' WHEN 'lecture' THEN '党课' ELSE c.kind END,
           false, %(by)s, now(), c.attendance_id
    FROM ranked c LEFT JOIN had h ON h.person_id = c.person_id AND h.rule_id = c.rule_id
    WHERE coalesce(h.total, 0) + c.points * c.n <= c.monthly_cap
    RETURNING id, attendance_id
)
UPDATE bench_attendance a SET point_entry_id = ins.id FROM ins WHERE a.id = ins.attendance_id
"""
DIFFERENCE_SQL = """
SELECT count(*) FROM (
    (SELECT a.id, e.person_id, e.rule_id, e.points, e.note FROM party_life_attendance a
     JOIN scoring_pointentry e ON e.id = a.point_entry_id
     EXCEPT SELECT a.id, e.person_id, e.rule_id, e.points, e.note FROM bench_attendance a
     JOIN bench_points e ON e.id = a.point_entry_id)
    UNION ALL
    (SELECT a.id, e.person_id, e.rule_id, e.points, e.note FROM bench_attendance a
     JOIN bench_points e ON e.id = a.point_entry_id
     EXCEPT SELECT a.id, e.person_id, e.rule_id, e.points, e.note FROM party_life_attendance a
     JOIN scoring_pointentry e ON e.id = a.point_entry_id)
) d
"""


def execute(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def build(members: int, meetings: int) -> dict:
    """The area, organisations, members, handbook tied to 主题党日/党课, the month's meetings and attendance."""
    from core.choices import Role
    from core.models import User
    from party_life.models import MeetingPointRule
    from scoring.demo.stars import RULES
    from scoring.models import HandbookVersion, PointRule
    from scoring.services.stars import scoring_month_get

    started = time.perf_counter()
    orgs = -(-members // MEMBERS_PER_ORG)
    area = execute(AREA_SQL)[0]
    execute(ROOT_SQL, {"orgs": orgs, "area": area})
    execute(ORGS_SQL, {"orgs": orgs, "area": area})
    execute(PEOPLE_SQL, {"members": members, "per_org": MEMBERS_PER_ORG})
    version = HandbookVersion.objects.create(number=1, effective_from=date(2025, 1, 1))
    rules = PointRule.objects.bulk_create(
        PointRule(version=version, code=c, name=n, star=s, points=p, monthly_cap=cap, sort_order=i)
        for i, (c, n, s, p, cap) in enumerate(RULES)
    )
    study = next(r for r in rules if r.code == "XX01")
    for kind in ("theme_day", "lecture"):
        MeetingPointRule.objects.create(version=version, meeting_kind=kind, rule=study)
    scoring_month_get(month=MONTH)
    execute(MEETINGS_SQL, {"month": MONTH, "meetings": meetings})
    execute(ATTENDANCE_SQL)
    execute("ANALYZE")
    user = User.objects.create(username="bench_county", name="基准县级管理员", role=Role.COUNTY_ADMIN)
    lines = execute("SELECT count(*) FROM party_life_attendance")[0]
    present = execute("SELECT count(*) FROM party_life_attendance WHERE status = 'present'")[0]
    return {
        "orgs": orgs,
        "members": members,
        "meetings": orgs * meetings,
        "lines": lines,
        "present": present,
        "version": version.pk,
        "user": user,
        "seconds": time.perf_counter() - started,
    }


def vacuum(*tables: str) -> None:
    execute(f"VACUUM ANALYZE {', '.join(tables)}")


def undo_service() -> None:
    execute("UPDATE party_life_attendance SET point_entry_id = NULL WHERE point_entry_id IS NOT NULL")
    execute("DELETE FROM scoring_pointentry")
    vacuum("party_life_attendance", "scoring_pointentry")


def undo_reference() -> None:
    execute("UPDATE bench_attendance SET point_entry_id = NULL WHERE point_entry_id IS NOT NULL")
    execute("DELETE FROM bench_points")
    vacuum("bench_attendance", "bench_points")


def time_service(user) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from party_life.services.meetings import attendance_points_month

    undo_service()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        written = attendance_points_month(by=user, month=MONTH)
        elapsed = time.perf_counter() - started
    return elapsed, written, len(queries)


def time_reference(version: int, user) -> float:
    from django.db import transaction

    undo_reference()
    started = time.perf_counter()
    with transaction.atomic():
        execute(REFERENCE_SQL, {"version": version, "month": MONTH, "end": END, "by": user.pk})
    return time.perf_counter() - started


def time_per_meeting(user, sample: int) -> float:
    """Seconds per meeting of the record page's path (attendance_points_sync), over ``sample`` meetings."""
    from django.db import transaction

    from party_life.models import Meeting
    from party_life.services.meetings import attendance_points_sync

    undo_service()
    meetings = list(Meeting.objects.order_by("pk")[:sample])
    started = time.perf_counter()
    for meeting in meetings:
        with transaction.atomic():
            attendance_points_sync(by=user, meeting=meeting)
    return (time.perf_counter() - started) / max(len(meetings), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", choices=SIZES, default="county", help="county 20,000 · city 100,000 · province 500,000 members"
    )
    parser.add_argument("--members", type=int, help="a member count of your own instead of --size")
    parser.add_argument("--meetings", type=int, default=1, help="主题党日 per organisation in the month")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each after a warm-up")
    parser.add_argument("--sample", type=int, default=200, help="meetings timed on the per-meeting path")
    parser.add_argument("--max-ratio", type=float, default=2.0, help="service time / hand-written SQL time allowed")
    parser.add_argument("--database", default="party_life_bench", help="database to create, use and drop")
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

        setup_test_environment()
        configure_connections(args.jit)
        call_command("migrate", verbosity=0, interactive=False)
        version, jit, work_mem = execute("SELECT version(), current_setting('jit'), current_setting('work_mem')")
        print(f"{version.split(' on ')[0]} · jit={jit} · work_mem={work_mem} · database {args.database}")
        members = args.members or SIZES[args.size]
        built = build(members, args.meetings)
        print(
            f"{built['members']:,} members in {built['orgs']:,} organisations, {built['meetings']:,} meetings in "
            f"{MONTH:%Y-%m}, {built['lines']:,} attendance lines ({built['present']:,} present; generated in "
            f"{built['seconds']:.1f} s)"
        )
        for statement in REFERENCE_TABLE_SQL:
            execute(statement)
        user = built["user"]

        # Warm-up, then alternate.
        time_reference(built["version"], user)
        time_service(user)
        reference, service = [], []
        for _ in range(args.repeat):
            reference.append(time_reference(built["version"], user))
            service.append(time_service(user))
        difference = execute(DIFFERENCE_SQL)[0]
        written, queries = service[-1][1], service[-1][2]
        reference_lines = execute("SELECT count(*) FROM bench_points")[0]
        per_meeting = time_per_meeting(user, args.sample)

        best_ref, best_service = min(reference), min(s[0] for s in service)
        ratio = best_service / best_ref
        print()
        print(f"{'measure':<52}{'best (s)':>10}{'runs (s)':>28}")
        for label, best, runs in (
            ("hand-written SQL (one INSERT … RETURNING + UPDATE)", best_ref, reference),
            ("attendance_points_month (the service)", best_service, [s[0] for s in service]),
        ):
            print(f"{label:<52}{best:>10.3f}{', '.join(f'{t:.3f}' for t in runs):>28}")
        print()
        print(f"lines: {written:,} by the service, {reference_lines:,} by hand, {difference} differing")
        print(f"service: {queries} queries; ratio service / hand-written: {ratio:.2f} (target ≤ {args.max_ratio})")
        print(
            f"per-meeting path (record page, attendance_points_sync): {per_meeting * 1000:.1f} ms a meeting over "
            f"{args.sample} meetings, ≈ {per_meeting * built['meetings']:.0f} s for the month's {built['meetings']:,}"
        )
        failures = []
        if difference or written != reference_lines:
            failures.append("the service's lines differ from the hand-written SQL's")
        if ratio > args.max_ratio:
            failures.append(f"ratio {ratio:.2f} above {args.max_ratio}")
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
