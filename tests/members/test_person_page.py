"""A person's page: the whole development history with its dates, and what the person is due for next."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from members.choices import Stage
from members.models import Person
from members.validators import id_check_char

TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False):
        yield


def person(org, *, name: str, serial: str, **fields) -> Person:
    first17 = f"37083019900501{serial}"
    return Person.objects.create(
        name=name,
        gender="M" if int(serial[-1]) % 2 else "F",
        birth_date=date(1990, 5, 1),
        id_number=first17 + id_check_char(first17),
        party_organization=org,
        **fields,
    )


def timeline_text(page: str) -> str:
    """The 发展历程 card as plain text, whitespace removed."""
    card = page.split("发展历程", 1)[1].split("竞赛成绩与荣誉", 1)[0]
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", " ", card))


def test_the_page_shows_every_step_reached_with_its_date_and_the_probation_end_ahead(world, secretary, as_user):
    probationary = person(
        world.org_a_child,
        name="王预备",
        serial="123",
        stage=Stage.PROBATIONARY,
        applied_on=date(2021, 1, 5),
        activist_on=date(2021, 3, 1),
        candidate_on=date(2022, 3, 1),
        admitted_on=date(2024, 7, 1),
        probation_ends_on=date(2025, 7, 1),
    )
    page = as_user(secretary).get(reverse("members:person_detail", args=[probationary.pk])).content.decode()

    assert re.sub(r"\s+", "", timeline_text(page)) == re.sub(
        r"\s+",
        "",
        "✓ 递交入党申请 （入党申请人） 2021-01-05"
        "✓ 确定为入党积极分子 （入党积极分子） 2021-03-01"
        "✓ 确定为发展对象 （发展对象） 2022-03-01"
        "✓ 接收为预备党员 （预备党员） 2024-07-01"
        "◷ 预备期满 2025-07-01"
        "6 转为正式党员 （正式党员） 未到",
    )
    assert "<strong>下一步：</strong>预备期 2025-07-01 期满，期满后讨论转正。" in page


def test_an_extended_probation_and_each_stages_next_step_are_named(world, secretary, as_user):
    extended = person(
        world.org_a_child,
        name="李延长",
        serial="135",
        stage=Stage.PROBATIONARY,
        applied_on=date(2021, 1, 5),
        activist_on=date(2021, 3, 1),
        candidate_on=date(2022, 3, 1),
        admitted_on=date(2024, 5, 1),
        probation_ends_on=date(2025, 6, 1),
    )
    ready = person(world.org_a, name="赵一年", serial="147", stage=Stage.ACTIVIST, applied_on=date(2024, 1, 2))
    Person.objects.filter(pk=ready.pk).update(activist_on=date(2024, 6, 15))
    waiting = person(world.org_a, name="钱半年", serial="159", stage=Stage.ACTIVIST, applied_on=date(2024, 1, 2))
    Person.objects.filter(pk=waiting.pk).update(activist_on=date(2025, 1, 10))
    client = as_user(secretary)
    extend = client.post(reverse("members:person_extend_probation", args=[extended.pk]), {"until": "2025-11-01"})
    assert extend.status_code == 302

    def page(someone) -> str:
        return client.get(reverse("members:person_detail", args=[someone.pk])).content.decode()

    assert "◷预备期满（已延长）2025-11-01" in timeline_text(page(extended))
    assert "预备期 2025-11-01 期满，期满后讨论转正。" in page(extended)
    assert "培养满一年（2025-06-15）后可确定为发展对象，现已满一年。" in page(ready)
    assert "培养满一年（2026-01-10）后可确定为发展对象。" in page(waiting)
    # The extension is kept in the page's audit trail, with who made it.
    audit = re.sub(r"\s+", "", re.sub(r"<[^>]+>", " ", page(extended).split("修改记录", 1)[1]))
    assert "甲公司书记修改" in audit and "预备期满日期：2025-06-01→2025-11-01" in audit
