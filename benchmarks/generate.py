"""Benchmark data: a county, a city or a province of entities, generated set-based in PostgreSQL.

Every row is made by a handful of ``INSERT … SELECT … FROM generate_series(…)`` statements, so a
province (300,000 entities) takes well under a minute. The data is deterministic: each random choice is
a hash of the row number and a salt, so two runs of one size give the same rows.

The mix, per entity: ~55 % covered by their own Party organisation (单独建), ~10 % by a joint one (联合建,
four entities each), ~10 % by a fallback one (兜底建, five each), the rest uncovered; ~3 % closed; ~5 %
with three or more full members and no organisation of their own (应建未建). Mass organisations and
current instructor assignments are mostly where a Party organisation leads, some elsewhere (work
coverage). Party organisations form a valid treebeard tree: the area committees are the roots, the
covering organisations their children, a few large enterprises' committees have branches of their own;
paths, depth and numchild are computed in SQL, siblings ordered by name as ``node_order_by`` says.

Use it from the benchmark (``bench_coverage.py``), or on its own against a migrated database whose
organisations tables are empty:

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/mydb .venv/bin/python benchmarks/generate.py city
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Size:
    """How much data one benchmark size holds."""

    name: str
    counties: int  # each county is the demo county's 16 areas
    entities: int


SIZES = {
    "county": Size("county", counties=1, entities=600),
    "city": Size("city", counties=11, entities=6_000),
    "province": Size("province", counties=110, entities=300_000),
}

# The mix of entities (fractions of all entities).
STANDALONE_SHARE = 0.55
JOINT_SHARE = 0.10
FALLBACK_SHARE = 0.10
CLOSED_SHARE = 0.03
# Among entities without their own organisation, the share with three or more full members
# (0.45 × 0.115 ≈ 5 % of all entities: the 应建未建 list).
SHOULD_HAVE_SHARE = 0.115
JOINT_GROUP = 4  # entities per joint organisation (the rule allows at most five)
FALLBACK_GROUP = 5
ENTITIES_PER_INSTRUCTOR = 4
COMMITTEE_FROM = 20  # full members from which an enterprise's own organisation is a committee
BRANCHES_FROM = 45  # … and from which that committee has two branches of its own
# Areas hold entities in proportion to these weights (parks and development zones the most).
AREA_WEIGHTS = {"dev_zone": 5, "park": 5, "street": 2, "town": 1}

# Tables the generator fills, children first (the order ``reset`` empties them in).
TABLES = (
    "organizations_fundentry",
    "organizations_venue",
    "organizations_instructorassignment",
    "organizations_instructor",
    "organizations_massorganization",
    "organizations_entity",
    "organizations_partyorganization",
    "organizations_area",
)

# Helpers that live only for the session (pg_temp): a deterministic uniform number in [0, 1) from a row
# number and a salt, one treebeard path step (4 base-36 digits), one pick from a list, and a valid
# 统一社会信用代码 (GB 32100 check character) from its first 17 characters.
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION pg_temp.bench_u(n bigint, salt integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(n, salt) & 4503599627370495)::double precision / 4503599627370496.0
$$;
CREATE OR REPLACE FUNCTION pg_temp.bench_pick(items text[], n bigint, salt integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT items[1 + floor(pg_temp.bench_u(n, salt) * cardinality(items))::integer]
$$;
CREATE OR REPLACE FUNCTION pg_temp.bench_step(n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', (n / 46656 % 36)::integer + 1, 1)
        || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', (n / 1296 % 36)::integer + 1, 1)
        || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', (n / 36 % 36)::integer + 1, 1)
        || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', (n % 36)::integer + 1, 1)
$$;
CREATE OR REPLACE FUNCTION pg_temp.bench_uscc(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT body || substr(charset, (31 - sum((strpos(charset, substr(body, i::integer, 1)) - 1) * w) % 31)::integer
                                   % 31 + 1, 1)
    FROM (SELECT '0123456789ABCDEFGHJKLMNPQRTUWXY'::text AS charset) c,
         unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::integer[]) WITH ORDINALITY AS t(w, i)
    GROUP BY charset
$$;
"""


def _sql_steps(size: Size) -> list[tuple[str, str, dict]]:
    """The generator's statements in order: (label, SQL, parameters)."""
    from core.management.commands.load_demo import AREAS
    from organizations.demo.entities import (
        ASSOCIATIONS,
        GIVEN,
        INDUSTRIES,
        NEW_EMPLOYMENT,
        SOCIAL,
        SURNAMES,
        WORDS,
    )

    params = {
        "counties": size.counties,
        "entities": size.entities,
        "area_names": [name for name, _kind, _code in AREAS],
        "area_kinds": [str(kind) for _name, kind, _code in AREAS],
        "area_codes": [code for _name, _kind, code in AREAS],
        "weight_kinds": list(AREA_WEIGHTS),
        "weight_values": list(AREA_WEIGHTS.values()),
        "words": WORDS,
        "industry_shorts": [short for short, _industry in INDUSTRIES],
        "industries": [industry for _short, industry in INDUSTRIES],
        "social": SOCIAL,
        "associations": ASSOCIATIONS,
        "new_employment": NEW_EMPLOYMENT,
        "surnames": list(SURNAMES),
        "given": GIVEN,
        "units": ["县委社会工作部", "县工业和信息化局", "县市场监督管理局", "街镇党（工）委", "县总工会"],
        "standalone": STANDALONE_SHARE,
        "joint": STANDALONE_SHARE + JOINT_SHARE,
        "fallback": STANDALONE_SHARE + JOINT_SHARE + FALLBACK_SHARE,
        "closed": CLOSED_SHARE,
        "should_have": SHOULD_HAVE_SHARE,
        "joint_group": JOINT_GROUP,
        "fallback_group": FALLBACK_GROUP,
        "per_instructor": ENTITIES_PER_INSTRUCTOR,
        "committee_from": COMMITTEE_FROM,
        "branches_from": BRANCHES_FROM,
    }
    steps = [
        (
            "areas",
            # One county is the demo county's areas; more counties get a numbered prefix.
            """
            INSERT INTO organizations_area (name, kind, code, sort_order)
            SELECT CASE WHEN %(counties)s = 1 THEN t.name ELSE '县' || lpad(c::text, 3, '0') || t.name END,
                   t.kind, 'B' || lpad(c::text, 3, '0') || t.code, (c - 1) * cardinality(%(area_names)s::text[]) + t.ord
            FROM generate_series(1, %(counties)s) AS c,
                 unnest(%(area_names)s::text[], %(area_kinds)s::text[], %(area_codes)s::text[])
                     WITH ORDINALITY AS t(name, kind, code, ord)
            ORDER BY 4
            """,
        ),
        (
            "areas (staging)",
            """
            CREATE TEMP TABLE bench_area ON COMMIT DROP AS
            SELECT a.id, a.name, a.kind, row_number() OVER (ORDER BY a.sort_order) AS idx, w.weight
            FROM organizations_area a
            JOIN unnest(%(weight_kinds)s::text[], %(weight_values)s::integer[]) AS w(kind, weight) ON w.kind = a.kind;
            -- One slot per unit of weight: an entity draws a slot, so areas fill in proportion to weight.
            CREATE TEMP TABLE bench_slot ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY a.idx, s) AS slot, a.idx
            FROM bench_area a, generate_series(1, a.weight) AS s;
            """,
        ),
        (
            "entities (staging)",
            """
            CREATE TEMP TABLE bench_entity ON COMMIT DROP AS
            WITH drawn AS (
                SELECT g AS n,
                       1 + floor(pg_temp.bench_u(g, 1) * (SELECT count(*) FROM bench_slot))::bigint AS slot,
                       pg_temp.bench_u(g, 2) AS u_kind,
                       pg_temp.bench_u(g, 3) AS u_cover,
                       pg_temp.bench_u(g, 4) AS u_members,
                       pg_temp.bench_u(g, 5) AS u_staff,
                       pg_temp.bench_u(g, 6) AS u_closed
                FROM generate_series(1, %(entities)s) AS g
            ), typed AS (
                SELECT d.*, a.id AS area_id, a.idx AS area_idx, a.name AS area_name,
                       CASE WHEN u_kind < 0.70 THEN 'enterprise' WHEN u_kind < 0.85 THEN 'social_org'
                            WHEN u_kind < 0.90 THEN 'association' ELSE 'new_employment' END AS kind,
                       CASE WHEN u_cover < %(standalone)s THEN 'standalone' WHEN u_cover < %(joint)s THEN 'joint'
                            WHEN u_cover < %(fallback)s THEN 'fallback' ELSE 'none' END AS cover,
                       u_closed >= %(closed)s AS is_operating,
                       pg_temp.bench_pick(%(words)s, d.n, 8) AS word
                FROM drawn d JOIN bench_slot s USING (slot) JOIN bench_area a ON a.idx = s.idx
            ), counted AS (
                SELECT t.*,
                       CASE WHEN cover = 'standalone' THEN 3 + floor(u_members ^ 6 * 60)::integer
                            WHEN u_members < %(should_have)s THEN 3 + floor(u_members / %(should_have)s * 7)::integer
                            ELSE floor((u_members - %(should_have)s) / (1 - %(should_have)s) * 3)::integer
                       END AS members,
                       CASE kind
                           WHEN 'enterprise' THEN word || pg_temp.bench_pick(%(words)s, n, 9)
                               || (%(industry_shorts)s::text[])[1 + n %% cardinality(%(industries)s::text[])]
                               || '有限公司'
                           WHEN 'social_org' THEN word || pg_temp.bench_pick(%(social)s, n, 9)
                           WHEN 'association' THEN word || pg_temp.bench_pick(%(associations)s, n, 9)
                           ELSE area_name || word || pg_temp.bench_pick(%(new_employment)s, n, 9)
                       END || '（' || n || '）' AS name,
                       CASE kind
                           WHEN 'enterprise' THEN (%(industries)s::text[])[1 + n %% cardinality(%(industries)s::text[])]
                           WHEN 'social_org' THEN '社会服务' WHEN 'association' THEN '行业协会商会' ELSE '新就业形态'
                       END AS industry,
                       pg_temp.bench_uscc('91370000' || lpad(n::text, 9, '0')) AS credit_code
                FROM typed t
            )
            SELECT c.*,
                   greatest(members * 3, 5 + floor(u_staff ^ 2 * 1500)::integer) AS staff,
                   CASE cover
                       WHEN 'standalone' THEN 's' || n
                       WHEN 'joint' THEN 'j' || area_idx || '-' || (rank_in_cover - 1) / %(joint_group)s
                       WHEN 'fallback' THEN 'f' || area_idx || '-' || (rank_in_cover - 1) / %(fallback_group)s
                   END AS org_key,
                   NULL::bigint AS id
            FROM (
                SELECT counted.*,
                       row_number() OVER (PARTITION BY area_idx, cover ORDER BY n) AS rank_in_cover,
                       row_number() OVER (PARTITION BY area_idx ORDER BY n) AS rank_in_area
                FROM counted
            ) c;
            CREATE UNIQUE INDEX ON bench_entity (n);
            """,
        ),
        (
            "party organisations (staging)",
            """
            CREATE TEMP TABLE bench_org (
                key text PRIMARY KEY, parent_key text, depth integer NOT NULL, area_id bigint NOT NULL,
                name text NOT NULL, kind text NOT NULL, method text NOT NULL, founded_on date,
                secretary text NOT NULL, demo text NOT NULL DEFAULT '', is_active boolean NOT NULL DEFAULT true,
                path text, numchild integer NOT NULL DEFAULT 0, id bigint
            ) ON COMMIT DROP;
            INSERT INTO bench_org (key, parent_key, depth, area_id, name, kind, method, secretary)
            SELECT 'c' || idx, NULL, 1, id,
                   name || CASE WHEN kind IN ('street', 'dev_zone', 'park') THEN '党工委' ELSE '党委' END,
                   'committee', '', pg_temp.bench_pick(%(surnames)s, idx, 30) || pg_temp.bench_pick(%(given)s, idx, 31)
            FROM bench_area;
            -- Their own organisation: a committee from twenty members up. A dissolved one when the entity
            -- closed (half of them) and a few others: those entities count as not covered.
            INSERT INTO bench_org (key, parent_key, depth, area_id, name, kind, method, founded_on, secretary, demo,
                                   is_active)
            SELECT 's' || n, 'c' || area_idx, 2, area_id,
                   name || CASE WHEN members >= %(committee_from)s THEN '党委' ELSE '党支部' END,
                   CASE WHEN members >= %(committee_from)s THEN 'committee' ELSE 'branch' END, 'standalone',
                   DATE '2000-01-01' + floor(pg_temp.bench_u(n, 32) * 8800)::integer,
                   pg_temp.bench_pick(%(surnames)s, n, 30) || pg_temp.bench_pick(%(given)s, n, 31),
                   CASE WHEN pg_temp.bench_u(n, 33) < 0.01 THEN 'city'
                        WHEN pg_temp.bench_u(n, 33) < 0.03 THEN 'county' ELSE '' END,
                   NOT ((NOT is_operating AND pg_temp.bench_u(n, 34) < 0.5) OR pg_temp.bench_u(n, 35) < 0.005)
            FROM bench_entity WHERE cover = 'standalone';
            INSERT INTO bench_org (key, parent_key, depth, area_id, name, kind, method, founded_on, secretary)
            SELECT org_key, 'c' || area_idx, 2, area_id,
                   CASE cover WHEN 'joint' THEN area_name || '第' || (rank_in_cover - 1) / %(joint_group)s + 1
                                                || '联合党支部'
                              ELSE area_name || '企业服务中心第' || (rank_in_cover - 1) / %(fallback_group)s + 1
                                   || '党支部' END,
                   CASE cover WHEN 'joint' THEN 'joint_branch' ELSE 'branch' END, cover,
                   DATE '2012-01-01' + floor(pg_temp.bench_u(n, 32) * 4000)::integer,
                   pg_temp.bench_pick(%(surnames)s, n, 30) || pg_temp.bench_pick(%(given)s, n, 31)
            FROM bench_entity
            WHERE cover IN ('joint', 'fallback')
              AND (rank_in_cover - 1) %% CASE cover WHEN 'joint' THEN %(joint_group)s ELSE %(fallback_group)s END = 0;
            -- The largest enterprises' committees have two branches of their own (depth 3).
            INSERT INTO bench_org (key, parent_key, depth, area_id, name, kind, method, founded_on, secretary,
                                   is_active)
            SELECT 'b' || e.n || '-' || b.i, e.org_key, 3, e.area_id,
                   e.name || CASE b.i WHEN 1 THEN '第一党支部' ELSE '第二党支部' END, 'branch', 'standalone',
                   o.founded_on, pg_temp.bench_pick(%(surnames)s, e.n * 2 + b.i, 30)
                   || pg_temp.bench_pick(%(given)s, e.n * 2 + b.i, 31), o.is_active
            FROM bench_entity e JOIN bench_org o ON o.key = e.org_key, generate_series(1, 2) AS b(i)
            WHERE e.cover = 'standalone' AND e.members >= %(branches_from)s;
            """,
        ),
        (
            "tree paths",
            # treebeard: a root's path is one 4-character base-36 step, a child's its parent's path plus
            # one; siblings are numbered in name order (node_order_by = ["name"]).
            """
            UPDATE bench_org o SET path = pg_temp.bench_step(r.rn)
            FROM (SELECT key, row_number() OVER (ORDER BY name, key) AS rn FROM bench_org WHERE depth = 1) r
            WHERE o.key = r.key;
            UPDATE bench_org o SET path = p.path || pg_temp.bench_step(r.rn)
            FROM (SELECT key, parent_key, row_number() OVER (PARTITION BY parent_key ORDER BY name, key) AS rn
                  FROM bench_org WHERE depth = 2) r
            JOIN bench_org p ON p.key = r.parent_key
            WHERE o.key = r.key;
            UPDATE bench_org o SET path = p.path || pg_temp.bench_step(r.rn)
            FROM (SELECT key, parent_key, row_number() OVER (PARTITION BY parent_key ORDER BY name, key) AS rn
                  FROM bench_org WHERE depth = 3) r
            JOIN bench_org p ON p.key = r.parent_key
            WHERE o.key = r.key;
            UPDATE bench_org o SET numchild = c.children
            FROM (SELECT parent_key, count(*) AS children FROM bench_org WHERE parent_key IS NOT NULL
                  GROUP BY parent_key) c
            WHERE o.key = c.parent_key;
            """,
        ),
        (
            "party organisations",
            """
            INSERT INTO organizations_partyorganization (path, depth, numchild, name, kind, establishment_method,
                founded_on, is_active, area_id, demo_level, secretary_name)
            SELECT path, depth, numchild, name, kind, method, founded_on, is_active, area_id, demo, secretary
            FROM bench_org ORDER BY path;
            UPDATE bench_org o SET id = po.id FROM organizations_partyorganization po WHERE po.path = o.path;
            """,
        ),
        (
            "entities",
            """
            INSERT INTO organizations_entity (kind, name, credit_code, industry, staff_count, full_member_count,
                is_key_enterprise, is_operating, area_id, party_organization_id)
            SELECT e.kind, e.name, e.credit_code, e.industry, e.staff, e.members,
                   e.kind = 'enterprise' AND e.staff > 1000, e.is_operating, e.area_id, o.id
            FROM bench_entity e LEFT JOIN bench_org o ON o.key = e.org_key
            ORDER BY e.n;
            UPDATE bench_entity b SET id = e.id FROM organizations_entity e WHERE e.credit_code = b.credit_code;
            """,
        ),
        (
            "mass organisations",
            # 党建引领，群团联动: mostly where a Party organisation leads, some elsewhere (work coverage).
            """
            INSERT INTO organizations_massorganization (kind, name, founded_on, entity_id)
            SELECT m.kind, e.name || m.suffix, DATE '2008-01-01' + floor(pg_temp.bench_u(e.n, 40) * 5800)::integer,
                   e.id
            FROM bench_entity e,
                 (VALUES ('union', '工会委员会', 0.60, 0.12, 41), ('youth_league', '团支部', 0.20, 0.05, 42),
                         ('women', '妇女委员会', 0.20, 0.05, 43)) AS m(kind, suffix, covered, uncovered, salt)
            WHERE pg_temp.bench_u(e.n, m.salt) < CASE WHEN e.cover = 'none' THEN m.uncovered ELSE m.covered END;
            """,
        ),
        (
            "instructors",
            # One instructor for every few entities of an area; the phone number keys them for the
            # assignments below.
            """
            INSERT INTO organizations_instructor (name, unit, phone, is_red_sail, area_id)
            SELECT pg_temp.bench_pick(%(surnames)s, a.idx * 100000 + k, 50)
                   || pg_temp.bench_pick(%(given)s, a.idx * 100000 + k, 51),
                   pg_temp.bench_pick(%(units)s, a.idx * 100000 + k, 52),
                   '1' || lpad((a.idx * 100000 + k)::text, 10, '0'),
                   pg_temp.bench_u(a.idx * 100000 + k, 53) < 0.05, a.id
            FROM bench_area a
            JOIN (SELECT area_idx, count(*) AS entities FROM bench_entity GROUP BY area_idx) c ON c.area_idx = a.idx,
                 generate_series(0, (c.entities - 1) / %(per_instructor)s) AS k;
            -- Current assignments mostly where there is no Party organisation of their own; earlier,
            -- ended ones elsewhere.
            INSERT INTO organizations_instructorassignment (instructor_id, entity_id, started_on, ended_on)
            SELECT i.id, e.id, s.started_on, s.ended_on
            FROM bench_entity e
            JOIN organizations_instructor i
                ON i.phone = '1' || lpad((e.area_idx * 100000 + (e.rank_in_area - 1) / %(per_instructor)s)::text,
                                         10, '0'),
            LATERAL (
                SELECT DATE '2022-01-01' + floor(pg_temp.bench_u(e.n, 60) * 1000)::integer AS started_on,
                       NULL::date AS ended_on
                WHERE pg_temp.bench_u(e.n, 61)
                      < CASE e.cover WHEN 'none' THEN 0.35 WHEN 'standalone' THEN 0.05 ELSE 0.20 END
                UNION ALL
                SELECT DATE '2019-01-01' + floor(pg_temp.bench_u(e.n, 62) * 365)::integer,
                       DATE '2020-06-01' + floor(pg_temp.bench_u(e.n, 63) * 500)::integer
                WHERE pg_temp.bench_u(e.n, 64) < 0.08
            ) s;
            """,
        ),
        (
            "venues and funds",
            # Enough for the coverage page's headline figures to aggregate something real.
            """
            INSERT INTO organizations_venue (party_organization_id, name, address, has_space, has_facilities,
                has_sign, has_flag, has_books, has_rules)
            SELECT o.id, o.name || '党群服务中心', '',
                   pg_temp.bench_u(o.id, 70) < 0.95, pg_temp.bench_u(o.id, 71) < 0.9,
                   pg_temp.bench_u(o.id, 72) < 0.9, pg_temp.bench_u(o.id, 73) < 0.95,
                   pg_temp.bench_u(o.id, 74) < 0.9, pg_temp.bench_u(o.id, 75) < 0.9
            FROM bench_org o
            WHERE o.depth = 1 OR (o.depth = 2 AND o.method = 'standalone' AND pg_temp.bench_u(o.id, 76) < 0.1);
            INSERT INTO organizations_fundentry (party_organization_id, source, amount, purpose, occurred_on, note,
                created_by_id, created_at)
            SELECT o.id, 'refunded_dues', round((300 + pg_temp.bench_u(o.id * 10 + y, 80) * 3000)::numeric, 2), '',
                   make_date(y, 3, 31), '党费返还', NULL, now()
            FROM bench_org o, generate_series(2023, 2024) AS y
            WHERE o.depth = 2 AND o.method = 'standalone' AND pg_temp.bench_u(o.id, 81) < 0.3;
            """,
        ),
    ]
    return [(label, sql, params) for label, sql in steps]


def reset() -> None:
    """Empty every table the generator fills, and whatever references them (accounts, surveys…).

    Only for the benchmark's own database: ``bench_coverage.py`` calls it between sizes.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


def generate(size: Size, *, verbose: bool = False) -> dict[str, int]:
    """Fill the (empty) organisations tables with one size of data; returns row counts."""
    from django.db import connection, transaction

    from organizations.models import Area

    if Area.objects.exists():
        raise RuntimeError("benchmark data goes into empty organisations tables; call reset() first")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        for label, sql, params in _sql_steps(size):
            started = time.perf_counter()
            cursor.execute(sql, params)
            if verbose:
                print(f"  {label}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")
    problems = tree_problems()
    if problems:
        raise RuntimeError(f"generated tree is inconsistent: {problems}")
    return counts()


def counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(f"SELECT '{table}', count(*) FROM {table}" for table in reversed(TABLES))  # noqa: S608
        )
        found = dict(cursor.fetchall())
    return {table.removeprefix("organizations_"): found[table] for table in reversed(TABLES)}


def tree_problems() -> dict[str, int]:
    """treebeard's invariants, checked in SQL: path alphabet and length, parent present, numchild, area."""
    from django.db import connection

    checks = {
        "wrong_depth": "SELECT count(*) FROM organizations_partyorganization WHERE length(path) <> depth * 4",
        "bad_chars": "SELECT count(*) FROM organizations_partyorganization WHERE path !~ '^[0-9A-Z]+$'",
        "orphans": """
            SELECT count(*) FROM organizations_partyorganization c WHERE c.depth > 1 AND NOT EXISTS (
                SELECT 1 FROM organizations_partyorganization p WHERE p.path = left(c.path, -4))""",
        "wrong_numchild": """
            SELECT count(*) FROM organizations_partyorganization p
            LEFT JOIN (SELECT left(path, -4) AS parent, count(*) AS children FROM organizations_partyorganization
                       WHERE depth > 1 GROUP BY 1) c ON c.parent = p.path
            WHERE p.numchild <> coalesce(c.children, 0)""",
        "child_in_other_area": """
            SELECT count(*) FROM organizations_partyorganization c
            JOIN organizations_partyorganization p ON p.path = left(c.path, -4) WHERE c.area_id <> p.area_id""",
    }
    found = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            (number,) = cursor.fetchone()
            if number:
                found[name] = number
    return found


def setup_django() -> None:
    """Make the project importable and configure Django with the test settings (DATABASE_URL)."""
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate benchmark data into the (empty) database in DATABASE_URL.")
    parser.add_argument("size", choices=SIZES)
    args = parser.parse_args()
    setup_django()
    started = time.perf_counter()
    rows = generate(SIZES[args.size], verbose=True)
    print(f"{args.size}: {rows} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
