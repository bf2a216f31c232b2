"""Benchmark of importing people from one xlsx file, against a plain ``bulk_create`` of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/bench_people_import.py --rows 10000
    scripts/benchmark.sh people_import --rows 10000

DATABASE_URL only names the PostgreSQL server: the benchmark creates its own database there
(``redengine_bench_import`` unless ``--database`` says otherwise), migrates it and drops it at the end.

It builds a county (16 areas, 8 Party organisations under each, 400 entities), writes ``--rows`` valid
people at every stage of the pipeline into an xlsx file shaped like the download template, and measures:

(a) the whole import as a county administrator runs it: upload, the validating pass and the committing
    pass (tasks in process), each reading the file again (python-calamine: a fraction of a second); the
    target is ``--max-job``, 20 s;
(b) the import of the parsed rows (``PersonResource.import_data``, what the committing pass does after
    reading the file) against a plain ``Person.objects.bulk_create`` of Person objects built from the same
    parsed rows, best of ``--repeat`` rounds taking turns, each rolled back: the import may take at most
    ``--max-ratio`` (2.0) times as long. The same bulk_create in batches of 1000 (one INSERT of all rows
    is slower on PostgreSQL) is shown beside it for information.

It prints the figures and exits with 1 when a target is missed (2 when it cannot run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_coverage import _server_url, best_of, create_database, drop_database, verdict  # noqa: E402
from benchmarks.generate import setup_django  # noqa: E402

ORGS_PER_AREA = 8
ENTITIES = 400
STAGES = ["入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"]


class Rollback(Exception):
    """Raised inside a transaction to undo what a timed run wrote."""


def build_county():
    """Areas, organisations, entities and the county administrator who imports."""
    from core.choices import Role
    from core.models import User
    from organizations.choices import AreaKind, EstablishmentMethod, PartyOrgKind
    from organizations.demo.entities import credit_code
    from organizations.models import Area, Entity, PartyOrganization

    admin = User.objects.create(username="bench_admin", name="县管理员", role=Role.COUNTY_ADMIN)
    orgs = []
    for index in range(16):
        area = Area.objects.create(name=f"第{index + 1}镇", code=f"B{index:02d}", kind=AreaKind.TOWN, sort_order=index)
        root = PartyOrganization.objects.add_root(
            instance=PartyOrganization(name=f"第{index + 1}镇党委", kind=PartyOrgKind.COMMITTEE, area=area)
        )
        for number in range(ORGS_PER_AREA):
            branch = PartyOrganization(
                name=f"第{index + 1}镇第{number + 1}企业党支部",
                kind=PartyOrgKind.BRANCH,
                area=area,
                establishment_method=EstablishmentMethod.STANDALONE,
            )
            orgs.append(PartyOrganization.objects.add_child(root, instance=branch))
    entities = Entity.objects.bulk_create(
        Entity(
            kind="enterprise",
            name=f"企业{number}",
            credit_code=credit_code(number * 97 + 11),
            area=orgs[number % len(orgs)].area,
            party_organization=orgs[number % len(orgs)],
        )
        for number in range(ENTITIES)
    )
    return admin, orgs, entities


def id_number(serial: int, birth: date, male: bool) -> str:
    from members.validators import id_check_char

    sequence = (serial % 500) * 2 + (1 if male else 0)
    first17 = f"{370830 + serial // 500 % 100:06d}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def rows(count: int, orgs, entities) -> list[list]:
    """``count`` valid people, all stages, dates in order and old enough; unique 身份证号."""
    out = []
    for serial in range(count):
        birth = date(1970, 1, 1) + timedelta(days=(serial * 37) % 9000)
        male = serial % 2 == 0
        stage = serial % len(STAGES)
        applied = date(2015, 1, 1) + timedelta(days=serial % 300)
        dates = [applied, applied + timedelta(days=100), applied + timedelta(days=500)]
        dates += [dates[2] + timedelta(days=200)]
        dates += [dates[3] + timedelta(days=366)]
        reached = [d if i <= stage else None for i, d in enumerate(dates)]
        probation_end = dates[3].replace(year=dates[3].year + 1) if stage >= 3 else None
        entity = entities[serial % len(entities)]
        out.append(
            [
                f"测试{serial}",
                "男" if male else "女",
                birth,
                id_number(serial, birth, male),
                f"139{serial:08d}",
                "本科",
                entity.credit_code if serial % 3 else "",
                "技术骨干" if serial % 4 == 0 else "普通员工",
                entity.party_organization.name,
                "否",
                "是" if serial % 4 == 0 else "否",
                STAGES[stage],
                *reached[:4],
                probation_end,
                reached[4],
            ]
        )
    return out


def xlsx_bytes(data: list[list]) -> bytes:
    import tablib

    from members.resources.people import PersonResource

    dataset = tablib.Dataset(*data, headers=PersonResource().get_export_headers())
    return dataset.export("xlsx")


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def run_job(admin, content: bytes) -> tuple[float, float, float, object]:
    """Upload, validate and commit as the portal does (tasks in process); seconds of each step."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core import imports
    from core.models import ImportJob

    upload = SimpleUploadedFile("people.xlsx", content)
    t_create, job = timed(lambda: imports.import_job_create(user=admin, resource_key="people", uploaded_file=upload))
    t_validate, _ = timed(lambda: imports.import_job_validate(job_id=job.pk))
    job = ImportJob.objects.get(pk=job.pk)
    if job.errors:
        raise SystemExit(f"bench_people_import: the generated file does not validate: {job.errors[:3]}")
    t_commit, _ = timed(lambda: imports.import_job_commit(job_id=job.pk))
    return t_create, t_validate, t_commit, ImportJob.objects.get(pk=job.pk)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="people in the file")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds of (b) after a warm-up")
    parser.add_argument("--max-ratio", type=float, default=2.0, help="import time / bulk_create time allowed")
    parser.add_argument("--max-job", type=float, default=20.0, help="seconds allowed for the whole import (a)")
    parser.add_argument("--database", default="redengine_bench_import", help="database to create, use and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--profile", action="store_true", help="print where one import of the parsed rows spends time")
    args = parser.parse_args()
    source = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    if "bench" not in args.database or args.database in {source, "postgres", "template0", "template1"}:
        parser.error(f"--database {args.database!r}: use a database of the benchmark's own (with 'bench' in it)")

    bench_url = _server_url(args.database)
    create_database(args.database)
    failures = []
    try:
        os.environ["DATABASE_URL"] = bench_url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection, transaction

        settings.MEDIA_ROOT = media = Path(tempfile.mkdtemp(prefix="bench-import-"))
        call_command("migrate", verbosity=0, interactive=False)
        from core.imports import dataset_load
        from members.models import Person
        from members.resources.people import PersonResource

        admin, orgs, entities = build_county()
        data = rows(args.rows, orgs, entities)
        t_write, content = timed(lambda: xlsx_bytes(data))
        print(f"{args.rows} people, xlsx of {len(content) / 1e6:.1f} MB written in {t_write:.1f} s")

        # (b) the parsed rows: the resource's import against a plain bulk_create, each rolled back.
        t_parse, dataset = timed(lambda: dataset_load(content, "people.xlsx", resource=PersonResource(user=admin)))
        org_by_name = {org.name: org.pk for org in orgs}
        entity_by_code = {entity.credit_code: entity.pk for entity in entities}

        def build_people():
            return [
                Person(
                    name=row[0],
                    gender="M" if row[1] == "男" else "F",
                    birth_date=row[2].date() if hasattr(row[2], "date") else row[2],
                    id_number=row[3],
                    phone=str(row[4]),
                    education="bachelor",
                    entity_id=entity_by_code.get(row[6]),
                    post="technical" if row[7] == "技术骨干" else "staff",
                    party_organization_id=org_by_name[row[8]],
                    is_management_talent=False,
                    is_technical_talent=row[10] == "是",
                    stage=["applicant", "activist", "candidate", "probationary", "full"][STAGES.index(row[11])],
                    applied_on=row[12],
                    activist_on=row[13],
                    candidate_on=row[14],
                    admitted_on=row[15],
                    probation_ends_on=row[16],
                    full_on=row[17],
                )
                for row in dataset
            ]

        def plain_bulk_create():
            return len(Person.objects.bulk_create(build_people()))

        def batched_bulk_create():
            return len(Person.objects.bulk_create(build_people(), batch_size=1000))

        def resource_import():
            resource = PersonResource(user=admin)
            resource.repeats_find(dataset)
            result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
            if result.has_errors() or result.has_validation_errors():
                raise SystemExit("bench_people_import: the resource refused the generated rows")
            return result.totals.get("new", 0)

        def rolled_back(fn):
            def run():
                try:
                    with transaction.atomic():
                        fn()
                        raise Rollback
                except Rollback:
                    pass

            return run

        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(rolled_back(resource_import))
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

        t_import, t_bulk, t_batched = best_of(
            args.repeat, rolled_back(resource_import), rolled_back(plain_bulk_create), rolled_back(batched_bulk_create)
        )
        ratio = t_import / t_bulk
        print(f"\n(b) parsed rows ({len(dataset)}; parsing the xlsx took {t_parse:.2f} s, not counted here)")
        print(f"    PersonResource.import_data   {t_import / 1000:7.2f} s")
        print(
            f"    plain Person bulk_create     {t_bulk / 1000:7.2f} s   ratio {ratio:5.2f}×"
            f"  (target ≤ {args.max_ratio}×; the import also writes each person's history)"
        )
        print(
            f"    bulk_create, batches of 1000 {t_batched / 1000:7.2f} s   ratio {t_import / t_batched:5.2f}×"
            "  (for information: the fastest way to insert these rows here)"
        )
        if ratio > args.max_ratio:
            failures.append(f"import of parsed rows is {ratio:.2f}× a plain bulk_create (target {args.max_ratio}×)")

        # (a) the whole import, as the portal runs it.
        t_create, t_validate, t_commit, job = run_job(admin, content)
        total = t_create + t_validate + t_commit
        imported = Person.objects.count()
        print("\n(a) the whole import as the county administrator runs it")
        print(f"    upload {t_create:.2f} s · validate {t_validate:.2f} s · commit {t_commit:.2f} s")
        print(f"    total  {total:.2f} s for {imported} people, status {job.status}  (target < {args.max_job:.0f} s)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM members_historicalperson")
            print(f"    history rows written: {cursor.fetchone()[0]}")
        if imported != args.rows:
            failures.append(f"the import wrote {imported} people, not {args.rows}")
        if total > args.max_job:
            failures.append(f"the whole import took {total:.1f} s (target {args.max_job:.0f} s)")
    finally:
        if "media" in locals():
            shutil.rmtree(media, ignore_errors=True)
        if args.keep:
            print(f"\nkept database {args.database} ({bench_url})")
        else:
            drop_database(args.database)
    return verdict(failures)


if __name__ == "__main__":
    sys.exit(main())
