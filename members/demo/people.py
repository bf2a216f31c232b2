"""Demo data of the members area: people (called by manage.py load_demo; safe to run twice).

The article's figures: 468 入党积极分子 in training of whom 131 are 发展对象; among management and
technical staff 388 activists in training (of the 468) and 108 new members. Identities (身份证号) depend only
on the fixed seed, so a second run — even on another day — adds only what is missing.
"""

import random
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.choices import Education, Post, Stage, TalentRecordKind
from members.models import Person, TalentRecord
from members.services.people import add_years, check_pipeline
from members.validators import id_check_char
from organizations.models import Entity, PartyOrganization

REGION = "370830"  # 汶上县
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫波斌宇浩凯健俊帆帅旭宁婷雪琳晶欣慧建国庆"
    "志新海峰亮成林东文博瑞泽晨阳"
)

# (how many, stage, talent?) — the article's figures by construction (see the module docstring).
PLAN = [
    (110, Stage.APPLICANT, False),
    (40, Stage.APPLICANT, True),
    (29, Stage.ACTIVIST, False),
    (308, Stage.ACTIVIST, True),
    (51, Stage.CANDIDATE, False),
    (80, Stage.CANDIDATE, True),
    (60, Stage.PROBATIONARY, True),
    (48, Stage.FULL, True),
    (20, Stage.PROBATIONARY, False),
    (150, Stage.FULL, False),
]
TALENT_RECORD_TITLES = [
    (TalentRecordKind.CONTEST, "汶上县职工职业技能大赛一等奖"),
    (TalentRecordKind.CONTEST, "济宁市技能竞赛二等奖"),
    (TalentRecordKind.HONOUR, "汶上县劳动模范"),
    (TalentRecordKind.HONOUR, "优秀共产党员"),
    (TalentRecordKind.HONOUR, "济宁市技术能手"),
]


def _days(rng, low, high) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _history(rng, stage: str, today: date) -> dict:
    """Stage dates that satisfy every pipeline rule by construction, ending no later than today."""
    if stage == Stage.APPLICANT:
        return {"applied_on": today - _days(rng, 0, 300)}
    if stage == Stage.ACTIVIST:
        activist_on = today - _days(rng, 0, 700)
        return {"activist_on": activist_on, "applied_on": activist_on - _days(rng, 30, 300)}
    if stage == Stage.FULL:
        full_on = today - _days(rng, 0, 2000)
        admitted_on = add_years(full_on - _days(rng, 0, 60), -1)
    elif stage == Stage.PROBATIONARY:
        admitted_on = today - _days(rng, 1, 364)
    else:
        admitted_on = None
    candidate_on = (admitted_on - _days(rng, 30, 200)) if admitted_on else today - _days(rng, 0, 300)
    activist_on = add_years(candidate_on, -1) - _days(rng, 0, 200)
    dates = {
        "candidate_on": candidate_on,
        "activist_on": activist_on,
        "applied_on": activist_on - _days(rng, 30, 300),
    }
    if admitted_on:
        dates.update(admitted_on=admitted_on, probation_ends_on=add_years(admitted_on, 1))
    if stage == Stage.FULL:
        dates["full_on"] = full_on
    return dates


def _identity(rng, used: set) -> tuple[str, date, str]:
    while True:
        birth = date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28))
        sequence = rng.randint(1, 999)
        first17 = f"{REGION}{birth:%Y%m%d}{sequence:03d}"
        if first17 not in used:
            used.add(first17)
            return first17 + id_check_char(first17), birth, "M" if sequence % 2 else "F"


def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(2026_0830)  # noqa: S311 - a fixed seed makes the demo reproducible
    today = timezone.localdate()
    orgs = list(PartyOrganization.objects.filter(depth__gt=1, is_active=True).order_by("path"))
    if not orgs:
        stdout.write("没有党组织，跳过人员演示数据。")
        return
    entities: dict[int, list[int]] = {}
    for org_id, entity_id in Entity.objects.filter(party_organization__in=orgs).values_list(
        "party_organization_id", "pk"
    ):
        entities.setdefault(org_id, []).append(entity_id)

    used: set[str] = set()
    planned: list[Person] = []
    for count, stage, talent in PLAN:
        for _ in range(count):
            id_number, birth, gender = _identity(rng, used)
            org = rng.choice(orgs)
            if talent:
                post = rng.choice([Post.MANAGEMENT, Post.TECHNICAL])
                flags = {"is_management_talent": post == Post.MANAGEMENT, "is_technical_talent": post == Post.TECHNICAL}
            else:
                post, flags = Post.STAFF, {}
            person = Person(
                name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
                gender=gender,
                birth_date=birth,
                id_number=id_number,
                phone=f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
                education=rng.choice(Education.values),
                entity_id=rng.choice(entities[org.pk]) if entities.get(org.pk) else None,
                post=post,
                party_organization=org,
                stage=stage,
                **flags,
                **_history(rng, stage, today),
            )
            check_pipeline(person, today=today)
            planned.append(person)

    existing = set(
        Person.objects.filter(id_number__in=[p.id_number for p in planned]).values_list("id_number", flat=True)
    )
    missing = [person for person in planned if person.id_number not in existing]
    if missing:
        bulk_create_with_history(missing, Person, batch_size=500, default_user=admin)

    # Contest results and honours for some of the talent who became members (双向培养).
    talent_members = list(
        Person.objects.filter(
            id_number__in=[p.id_number for p in planned],
            stage__in=[Stage.PROBATIONARY, Stage.FULL],
            is_management_talent=True,
        ).order_by("id_number")[:40]
    ) + list(
        Person.objects.filter(
            id_number__in=[p.id_number for p in planned],
            stage__in=[Stage.PROBATIONARY, Stage.FULL],
            is_technical_talent=True,
        ).order_by("id_number")[:40]
    )
    with_records = set(TalentRecord.objects.filter(person__in=talent_members).values_list("person_id", flat=True))
    records = []
    for index, person in enumerate(talent_members):
        if person.pk in with_records:
            continue
        kind, title = TALENT_RECORD_TITLES[index % len(TALENT_RECORD_TITLES)]
        awarded_on = min(today, (person.admitted_on or today) + timedelta(days=30 + index * 3))
        records.append(TalentRecord(person=person, kind=kind, title=title, awarded_on=awarded_on))
    TalentRecord.objects.bulk_create(records)
    stdout.write(f"人员：新增 {len(missing)} 人（共 {len(planned)} 人），竞赛成绩与荣誉 {len(records)} 条。")
