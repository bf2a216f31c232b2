"""Rules on every way in (docs/rules.md): each violation is refused with the same Chinese message, nothing saved.

A rule held on one path and open on another is the defect this file exists for: the 联合建 limit of fifty
members was enforced when an entity was attached, not when the member count of an attached entity was raised
on its page, by an import update or by a survey record; a joint organisation could be made standalone while
covering several entities; a posting could be dated before the month it posts had ended.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.admin import ReadOnlyAdmin
from core.choices import ImportStatus
from core.imports import import_job_commit
from members.validators import id_check_char, validate_id_number
from organizations.choices import EstablishmentMethod, PartyOrgKind
from organizations.models import SIX_CLEARS, Entity, PartyOrganization, SurveyRecord
from organizations.services import survey
from organizations.validators import uscc_check_char, validate_uscc
from scoring.choices import PostingKind
from scoring.models import MonthlyResult, Posting
from scoring.services import postings
from tests.factories import make_entity
from tests.organizations.test_entities import run, xlsx

MEMBERS_OVER = "联合党组织覆盖的正式党员不能超过 50 名（将达 51 名）"
STANDALONE_ONE = "单独建立的党组织只能覆盖一个经营主体"


@pytest.fixture
def joint(world):
    """A joint organisation in area A covering two entities with 45 full members between them."""
    organization = PartyOrganization.objects.add_child(
        world.committee_a,
        instance=PartyOrganization(
            name="甲片区联合党支部",
            kind=PartyOrgKind.JOINT_BRANCH,
            area=world.area_a,
            establishment_method=EstablishmentMethod.JOINT,
        ),
    )
    make_entity(world.area_a, "联合一号", org=organization, members=40)
    make_entity(world.area_a, "联合二号", org=organization, members=5)
    return organization


def _covered(joint, name):
    return Entity.objects.get(party_organization=joint, name=name)


def _members(joint):
    return sorted(Entity.objects.filter(party_organization=joint).values_list("name", "full_member_count"))


def _entity_row(entity, members, org="甲片区联合党支部"):
    return [entity.credit_code, entity.name, "非公企业", "甲镇", "", 10, members, "否", "是", org]


def _entity_form(entity, **changes):
    data = {
        "kind": entity.kind,
        "name": entity.name,
        "credit_code": entity.credit_code,
        "area": entity.area_id,
        "industry": entity.industry,
        "staff_count": entity.staff_count or 0,
        "full_member_count": entity.full_member_count,
        "is_key_enterprise": "on" if entity.is_key_enterprise else "",
        "is_operating": "on" if entity.is_operating else "",
    }
    return {**data, **changes}


# --- 联合建 at most fifty full members: every way in -----------------------------------------------


def test_members_limit_covering_through_the_page(joint, world, county_admin, as_user):
    newcomer = make_entity(world.area_a, "新来的", members=6)
    response = as_user(county_admin).post(
        reverse("organizations:entity_cover", args=[newcomer.pk]), {"party_organization": joint.pk}, follow=True
    )
    assert MEMBERS_OVER in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.party_organization_id is None


def test_members_limit_raising_the_count_on_the_entity_page(joint, county_admin, as_user):
    before = _members(joint)
    entity = _covered(joint, "联合二号")
    response = as_user(county_admin).post(
        reverse("organizations:entity_update", args=[entity.pk]), _entity_form(entity, full_member_count=11)
    )
    assert response.status_code == 200
    assert MEMBERS_OVER in response.content.decode()
    assert _members(joint) == before
    # Lowering, or raising within the limit, is still fine.
    as_user(county_admin).post(
        reverse("organizations:entity_update", args=[entity.pk]), _entity_form(entity, full_member_count=10)
    )
    assert _covered(joint, "联合二号").full_member_count == 10


def test_members_limit_by_an_import_creating_a_covered_entity(joint, world, county_admin):
    from organizations.demo.entities import credit_code

    row = [credit_code(777), "导入新户", "非公企业", "甲镇", "", 10, 6, "否", "是", "甲片区联合党支部"]
    job = run(county_admin, xlsx([row]))
    assert job.status == ImportStatus.INVALID
    assert job.errors[0]["row"] == 2 and MEMBERS_OVER in job.errors[0]["message"]
    assert not Entity.objects.filter(name="导入新户").exists()


def test_members_limit_by_an_import_updating_a_covered_entity(joint, county_admin):
    before = _members(joint)
    entity = _covered(joint, "联合二号")
    job = run(county_admin, xlsx([_entity_row(entity, 11)]))
    assert job.status == ImportStatus.INVALID
    assert job.errors[0]["row"] == 2 and MEMBERS_OVER in job.errors[0]["message"]
    assert _members(joint) == before
    # The same update within the limit passes validation and commits.
    job = run(county_admin, xlsx([_entity_row(entity, 10)]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    import_job_commit(job_id=job.pk)
    assert _covered(joint, "联合二号").full_member_count == 10


def test_members_limit_by_a_survey_record(joint, county_admin, as_user):
    campaign = survey.campaign_open(by=county_admin, year=2026, half=2)
    entity = _covered(joint, "联合二号")
    record = SurveyRecord.objects.get(campaign=campaign, entity=entity)
    data = {field: "已核实" for field, _label in SIX_CLEARS} | {"staff_count": 10, "full_member_count": 11}
    response = as_user(county_admin).post(reverse("organizations:surveyrecord_update", args=[record.pk]), data)
    assert response.status_code == 200
    assert MEMBERS_OVER in response.content.decode()
    record.refresh_from_db()
    assert record.full_member_count != 11
    assert _covered(joint, "联合二号").full_member_count == 5


def test_standalone_limit_making_a_joint_organisation_standalone_on_its_page(joint, county_admin, as_user):
    data = {
        "name": joint.name,
        "kind": joint.kind,
        "establishment_method": EstablishmentMethod.STANDALONE,
        "founded_on": "",
        "secretary_name": "",
        "demo_level": joint.demo_level,
        "is_active": "on",
    }
    response = as_user(county_admin).post(reverse("organizations:partyorganization_update", args=[joint.pk]), data)
    assert response.status_code == 200
    assert STANDALONE_ONE in response.content.decode()
    joint.refresh_from_db()
    assert joint.establishment_method == EstablishmentMethod.JOINT


def test_entities_have_no_write_path_in_the_api(joint, county_admin, as_user):
    entity = _covered(joint, "联合二号")
    client = as_user(county_admin)
    assert client.post("/api/entities/", {"name": "x"}).status_code == 405
    assert client.patch(f"/api/entities/{entity.pk}/", {"full_member_count": 11}).status_code == 405
    assert _covered(joint, "联合二号").full_member_count == 5


# --- the Django admin is not a way around the rules ------------------------------------------------

# Reference data without a rule beyond the database's own constraints, still kept in the admin until the
# portal has pages for them; every other domain model registered there is read-only.
EDITABLE_IN_ADMIN = {"core.user", "organizations.area", "industry_chains.industrychain", "industry_chains.department"}


def test_domain_models_in_the_admin_are_read_only():
    editable = sorted(
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"core", "organizations", "members", "scoring", "industry_chains"}
        and not isinstance(model_admin, ReadOnlyAdmin)
        and model_admin.has_change_permission.__func__ is not ReadOnlyAdmin.has_change_permission
        and model._meta.label_lower not in EDITABLE_IN_ADMIN
        and model._meta.label_lower != "core.importjob"
    )
    assert editable == []


def test_the_admin_refuses_to_change_an_organisation(joint, county_admin, as_user):
    county_admin.is_staff = county_admin.is_superuser = True
    county_admin.save()
    client = as_user(county_admin)
    url = reverse("admin:organizations_partyorganization_change", args=[joint.pk])
    response = client.post(url, {"name": "改名", "establishment_method": EstablishmentMethod.STANDALONE})
    assert response.status_code == 403
    joint.refresh_from_db()
    assert (joint.name, joint.establishment_method) == ("甲片区联合党支部", EstablishmentMethod.JOINT)


# --- a posting cannot predate what it posts ------------------------------------------------------------


@pytest.fixture
def april_star(world):
    from tests.scoring.factories import make_person

    person = make_person(world.org_a, "欧阳娜娜")
    return MonthlyResult.objects.create(
        person=person,
        party_organization=world.org_a,
        month=date(2025, 4, 1),
        total=12,
        star_count=3,
        is_star_member=True,
    )


def test_a_month_is_posted_only_after_it_ended_through_the_service(april_star, county_admin):
    from tests.scoring.factories import publish

    with pytest.raises(ValidationError, match="发布日期不能早于2025年4月结束：最早 2025-05-01"):
        publish(county_admin, kind=PostingKind.STAR_MONTHLY, subject="2025-04", published_on=date(2025, 4, 30))
    assert not Posting.objects.exists()
    posting = publish(county_admin, kind=PostingKind.STAR_MONTHLY, subject="2025-04", published_on=date(2025, 5, 1))
    assert posting.lines.count() == 1


def test_a_month_is_posted_only_after_it_ended_through_the_page(april_star, county_admin, as_user):
    data = {"kind": PostingKind.STAR_MONTHLY, "subject": "2025-04", "published_on": "2025-04-30", "contact": ""}
    response = as_user(county_admin).post(reverse("scoring:posting_create"), data)
    assert response.status_code == 200
    assert "发布日期不能早于2025年4月结束" in response.content.decode()
    assert "confirm-form" not in response.content.decode()  # refused at the form: no preview to confirm
    assert not Posting.objects.exists()


@pytest.mark.parametrize(
    ("kind", "subject", "earliest"),
    [
        (PostingKind.STAR_MONTHLY, "2025-12", date(2026, 1, 1)),
        (PostingKind.STAR_QUARTERLY, "2025Q4", date(2026, 1, 1)),
        (PostingKind.STAR_QUARTERLY, "2025Q2", date(2025, 7, 1)),
        (PostingKind.STAR_RATING, "2025", date(2025, 1, 1)),
    ],
)
def test_the_earliest_publication_day_of_each_period(kind, subject, earliest):
    pattern, _example = postings.SUBJECT_FORMATS[kind]
    numbers = tuple(int(part) for part in re.match(pattern, subject).groups())
    assert postings.earliest_publication(kind, numbers, []) == earliest


# --- a check digit refusal does not tell the digit ------------------------------------------------------


def test_check_digit_refusals_do_not_say_what_the_digit_should_be():
    from organizations.demo.entities import credit_code

    code = credit_code(5)
    wrong = code[:-1] + ("0" if uscc_check_char(code[:17]) != "0" else "1")
    with pytest.raises(ValidationError) as uscc:
        validate_uscc(wrong)
    number = "37083019900308123"
    with pytest.raises(ValidationError) as idn:
        validate_id_number(number + ("0" if id_check_char(number) != "0" else "1"))
    for error, right in ((uscc, uscc_check_char(code[:17])), (idn, id_check_char(number))):
        message = error.value.messages[0]
        assert "无效" in message and "应为" not in message and right not in message[-12:]


# --- the index itself ------------------------------------------------------------------------------------


def test_every_service_function_named_in_the_rules_index_exists():
    """docs/rules.md names the one function per rule: a renamed or removed one makes the index stale."""
    import importlib

    text = (Path(settings.BASE_DIR) / "docs" / "rules.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`((?:core|organizations|members|scoring|industry_chains|party_life)\.[\w.]+)`", text))
    assert len(names) >= 20
    missing = []
    for dotted in sorted(names):
        module_name, _dot, attribute = dotted.rpartition(".")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            missing.append(dotted)
            continue
        if not hasattr(module, attribute):
            missing.append(dotted)
    assert missing == []
    tests = set(re.findall(r"`(tests/[\w/]+\.py)", text))
    assert [name for name in sorted(tests) if not (Path(settings.BASE_DIR) / name).exists()] == []


# --- the database as a second line ----------------------------------------------------------------------


def test_the_database_refuses_pipeline_dates_that_run_backwards(world):
    from django.db import IntegrityError, transaction

    from members.models import Person
    from tests.scoring.factories import make_person

    person = make_person(world.org_a, "张三")
    backwards = {"applied_on": date(2024, 3, 1), "activist_on": date(2024, 2, 1)}
    with pytest.raises(IntegrityError, match="person_stage_dates_in_order"), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(**backwards)
    Person.objects.filter(pk=person.pk).update(applied_on=date(2024, 2, 1), activist_on=date(2024, 3, 1))
