"""Demo data of the members area: certification (called by manage.py load_demo; safe to run twice).

The article: 95 Party-affairs workers certified under 红领党务 — here 60 初级, 25 中级 and 10 高级, plus a
few promoted, demoted and revoked certificates so the history and the verification page have something to
show. Written through the services; target-based, so a second run adds nothing.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from members.choices import CERT_LEVEL_ORDER, CertLevel, CertStatus, Gender, Post, Stage
from members.models import Certificate, Person
from members.services import certification as services
from members.validators import id_check_char
from organizations.models import PartyOrganization

TARGETS = {CertLevel.JUNIOR: 60, CertLevel.INTERMEDIATE: 25, CertLevel.SENIOR: 10}  # 95 in all
SCORES = {CertLevel.JUNIOR: (80, 89), CertLevel.INTERMEDIATE: (85, 94), CertLevel.SENIOR: (90, 99)}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = ["建华", "秀英", "志刚", "丽萍", "红霞", "海燕", "国栋", "春梅", "立新", "晓燕", "卫东", "桂芳", "文静", "振华"]
DEMO_POINTS = ["创建“红色引擎”党建示范点", "打造党群服务中心示范阵地", "建成产业链党建联盟示范点"]
RESULTS = ["所在企业获评市级党建示范企业", "带领支部获评县五星级党组织", "党建课题获市级优秀成果"]


def _id_number(rng: random.Random, birth: date, gender: str) -> str:
    sequence = rng.randrange(0, 50) * 2 + (1 if gender == Gender.MALE else 0)
    first17 = f"370830{birth:%Y%m%d}{rng.randrange(10, 99)}{sequence % 10}"
    return first17 + id_check_char(first17)


def _workers(rng: random.Random, needed: int, stdout) -> list[Person]:
    """Members without a certificate; when the people demo left too few, add Party-affairs workers."""
    candidates = list(
        Person.objects.filter(stage=Stage.FULL).exclude(certificates__isnull=False).order_by("pk")[:needed]
    )
    organizations = list(PartyOrganization.objects.filter(depth__gt=1).order_by("path")[:200])
    if not organizations:
        stdout.write("  红领党务：没有可用的党组织，跳过。")
        return []
    created = 0
    while len(candidates) < needed:
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        birth = date(rng.randrange(1968, 1995), rng.randrange(1, 13), rng.randrange(1, 29))
        number = _id_number(rng, birth, gender)
        if Person.objects.filter(id_number=number).exists():
            continue
        candidates.append(
            Person.objects.create(
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                gender=gender,
                birth_date=birth,
                id_number=number,
                party_organization=rng.choice(organizations),
                post=Post.MANAGEMENT,
                stage=Stage.FULL,
                full_on=date(birth.year + 25, 7, 1),
            )
        )
        created += 1
    if created:
        stdout.write(f"  红领党务：新增党务工作者 {created} 人。")
    return candidates


def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    rng = random.Random(2026)  # noqa: S311 -- repeatable demo data, not secrets
    today = timezone.localdate()
    valid = Certificate.objects.filter(status=CertStatus.VALID)
    missing = {level: max(0, target - valid.filter(level=level).count()) for level, target in TARGETS.items()}
    people = iter(_workers(rng, sum(missing.values()), stdout))
    granted = 0
    for level, count in missing.items():
        for index in range(count):
            person = next(people, None)
            if person is None:
                break
            issued_on = today - timedelta(days=rng.randrange(30, 600))
            high = SCORES[level][1]
            # A few holders came up a level within their cycle: the lower certificate stays in the history.
            promoted = level != CertLevel.JUNIOR and index < 3
            first_level = CERT_LEVEL_ORDER[CERT_LEVEL_ORDER.index(level) - 1] if promoted else level
            certificate = services.certificate_grant(
                by=admin,
                person=person,
                level=first_level,
                annual_score=rng.randint(*SCORES[first_level]),
                demo_point_work=rng.choice(DEMO_POINTS) if first_level != CertLevel.JUNIOR else "",
                results=rng.choice(RESULTS) if first_level == CertLevel.SENIOR else "",
                issued_on=issued_on - timedelta(days=200) if promoted else issued_on,
            )
            if promoted:
                services.certificate_promote(
                    by=admin,
                    certificate=certificate,
                    level=level,
                    annual_score=high,
                    demo_point_work=rng.choice(DEMO_POINTS),
                    results=rng.choice(RESULTS) if level == CertLevel.SENIOR else "",
                    changed_on=issued_on,
                )
            granted += 1
    if granted:
        stdout.write(f"  红领党务：颁发证书 {granted} 份。")
    if not Certificate.objects.filter(status=CertStatus.REVOKED).exists():
        # One who left Party-affairs work: a revoked certificate for the verification page to show.
        extra = _workers(rng, 1, stdout)
        if extra:
            certificate = services.certificate_grant(
                by=admin,
                person=extra[0],
                level=CertLevel.JUNIOR,
                annual_score=82,
                issued_on=today - timedelta(days=400),
            )
            services.certificate_revoke(by=admin, certificate=certificate, reason="已调离党务工作岗位")
