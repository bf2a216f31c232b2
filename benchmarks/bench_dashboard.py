"""Benchmark of the home page (figures and to-do lists) and the generated work report at county, city and province size.

    scripts/benchmark.sh dashboard --sizes county,city          (throwaway PostgreSQL 15)
    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/bench_dashboard.py --sizes county,city,province

DATABASE_URL only names the PostgreSQL server: the benchmark creates its own database there (``dashboard_bench``
unless ``--database`` says otherwise), migrates it, and drops it at the end. For each size it empties the tables,
generates the organisations with ``generate.py``, then, set-based (``INSERT … SELECT … generate_series``), the
people of the Party organisations (members, probationary members, 发展对象, activists, applicants), 红领党务
certificates at the three levels, a year of monthly results and its four quarterly selections (the app's own
``quarter_select``, so five-star members are what the rules make of the months), the open month's point lines,
scorecards, organisation ratings with stars, 红旗支部 candidates, designations, and the industry-chain tickets of
``bench_chains.py``. Province holds about 100 times the county's rows (people only in one Party organisation
in five there), so it generates in a minute or two on a small machine. It then measures:

(a) GET / with the Django test client as the county administrator, the reviewer of the busiest area and the
    secretary of the enterprise Party committee (with branches) holding the most people: the queries of one
    request after a warm-up (every request must run the same number) must be equal at every size; the best time
    and the page size are printed alongside;
(b) ``figures.sections(Scope(county admin))`` alone, best of ``--repeat`` runs (its queries for information);
(c) the work report as the county administrator for every area and one year (``report_start``, whose task runs
    in process as soon as it is queued, then ``work_report_build``): best time, the PDF's size and pages, and its
    queries, which must be equal at every size.

It prints the figures as tables and exits with 1 when a target is missed (2 when it cannot run). When a query
count grows it prints the queries that differ, with the line of the project's code that ran each.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.bench_chains import fill_tickets, setup_reference  # noqa: E402
from benchmarks.bench_coverage import (  # noqa: E402
    _server_url,
    _timed,
    best_of,
    configure_connections,
    create_database,
    drop_database,
    table,
    verdict,
)


@dataclass(frozen=True)
class Scale:
    """What this benchmark adds to one size of ``generate.py``."""

    people_share: float  # share of the active Party organisations (below the area committees) that have people
    tickets: int


SCALES = {
    "county": Scale(people_share=1.0, tickets=1_000),
    "city": Scale(people_share=1.0, tickets=10_000),
    "province": Scale(people_share=0.2, tickets=100_000),
}
PERSONAS = ("county admin", "area reviewer", "org secretary")
PEOPLE_PER_ORG = 8  # an organisation with people has 2 to 9 of them
# Tables the benchmark never empties between sizes: what migrate wrote.
KEEP_TABLES = {"django_migrations", "django_content_type", "auth_permission"}

# A valid 身份证号 (GB 11643) from its first 17 digits: the check character is the weighted sum mod 11.
ID_FUNCTION = r"""
CREATE OR REPLACE FUNCTION pg_temp.bench_id(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT body || substr('10X98765432', (sum(substr(body, i::integer, 1)::integer * w) % 11)::integer + 1, 1)
    FROM unnest('{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}'::integer[]) WITH ORDINALITY AS t(w, i)
$$;
"""

# People: 2–9 in each active Party organisation below the area committees (in ``share`` of them), working in the
# entity the organisation covers. Stages 70 % full members, 6 % probationary, 5 % 发展对象, 12 % activists, 7 %
# applicants; the dates follow the pipeline (application, activist +180 days, 发展对象 +400, admission +120, full
# a year later), so some probation periods end this month and some activists reach a year this month.
PEOPLE_SQL = """
CREATE TEMP TABLE bench_people_org ON COMMIT DROP AS
SELECT o.id, 2 + floor(pg_temp.bench_u(o.id, 100) * %(per_org)s)::integer AS people, e.entity_id
FROM organizations_partyorganization o
LEFT JOIN (SELECT party_organization_id, min(id) AS entity_id FROM organizations_entity
           WHERE party_organization_id IS NOT NULL GROUP BY 1) e ON e.party_organization_id = o.id
WHERE o.depth > 1 AND o.is_active AND pg_temp.bench_u(o.id, 101) < %(share)s;

INSERT INTO members_person (name, gender, birth_date, id_number, phone, education, post, entity_id,
    party_organization_id, is_management_talent, is_technical_talent, stage, applied_on, activist_on, candidate_on,
    admitted_on, probation_ends_on, probation_extended, full_on)
SELECT pg_temp.bench_pick(%(surnames)s, p.n, 105) || pg_temp.bench_pick(%(given)s, p.n, 106),
       CASE WHEN s.male THEN 'M' ELSE 'F' END, s.birth,
       pg_temp.bench_id('37' || lpad(((p.n / 500) %% 10000)::text, 4, '0') || to_char(s.birth, 'YYYYMMDD')
                        || lpad(((p.n %% 500) * 2 + s.male::integer)::text, 3, '0')),
       '13' || lpad(p.n::text, 9, '0'), pg_temp.bench_pick(%(educations)s, p.n, 107),
       CASE WHEN s.management THEN 'management' WHEN s.technical THEN 'technical' ELSE 'staff' END,
       p.entity_id, p.org_id, s.management, s.technical, s.stage, a.applied,
       CASE WHEN s.stage <> 'applicant' THEN a.applied + 180 END,
       CASE WHEN s.stage IN ('candidate', 'probationary', 'full') THEN a.applied + 580 END,
       CASE WHEN s.stage IN ('probationary', 'full') THEN a.applied + 700 END,
       CASE WHEN s.stage IN ('probationary', 'full') THEN (a.applied + 700 + interval '1 year')::date END,
       false,
       CASE WHEN s.stage = 'full' THEN (a.applied + 700 + interval '1 year')::date END
FROM (
    SELECT row_number() OVER (ORDER BY o.id, i) AS n, o.id AS org_id, o.entity_id
    FROM bench_people_org o, generate_series(1, o.people) AS i
) p
CROSS JOIN LATERAL (
    SELECT CASE WHEN u < 0.70 THEN 'full' WHEN u < 0.76 THEN 'probationary' WHEN u < 0.81 THEN 'candidate'
                WHEN u < 0.93 THEN 'activist' ELSE 'applicant' END AS stage,
           DATE '1960-01-01' + floor(pg_temp.bench_u(p.n, 103) * 15000)::integer AS birth,
           pg_temp.bench_u(p.n, 104) < 0.6 AS male,
           pg_temp.bench_u(p.n, 108) < 0.08 AS management,
           pg_temp.bench_u(p.n, 109) < 0.12 AS technical,
           pg_temp.bench_u(p.n, 110) AS u_date
    FROM (SELECT pg_temp.bench_u(p.n, 102) AS u) r
) s
CROSS JOIN LATERAL (
    SELECT CASE s.stage
               WHEN 'full' THEN %(today)s - 1100 - floor(s.u_date * 5000)::integer
               WHEN 'probationary' THEN %(today)s - 701 - floor(s.u_date * 364)::integer
               WHEN 'candidate' THEN %(today)s - 580 - floor(s.u_date * 200)::integer
               WHEN 'activist' THEN %(today)s - 180 - floor(s.u_date * 730)::integer
               ELSE %(today)s - floor(s.u_date * 365)::integer
           END AS applied
) a;

INSERT INTO members_talentrecord (person_id, kind, title, awarded_on)
SELECT id, CASE WHEN pg_temp.bench_u(id, 120) < 0.5 THEN 'contest' ELSE 'honour' END, '岗位技能竞赛',
       %(year_start)s + floor(pg_temp.bench_u(id, 122) * 365)::integer
FROM members_person
WHERE (is_management_talent OR is_technical_talent) AND pg_temp.bench_u(id, 121) < 0.3;
"""

# 红领党务 certificates for 8 % of the full members: 60 % junior, 30 % intermediate, 10 % senior, issued over the
# last two years (so some reach their two-year review within the month); half of the intermediate and senior
# holders have an earlier certificate a level lower, ended by the promotion.
CERTIFICATES_SQL = """
CREATE TEMP TABLE bench_certificate ON COMMIT DROP AS
SELECT p.id AS person_id,
       CASE WHEN u.level < 0.6 THEN 'junior' WHEN u.level < 0.9 THEN 'intermediate' ELSE 'senior' END AS level,
       %(today)s - floor(pg_temp.bench_u(p.id, 132) * 730)::integer AS issued,
       pg_temp.bench_u(p.id, 133) < 0.5 AS promoted
FROM members_person p CROSS JOIN LATERAL (SELECT pg_temp.bench_u(p.id, 131) AS level) u
WHERE p.stage = 'full' AND pg_temp.bench_u(p.id, 130) < 0.08;

INSERT INTO members_certificate (person_id, level, serial, token, status, issued_on, review_due_on, annual_score,
    demo_point_work, results, ended_on, end_reason, issued_by_id)
SELECT person_id, level, 'HL' || lpad(person_id::text, 12, '0'), md5('valid-' || person_id), 'valid', issued,
       (issued + interval '2 years')::date, 70 + floor(pg_temp.bench_u(person_id, 134) * 31)::integer, '', '',
       NULL::date, '', NULL::bigint
FROM bench_certificate
UNION ALL
SELECT person_id, CASE level WHEN 'senior' THEN 'intermediate' ELSE 'junior' END,
       'HP' || lpad(person_id::text, 12, '0'), md5('promoted-' || person_id), 'promoted', issued - 730, issued,
       85 + floor(pg_temp.bench_u(person_id, 135) * 16)::integer, '', '', issued, '晋级换发新证', NULL
FROM bench_certificate WHERE level <> 'junior' AND promoted;
"""

# A year of closed months for every member: each star's points from the member's activity and the month, so some
# members earn stars most months and a few all five in a quarter.
MONTHLY_SQL = """
INSERT INTO scoring_monthlyresult (month, person_id, party_organization_id, study, care, dedication, performance,
    innovation, total, star_count, is_star_member)
SELECT make_date(%(year)s, m.k, 1), p.id, p.party_organization_id, s.study, s.care, s.dedication, s.performance,
       s.innovation, s.study + s.care + s.dedication + s.performance + s.innovation, c.star_count,
       c.star_count >= %(min_stars)s
FROM members_person p
CROSS JOIN generate_series(1, 12) AS m(k)
CROSS JOIN LATERAL (
    SELECT floor(a * pg_temp.bench_u(p.id * 12 + m.k, 141) * 25)::integer AS study,
           floor(a * pg_temp.bench_u(p.id * 12 + m.k, 142) * 25)::integer AS care,
           floor(a * pg_temp.bench_u(p.id * 12 + m.k, 143) * 25)::integer AS dedication,
           floor(a * pg_temp.bench_u(p.id * 12 + m.k, 144) * 25)::integer AS performance,
           floor(a * pg_temp.bench_u(p.id * 12 + m.k, 145) * 25)::integer AS innovation
    FROM (SELECT sqrt(pg_temp.bench_u(p.id, 140)) AS a) activity
) s
CROSS JOIN LATERAL (
    SELECT (s.study >= %(t)s)::integer + (s.care >= %(t)s)::integer + (s.dedication >= %(t)s)::integer
           + (s.performance >= %(t)s)::integer + (s.innovation >= %(t)s)::integer AS star_count
) c
WHERE p.stage IN ('probationary', 'full');
"""

# The open month: three point lines per member in seven organisations out of ten (the others are the secretaries'
# to-do), every line within its rule's monthly cap as in ``bench_scoring.LINES_SQL``.
LINES_SQL = """
INSERT INTO scoring_pointentry (person_id, month, rule_id, star, points, note, is_correction, created_at)
SELECT p.id, %(month)s, r.id, r.star, r.points * (1 + mod(p.id + i, r.monthly_cap / r.points)), '月度记分表',
       false, now()
FROM members_person p
CROSS JOIN generate_series(1, 3) AS i
JOIN (SELECT id, star, points, monthly_cap, row_number() OVER (ORDER BY id) - 1 AS n
      FROM scoring_pointrule WHERE version_id = %(version)s) r
  ON r.n = mod(p.id * 7 + i * 5, %(rules)s)
WHERE p.stage IN ('probationary', 'full') AND pg_temp.bench_u(p.party_organization_id, 150) < 0.7;
"""

# Scorecards of activists, 发展对象 and probationary members: last year's four quarters final, this quarter's a
# mix of drafts, submitted cards (the area's to-do) and returned ones; the rest have none yet.
SCORECARDS_SQL = """
INSERT INTO scoring_scorecard (person_id, party_organization_id, template_id, year, quarter, political, discipline,
    solidarity, performance, total, status, return_reason, updated_at)
SELECT p.id, p.party_organization_id, %(template)s, q.year, q.quarter, v.a, v.b, v.c, v.d, v.a + v.b + v.c + v.d,
       q.status, CASE WHEN q.status = 'returned' THEN '请补充工作实绩材料' ELSE '' END, now()
FROM members_person p
CROSS JOIN LATERAL (
    SELECT %(year)s AS year, k AS quarter, 'final' AS status FROM generate_series(1, 4) AS k
    UNION ALL
    SELECT %(this_year)s, %(this_quarter)s,
           CASE WHEN u < 0.25 THEN 'draft' WHEN u < 0.60 THEN 'submitted' ELSE 'returned' END
    FROM (SELECT pg_temp.bench_u(p.id, 160) AS u) x WHERE u < 0.65
) q
CROSS JOIN LATERAL (
    SELECT 15 + floor(pg_temp.bench_u(p.id * 8 + q.quarter, 161) * 11)::integer AS a,
           15 + floor(pg_temp.bench_u(p.id * 8 + q.quarter, 162) * 11)::integer AS b,
           15 + floor(pg_temp.bench_u(p.id * 8 + q.quarter, 163) * 11)::integer AS c,
           15 + floor(pg_temp.bench_u(p.id * 8 + q.quarter, 164) * 11)::integer AS d
) v
WHERE p.stage IN ('activist', 'candidate', 'probationary');
"""

# 评星定级: every active organisation below the area committees in last year's awarded campaign (stars from the
# inspection score by the county's thresholds) and in this year's, at 检查验收 with four in ten not yet scored;
# five-star ones are 红旗支部 candidates; some organisations hold designations and 三亮三比 commitments.
RATINGS_SQL = """
INSERT INTO scoring_orgrating (campaign_id, party_organization_id, guide_cadre, guide_instructor, guide_paired_org,
    guide_worker, self_scores, inspection_scores, self_total, inspection_total, stars)
SELECT c.id, o.id, '', '', '', '', '{}', '{}', t.self_total, i.inspection_total,
       CASE WHEN c.awarded THEN CASE WHEN i.inspection_total >= %(s5)s THEN 5 WHEN i.inspection_total >= %(s4)s THEN 4
                                     WHEN i.inspection_total >= %(s3)s THEN 3 WHEN i.inspection_total >= %(s2)s THEN 2
                                     WHEN i.inspection_total >= %(s1)s THEN 1 ELSE 0 END END
FROM organizations_partyorganization o
CROSS JOIN (VALUES (%(awarded)s::bigint, true, 170), (%(inspecting)s::bigint, false, 175)) AS c(id, awarded, salt)
CROSS JOIN LATERAL (SELECT 45 + floor(pg_temp.bench_u(o.id, c.salt) * 56)::integer AS self_total) t
CROSS JOIN LATERAL (
    SELECT CASE WHEN c.awarded OR pg_temp.bench_u(o.id, c.salt + 1) < 0.6
                THEN greatest(0, least(100, t.self_total - 5 + floor(pg_temp.bench_u(o.id, c.salt + 2) * 11)::integer))
           END AS inspection_total
) i
WHERE o.depth > 1 AND o.is_active;

INSERT INTO scoring_redflagcandidate (rating_id, party_organization_id, track, strength_1, strength_2, strength_3,
    strength_4, strength_5, total, is_demo_point, demo_point_note, selected)
SELECT r.id, r.party_organization_id,
       CASE WHEN pg_temp.bench_u(r.id, 180) < 0.8 THEN 'enterprise' ELSE 'social_org' END,
       s.s1, s.s2, s.s3, s.s4, s.s5, s.s1 + s.s2 + s.s3 + s.s4 + s.s5, pg_temp.bench_u(r.id, 186) < 0.15, '',
       pg_temp.bench_u(r.id, 187) < 0.3
FROM scoring_orgrating r
CROSS JOIN LATERAL (
    SELECT 12 + floor(pg_temp.bench_u(r.id, 181) * 9)::integer AS s1,
           12 + floor(pg_temp.bench_u(r.id, 182) * 9)::integer AS s2,
           12 + floor(pg_temp.bench_u(r.id, 183) * 9)::integer AS s3,
           12 + floor(pg_temp.bench_u(r.id, 184) * 9)::integer AS s4,
           12 + floor(pg_temp.bench_u(r.id, 185) * 9)::integer AS s5
) s
WHERE r.campaign_id = %(awarded)s AND r.stars = 5;

INSERT INTO scoring_designation (party_organization_id, kind, name, person_id, commitment, year, is_active)
SELECT o.id, d.kind, left(o.name, 80) || d.suffix, NULL, d.commitment, %(year)s, true
FROM organizations_partyorganization o
CROSS JOIN (VALUES ('workshop', '党员示范车间', '', 0.10, 190), ('team', '党员示范班组', '', 0.10, 191),
                   ('vanguard_post', '党员先锋岗', '', 0.15, 192),
                   ('commitment', '三亮三比承诺', '亮身份、亮承诺、亮业绩', 0.30, 193))
    AS d(kind, suffix, commitment, share, salt)
WHERE o.depth > 1 AND o.is_active AND pg_temp.bench_u(o.id, d.salt) < d.share;
"""

# A chain enterprise in three has a Party-building instructor of its area.
CHAIN_INSTRUCTORS_SQL = """
UPDATE industry_chains_chainenterprise ce SET instructor_id = i.id
FROM organizations_entity e
CROSS JOIN LATERAL (SELECT id FROM organizations_instructor WHERE area_id = e.area_id ORDER BY id LIMIT 1) i
WHERE e.id = ce.entity_id AND pg_temp.bench_u(ce.id, 200) < 0.33
"""

# The persona of an organisation secretary: the enterprise committee with branches of its own whose tree holds the
# most people (ties by path).
SECRETARY_ORG_SQL = """
SELECT o.id
FROM organizations_partyorganization o
JOIN organizations_partyorganization d ON left(d.path, 8) = o.path
JOIN members_person p ON p.party_organization_id = d.id
WHERE o.depth = 2 AND o.numchild > 0 AND o.is_active
GROUP BY o.id, o.path
ORDER BY count(*) DESC, o.path
LIMIT 1
"""

COUNTS_SQL = """
SELECT (SELECT count(*) FROM organizations_area), (SELECT count(*) FROM organizations_entity),
       (SELECT count(*) FROM organizations_partyorganization), (SELECT count(*) FROM members_person),
       (SELECT count(*) FROM members_certificate), (SELECT count(*) FROM scoring_monthlyresult),
       (SELECT count(*) FROM scoring_quarterlyresult),
       (SELECT count(*) FROM scoring_quarterlyresult WHERE star_count = 5),
       (SELECT count(*) FROM scoring_pointentry), (SELECT count(*) FROM scoring_orgrating),
       (SELECT count(*) FROM industry_chains_ticket)
"""
COUNT_NAMES = (
    "areas",
    "entities",
    "party orgs",
    "people",
    "certificates",
    "monthly results",
    "quarterly results",
    "five-star",
    "point lines",
    "org ratings",
    "tickets",
)


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: str
    rows: dict[str, int] = field(default_factory=dict)
    generate_s: float = 0.0
    queries: dict[str, int] = field(default_factory=dict)  # persona (or "report", "sections") -> queries
    varying: dict[str, set[int]] = field(default_factory=dict)  # request to request differences
    page_ms: dict[str, float] = field(default_factory=dict)
    page_kb: dict[str, float] = field(default_factory=dict)
    sections_ms: float = 0.0
    report_s: float = 0.0
    report_runs: list[float] = field(default_factory=list)
    pdf_kb: float = 0.0
    xlsx_kb: float = 0.0
    pdf_pages: int | None = None
    report_problem: str = ""
    traces: dict[str, list[tuple[str, str, float]]] = field(default_factory=dict, repr=False)


# --- Data -------------------------------------------------------------------------------------------------------


def execute(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def reset() -> None:
    """Empty every table but what migrate wrote (content types, permissions, the migrations applied)."""
    tables = [
        name
        for (name,) in execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        if name not in KEEP_TABLES
    ]
    execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def build(size: generate.Size, scale: Scale, today: date, *, verbose: bool = False) -> dict[str, int]:
    """One size of data: organisations (generate.py), then people, certificates, scoring and tickets."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from members.choices import Education
    from organizations.demo.entities import GIVEN, SURNAMES
    from scoring.choices import CampaignStep, MonthStatus
    from scoring.demo.stars import RULES
    from scoring.models import (
        HandbookVersion,
        PointRule,
        RatingCampaign,
        RatingSheet,
        ScorecardTemplate,
        ScoringMonth,
    )
    from scoring.services.stars import first_of_month, quarter_of, quarter_select

    def step(label: str, fn: Callable[[], object]):
        started = time.perf_counter()
        value = fn()
        if verbose:
            print(f"   {label}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        return value

    step("organisations (generate.py)", lambda: generate.generate(size))
    year = today.year - 1
    this_year, this_quarter = quarter_of(today)
    thresholds = dict(zip(("s5", "s4", "s3", "s2", "s1"), settings.SCORING_ORG_STAR_THRESHOLDS, strict=True))
    params = {
        "today": today,
        "year": year,
        "year_start": date(year, 1, 1),
        "this_year": this_year,
        "this_quarter": this_quarter,
        "share": scale.people_share,
        "per_org": PEOPLE_PER_ORG,
        "surnames": list(SURNAMES),
        "given": list(GIVEN),
        "educations": list(Education.values),
        "t": settings.SCORING_STAR_MONTH_POINTS,
        "min_stars": settings.SCORING_STAR_MEMBER_MIN_STARS,
        **thresholds,
    }
    with transaction.atomic():
        execute(generate.FUNCTIONS + ID_FUNCTION)
        step("people", lambda: execute(PEOPLE_SQL, params))
        step("certificates", lambda: execute(CERTIFICATES_SQL, params))

        version = HandbookVersion.objects.create(number=1, effective_from=date(2020, 1, 1))
        PointRule.objects.bulk_create(
            PointRule(version=version, code=c, name=n, star=s, points=p, monthly_cap=cap, sort_order=i)
            for i, (c, n, s, p, cap) in enumerate(RULES)
        )
        closed_at = timezone.make_aware(datetime(year + 1, 1, 5, 10))
        ScoringMonth.objects.bulk_create(
            [
                ScoringMonth(month=date(year, k, 1), version=version, status=MonthStatus.CLOSED, closed_at=closed_at)
                for k in range(1, 13)
            ]
            + [ScoringMonth(month=first_of_month(today), version=version)]
        )
        step("monthly results", lambda: execute(MONTHLY_SQL, params))
        step("quarterly selections", lambda: [quarter_select(year=year, quarter=q) for q in range(1, 5)])
        lines = {"month": first_of_month(today), "version": version.pk, "rules": len(RULES)}
        step("point lines", lambda: execute(LINES_SQL, lines))

        template = ScorecardTemplate.objects.create(number=1, effective_from=date(2020, 1, 1))
        step("scorecards", lambda: execute(SCORECARDS_SQL, {**params, "template": template.pk}))
        sheet = RatingSheet.objects.create(number=1, effective_from=date(2020, 1, 1))
        awarded = RatingCampaign.objects.create(year=year, sheet=sheet, step=CampaignStep.AWARDED)
        inspecting = RatingCampaign.objects.create(year=this_year, sheet=sheet, step=CampaignStep.INSPECTION)
        campaigns = {**params, "awarded": awarded.pk, "inspecting": inspecting.pk}
        step("ratings, 红旗支部, designations", lambda: execute(RATINGS_SQL, campaigns))

    users = setup_reference()  # chains, departments, 300 member enterprises; the county administrator
    execute(generate.FUNCTIONS)
    execute(CHAIN_INSTRUCTORS_SQL)
    step("tickets (bench_chains.py)", lambda: fill_tickets(scale.tickets, users))
    step("ANALYZE", lambda: execute("ANALYZE"))
    counts = execute(COUNTS_SQL)[0]
    return dict(zip(COUNT_NAMES, counts, strict=True)) | {"_admin": users["county admin"].pk}


def personas(admin_pk: int) -> dict:
    """The county administrator, the reviewer of the area with the most entities, and a committee's secretary."""
    from django.db.models import Count

    from core.choices import Role
    from core.models import User
    from organizations.models import Area

    admin = User.objects.get(pk=admin_pk)
    admin.name = "基准县管理员"
    admin.save(update_fields=["name"])
    busiest = Area.objects.annotate(n=Count("entities")).order_by("-n", "sort_order").first()
    reviewer = User.objects.create_user("bench_reviewer", name="基准审核员", role=Role.AREA_REVIEWER, area=busiest)
    ((org_id,),) = execute(SECRETARY_ORG_SQL)
    secretary = User.objects.create_user(
        "bench_secretary", name="基准书记", role=Role.ORG_SECRETARY, party_organization_id=org_id
    )
    return {"county admin": admin, "area reviewer": reviewer, "org secretary": secretary}


# --- Measurements -------------------------------------------------------------------------------------------------


def _origin() -> str:
    """The innermost line of the project's own code (not the benchmark's) on the stack: where a query comes from."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        path = Path(frame.filename)
        if ROOT in path.parents and ".venv" not in path.parts and "benchmarks" not in path.parts:
            return f"{path.relative_to(ROOT)}:{frame.lineno} {frame.name}"
    return "?"


def traced(fn: Callable[[], object]) -> list[tuple[str, str, float]]:
    """(SQL, origin, ms) of every query ``fn`` runs."""
    from django.db import connection

    found = []

    def trace(execute, sql, params, many, context):
        origin = _origin()
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append((sql, origin, (time.perf_counter() - started) * 1000))

    with connection.execute_wrapper(trace):
        fn()
    return found


def measure_home(result: SizeResult, users: dict, repeat: int) -> None:
    """(a) Queries, best time and size of GET / as each persona."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("core:home")
    for persona in PERSONAS:
        client = Client()
        client.force_login(users[persona])
        client.get(url)  # warm-up
        counts, best = set(), float("inf")
        for _round in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                elapsed, response = _timed(lambda client=client: client.get(url))
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} as {persona}: HTTP {response.status_code}")
            counts.add(len(captured))
            best = min(best, elapsed)
        if len(counts) > 1:
            result.varying[persona] = counts
        result.queries[persona] = max(counts)
        result.page_ms[persona] = best
        result.page_kb[persona] = len(response.content) / 1024
        result.traces[persona] = traced(lambda client=client: client.get(url))


def measure_sections(result: SizeResult, admin, repeat: int) -> None:
    """(b) The figures alone, as the county administrator sees them."""
    from core import figures
    from core.figures import Scope

    (result.sections_ms,) = best_of(repeat, lambda: figures.sections(Scope(admin)))
    result.traces["sections"] = traced(lambda: figures.sections(Scope(admin)))
    result.queries["sections"] = len(result.traces["sections"])


def pdf_pages(path: str) -> int | None:
    """Pages of a PDF by pdfinfo (poppler-utils); None without it."""
    if shutil.which("pdfinfo") is None:
        return None
    output = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout  # noqa: S603, S607
    match = re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE)
    return int(match.group(1)) if match else None


def measure_report(result: SizeResult, admin, year: int, repeat: int) -> None:
    """(c) The work report on every area for one year: start (its task runs at once) and build, as a user does."""
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import reports

    def run() -> str:
        job_id = reports.report_start(by=admin, start=date(year, 1, 1), end=date(year, 12, 31))
        reports.work_report_build(job_id=job_id)  # nothing left to do when the task already ran on queueing
        return job_id

    traces = traced(run)  # the warm-up, with where each query comes from
    counts = set()
    for _round in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            elapsed, job_id = _timed(run)
        counts.add(len(captured))
        result.report_runs.append(elapsed / 1000)
    job = reports.report_job_get(job_id)
    if job is None or job["status"] != "done":
        result.report_problem = f"report job {job and job['status']}: {job and job['error']}"
        return
    if len(counts) > 1:
        result.varying["report"] = counts
    result.queries["report"] = max(counts)
    result.traces["report"] = traces
    result.report_s = min(result.report_runs)
    pdf = reports.report_file_path(job_id, "pdf")
    result.pdf_kb = default_storage.size(pdf) / 1024
    result.xlsx_kb = default_storage.size(reports.report_file_path(job_id, "xlsx")) / 1024
    result.pdf_pages = pdf_pages(default_storage.path(pdf))


# --- Report -------------------------------------------------------------------------------------------------------

TARGETS = {
    "county admin": "GET / · county admin",
    "area reviewer": "GET / · area reviewer (busiest area)",
    "org secretary": "GET / · org secretary (largest committee)",
    "report": "work report (start + build)",
}


def report(results: list[SizeResult], year: int) -> list[str]:
    """Print the tables; return the targets missed."""
    failures = []
    sizes = [r.size for r in results]
    print("\nData")
    print(
        table(
            ["size", *COUNT_NAMES, "generated in"],
            [[r.size, *(f"{r.rows[name]:,}" for name in COUNT_NAMES), f"{r.generate_s:.0f} s"] for r in results],
        )
    )

    print("\n(a, c) Queries: must be the same at every size")
    rows = []
    for key, label in TARGETS.items():
        counts = [r.queries.get(key) for r in results]
        same = len(set(counts)) == 1 and None not in counts
        if not same:
            failures.append(f"{label}: {dict(zip(sizes, counts, strict=True))} queries")
        rows.append([label, *(c if c is not None else "—" for c in counts), "ok" if same else "GROWS"])
    sections = [r.queries["sections"] for r in results]
    rows.append(["figures.sections(Scope(county admin))", *sections, "(info)"])
    print(table(["request", *sizes, "target"], rows))
    for r in results:
        for key, counts in r.varying.items():
            failures.append(f"{r.size}: {TARGETS[key]} ran {sorted(counts)} queries in successive runs")
        if r.report_problem:
            failures.append(f"{r.size}: {r.report_problem}")

    print("\n    Best time and size (for information)")
    rows = [[TARGETS[p], *(f"{r.page_ms[p]:,.0f} ms, {r.page_kb[p]:,.0f} KB" for r in results)] for p in PERSONAS]
    rows.append(["(b) figures.sections(Scope(county admin))", *(f"{r.sections_ms:,.0f} ms" for r in results)])
    rows.append(
        [
            f"(c) work report, all areas, {year}",
            *(
                f"{r.report_s:.1f} s, PDF {r.pdf_kb:,.0f} KB / {r.pdf_pages if r.pdf_pages is not None else '?'} pages"
                if not r.report_problem
                else "failed"
                for r in results
            ),
        ]
    )
    rows.append(["    its workbook", *(f"{r.xlsx_kb:,.0f} KB" for r in results)])
    rows.append(["    every run", *(", ".join(f"{s:.1f}" for s in r.report_runs) + " s" for r in results)])
    print(table(["measure", *sizes], rows))
    return failures


def _shape(sql: str) -> str:
    """A query without its literals, so the same query with other values compares equal."""
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\(\?(?:, \?)+\)", "(?…)", sql)


def show_growing_queries(results: list[SizeResult]) -> None:
    """For a request whose query count differs between sizes, the queries the largest size ran more (or fewer) of
    than the smallest, and the line of the project's code that ran each."""
    smallest, largest = results[0], results[-1]
    for key, label in TARGETS.items():
        if len({r.queries.get(key) for r in results}) <= 1 or key not in largest.traces:
            continue
        few = Counter(_shape(sql) for sql, _origin, _ms in smallest.traces.get(key, []))
        many = Counter(_shape(sql) for sql, _origin, _ms in largest.traces[key])
        print(f"\nQueries of {label} that differ between {smallest.size} and {largest.size}:")
        shown = set()
        for sql, origin, _ms in largest.traces[key]:
            shape = _shape(sql)
            if many[shape] != few[shape] and shape not in shown:
                shown.add(shape)
                print(f"  {few[shape]} → {many[shape]}×  {origin}\n      {sql[:400]}")
        for shape, n in few.items():
            if shape not in many:
                print(f"  {n} → 0×  {shape[:400]}")


def show_slowest(result: SizeResult, count: int) -> None:
    """The slowest queries of each measured request at one size (for information: where the time goes)."""
    print(f"\nSlowest queries at {result.size} size (one traced run each)")
    for key in (*PERSONAS, "sections", "report"):
        trace = result.traces.get(key, [])
        total = sum(ms for _sql, _origin, ms in trace)
        print(f"  {TARGETS.get(key, 'figures.sections(Scope(county admin))')}: {total:,.0f} ms in {len(trace)} queries")
        for sql, origin, ms in sorted(trace, key=lambda item: -item[2])[:count]:
            print(f"    {ms:8,.1f} ms  {origin}\n                 {' '.join(sql.split())[:160]}")


# --- Main ---------------------------------------------------------------------------------------------------------


def run_size(name: str, args, today: date) -> SizeResult:
    size, scale = generate.SIZES[name], SCALES[name]
    result = SizeResult(name)
    print(f"\n== {name}: {size.entities:,} entities in {size.counties * 16:,} areas", flush=True)
    reset()
    started = time.perf_counter()
    rows = build(size, scale, today, verbose=args.verbose)
    result.generate_s = time.perf_counter() - started
    users = personas(rows.pop("_admin"))
    result.rows = rows
    print(
        f"   {rows['people']:,} people, {rows['monthly results']:,} monthly results, {rows['tickets']:,} tickets; "
        f"generated in {result.generate_s:.0f} s; measuring",
        flush=True,
    )
    measure_home(result, users, args.page_repeat)
    measure_sections(result, users["county admin"], args.repeat)
    measure_report(result, users["county admin"], today.year - 1, args.report_repeat)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="county,city,province", help="comma-separated: " + ",".join(generate.SIZES))
    parser.add_argument("--page-repeat", type=int, default=3, help="timed requests of each page after a warm-up")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of figures.sections after a warm-up")
    parser.add_argument("--report-repeat", type=int, default=2, help="timed work reports after a warm-up")
    parser.add_argument("--database", default="dashboard_bench", help="database to create, use and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database (with the last size) afterwards")
    parser.add_argument("--verbose", action="store_true", help="print how long each generating step takes")
    parser.add_argument(
        "--slowest", type=int, default=3, metavar="N", help="print each request's N slowest queries at the largest size"
    )
    parser.add_argument(
        "--jit", choices=["server", "on", "off"], default="server", help="PostgreSQL JIT: as the server says, or set"
    )
    args = parser.parse_args()

    sizes = [name.strip() for name in args.sizes.split(",") if name.strip()]
    unknown = [name for name in sizes if name not in generate.SIZES]
    if unknown or not sizes:
        parser.error(f"unknown size(s) {unknown}; choose from {', '.join(generate.SIZES)}")
    sizes.sort(key=list(generate.SIZES).index)
    if min(args.page_repeat, args.repeat, args.report_repeat) < 1:
        parser.error("--page-repeat, --repeat and --report-repeat must be at least 1")
    # Only ever a database of our own: never the one DATABASE_URL names, never one without "bench".
    source = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    if "bench" not in args.database or args.database in {source, "postgres", "template0", "template1"}:
        parser.error(f"--database {args.database!r}: use a database of the benchmark's own (with 'bench' in it)")

    bench_url = _server_url(args.database)
    media = tempfile.mkdtemp(prefix="dashboard_bench_media_")
    create_database(args.database)
    failures: list[str] = []
    try:
        os.environ["DATABASE_URL"] = bench_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        os.environ["MEDIA_ROOT"] = media  # the reports' files
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"  # the report's task runs here, as soon as it is queued
        generate.setup_django()
        from django.core.management import call_command
        from django.test.utils import setup_test_environment
        from django.utils import timezone

        setup_test_environment()
        configure_connections(args.jit)
        # Not every eager task's success and the in-memory broker's default host on the console.
        logging.getLogger("celery").setLevel(logging.WARNING)
        logging.getLogger("kombu").setLevel(logging.ERROR)
        call_command("migrate", verbosity=0, interactive=False)
        version, jit, work_mem = execute("SELECT version(), current_setting('jit'), current_setting('work_mem')")[0]
        print(f"{version.split(' on ')[0]} · jit={jit} · work_mem={work_mem} · database {args.database}")
        today = timezone.localdate()
        results = [run_size(name, args, today) for name in sizes]
        failures = report(results, today.year - 1)
        show_growing_queries(results)
        if args.slowest:
            show_slowest(results[-1], args.slowest)
    finally:
        if args.keep:
            print(f"\nkept database {args.database} ({bench_url})")
        else:
            drop_database(args.database)
        shutil.rmtree(media, ignore_errors=True)
    return verdict(failures)


if __name__ == "__main__":
    sys.exit(main())
