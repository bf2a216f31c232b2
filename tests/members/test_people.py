"""People and the development pipeline: every rule and refusal, masking, due lists, 双向培养, import."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import imports
from core.choices import ImportStatus
from core.models import ImportJob
from members.choices import Stage
from members.models import Person, TalentRecord
from members.selectors import people as selectors
from members.services import people as services
from members.validators import id_check_char
from members.views.people import PersonListView
from tests.factories import make_entity

TODAY = date(2025, 6, 15)
_sequence = iter(range(101, 999, 2))


def id_for(birth: date, *, male: bool = True) -> str:
    sequence = next(_sequence) + (0 if male else 1)
    first17 = f"370830{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def make_person(org, *, name="张三", birth=date(1990, 5, 1), stage=Stage.APPLICANT, **dates) -> Person:
    """A person created straight in the database (dates assumed valid by the caller)."""
    dates.setdefault("applied_on", date(2022, 1, 10))
    return Person.objects.create(
        name=name,
        gender="M",
        birth_date=birth,
        id_number=id_for(birth),
        phone="13812345678",
        party_organization=org,
        stage=stage,
        **dates,
    )


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2025, 6, 15), tick=False):
        yield


# --- identity --------------------------------------------------------------------------------


def test_a_person_is_recorded_with_birth_date_and_gender_taken_from_the_id_number(world, secretary):
    number = id_for(date(1995, 3, 8), male=False)
    person = services.person_create(
        by=secretary, name="李四", id_number=number, party_organization=world.org_a_child, applied_on=date(2024, 1, 2)
    )
    assert (person.birth_date, person.gender, person.stage) == (date(1995, 3, 8), "F", Stage.APPLICANT)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id_number": "370830199003081234"}, "身份证号无效（校验不通过）"),
        ({"id_number": "37083019900308123"}, "应为 18 位"),
        ({"birth_date": date(1990, 3, 9)}, "出生日期与身份证号不一致"),
        ({"gender": "F"}, "性别与身份证号不一致"),
    ],
)
def test_it_refuses_an_invalid_or_inconsistent_id_number(world, secretary, change, reason):
    fields = {
        "name": "王五",
        "id_number": id_for(date(1990, 3, 8)),
        "party_organization": world.org_a_child,
        "applied_on": date(2024, 1, 2),
        **change,
    }
    with pytest.raises(ValidationError, match=reason):
        services.person_create(by=secretary, **fields)
    assert not Person.objects.exists()


def test_it_refuses_a_duplicate_id_number(world, secretary):
    person = make_person(world.org_a_child)
    with pytest.raises(ValidationError, match="该身份证号已登记"):
        services.person_create(
            by=secretary, name="重复", id_number=person.id_number, party_organization=world.org_a, applied_on=TODAY
        )
    assert Person.objects.count() == 1


def test_it_refuses_an_applicant_under_eighteen(world, secretary):
    with pytest.raises(ValidationError, match="年满 18 周岁"):
        services.person_create(
            by=secretary,
            name="少年",
            id_number=id_for(date(2007, 6, 16)),
            party_organization=world.org_a_child,
            applied_on=TODAY,
        )
    services.person_create(
        by=secretary, name="成年", id_number=id_for(date(2007, 6, 15)), party_organization=world.org_a, applied_on=TODAY
    )


def test_a_secretary_cannot_record_people_in_another_organisation(world, secretary):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.person_create(
            by=secretary,
            name="外人",
            id_number=id_for(date(1990, 1, 1)),
            party_organization=world.org_b,
            applied_on=TODAY,
        )


def test_an_application_date_in_the_future_is_refused(world, secretary):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.person_create(
            by=secretary,
            name="未来",
            id_number=id_for(date(1990, 1, 1)),
            party_organization=world.org_a,
            applied_on=TODAY + timedelta(days=1),
        )


# --- pipeline --------------------------------------------------------------------------------


def test_the_whole_pipeline_runs_in_order_with_its_dates(world, secretary):
    person = make_person(world.org_a_child, applied_on=date(2021, 1, 5))
    services.person_become_activist(by=secretary, person=person, on=date(2021, 3, 1))
    services.person_become_candidate(by=secretary, person=person, on=date(2022, 3, 1))
    services.person_admit(by=secretary, person=person, on=date(2022, 6, 1))
    assert person.probation_ends_on == date(2023, 6, 1)
    services.person_make_full(by=secretary, person=person, on=date(2023, 6, 1))
    assert person.stage == Stage.FULL
    assert person.history.count() == 5


def test_a_candidate_needs_a_full_year_as_activist(world, secretary):
    person = make_person(world.org_a_child, stage=Stage.ACTIVIST, activist_on=date(2024, 6, 16))
    with pytest.raises(ValidationError, match=r"一年以上培养.*最早 2025-06-16"):
        services.person_become_candidate(by=secretary, person=person, on=TODAY)
    person.refresh_from_db()
    assert (person.stage, person.candidate_on) == (Stage.ACTIVIST, None)


def test_no_stage_may_be_skipped(world, secretary):
    person = make_person(world.org_a_child)
    with pytest.raises(ValidationError, match="不能跳过阶段：当前为入党申请人"):
        services.person_admit(by=secretary, person=person, on=TODAY)
    with pytest.raises(ValidationError, match="不能跳过阶段"):
        services.person_make_full(by=secretary, person=person, on=TODAY)
    assert Person.objects.get().stage == Stage.APPLICANT


def test_dates_must_be_in_order_and_not_in_the_future(world, secretary):
    person = make_person(world.org_a_child, applied_on=date(2024, 1, 10))
    with pytest.raises(ValidationError, match="不能早于递交入党申请日期"):
        services.person_become_activist(by=secretary, person=person, on=date(2024, 1, 9))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.person_become_activist(by=secretary, person=person, on=TODAY + timedelta(days=1))
    assert Person.objects.get().activist_on is None


def test_full_membership_waits_for_the_end_of_probation(world, secretary):
    person = make_person(
        world.org_a_child,
        stage=Stage.PROBATIONARY,
        applied_on=date(2021, 1, 1),
        activist_on=date(2021, 2, 1),
        candidate_on=date(2022, 2, 1),
        admitted_on=date(2024, 6, 20),
        probation_ends_on=date(2025, 6, 20),
    )
    with pytest.raises(ValidationError, match="预备期满（2025-06-20）后才能转为正式党员"):
        services.person_make_full(by=secretary, person=person, on=TODAY)
    assert Person.objects.get().stage == Stage.PROBATIONARY


def test_probation_is_extended_once_by_at_most_a_year(world, secretary):
    person = make_person(
        world.org_a_child,
        stage=Stage.PROBATIONARY,
        applied_on=date(2021, 1, 1),
        activist_on=date(2021, 2, 1),
        candidate_on=date(2022, 2, 1),
        admitted_on=date(2024, 7, 1),
        probation_ends_on=date(2025, 7, 1),
    )
    with pytest.raises(ValidationError, match="最长一年"):
        services.person_extend_probation(by=secretary, person=person, until=date(2026, 7, 2))
    services.person_extend_probation(by=secretary, person=person, until=date(2026, 1, 1))
    assert (person.probation_ends_on, person.probation_extended) == (date(2026, 1, 1), True)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.person_extend_probation(by=secretary, person=person, until=date(2026, 6, 1))
    activist = make_person(world.org_a, name="积极分子", stage=Stage.ACTIVIST, activist_on=date(2022, 2, 1))
    with pytest.raises(ValidationError, match="只有预备党员"):
        services.person_extend_probation(by=secretary, person=activist, until=date(2026, 1, 1))


def test_the_advance_page_records_the_next_step_and_shows_the_refusal(world, secretary, as_user):
    person = make_person(world.org_a_child, stage=Stage.ACTIVIST, activist_on=date(2024, 9, 1))
    client = as_user(secretary)
    url = reverse("members:person_advance", args=[person.pk])
    response = client.post(url, {"on": "2025-06-01"})
    assert response.status_code == 200 and "一年以上培养" in response.content.decode()
    person.activist_on = date(2024, 5, 1)
    person.save()
    assert client.post(url, {"on": "2025-06-01"}).status_code == 302
    assert Person.objects.get().stage == Stage.CANDIDATE


def test_extension_and_talent_records_are_posts_in_scope(world, secretary, other_secretary, as_user, client):
    person = make_person(world.org_a_child)
    for name, data in (
        ("members:person_extend_probation", {"until": "2026-01-01"}),
        ("members:person_talent_add", {"kind": "honour", "title": "劳动模范", "awarded_on": "2025-05-01"}),
    ):
        url = reverse(name, args=[person.pk])
        assert as_user(other_secretary).post(url, data).status_code == 404
        assert as_user(secretary).get(url).status_code == 405
        anonymous = client.post(url, data)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
        assert as_user(secretary).post(url, data).status_code == 302
    assert TalentRecord.objects.get().title == "劳动模范"
    assert Person.objects.get().probation_extended is False  # an applicant has no probation to extend


# --- masking ---------------------------------------------------------------------------------


def test_lists_exports_and_the_api_mask_identity_unless_a_secretary_asks_for_it(
    world, secretary, area_reviewer, as_user
):
    person = make_person(world.org_a_child)
    masked = person.id_number[:4] + "*" * 12 + person.id_number[-2:]
    reviewer = as_user(area_reviewer)
    page = reviewer.get(reverse("members:person_list"), {"full": "1"}).content.decode()
    assert masked in page and person.id_number not in page and "138****5678" in page
    detail = reviewer.get(reverse("members:person_detail", args=[person.pk])).content.decode()
    assert person.id_number not in detail and "13812345678" not in detail
    sheet = openpyxl.load_workbook(
        io.BytesIO(reviewer.get(reverse("members:person_list"), {"format": "xlsx", "full": "1"}).content)
    ).active
    assert sheet.cell(4, 4).value == masked and sheet.cell(4, 5).value == "138****5678"
    api = reviewer.get(reverse("api:person-list"), {"full": "1"}).json()
    assert api["results"][0]["id_number"] == masked if "results" in api else api[0]["id_number"] == masked

    own = as_user(secretary)
    assert person.id_number not in own.get(reverse("members:person_list")).content.decode()
    assert person.id_number in own.get(reverse("members:person_list"), {"full": "1"}).content.decode()
    assert person.id_number in own.get(reverse("members:person_detail", args=[person.pk])).content.decode()
    api = own.get(reverse("api:person-detail", args=[person.pk])).json()
    assert api["id_number"] == masked and api["phone"] == "138****5678"
    assert (
        own.get(reverse("api:person-detail", args=[person.pk]), {"full": "1"}).json()["id_number"] == person.id_number
    )


def test_the_edit_page_keeps_identity_out_of_the_form_for_a_reviewer_and_saving_leaves_it_unchanged(
    world, secretary, area_reviewer, as_user
):
    person = make_person(world.org_a_child, name="赵编辑")
    number = person.id_number
    url = reverse("members:person_update", args=[person.pk])
    reviewer = as_user(area_reviewer)
    page = reviewer.get(url).content.decode()
    assert person.id_number not in page and "13812345678" not in page
    assert 'name="id_number"' not in page and 'name="phone"' not in page
    data = {
        "name": "赵改名",
        "party_organization": world.org_a_child.pk,
        "post": "staff",
        "applied_on": "2022-01-10",
    }
    assert reviewer.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.name, person.id_number, person.phone) == ("赵改名", number, "13812345678")

    own = as_user(secretary).get(url).content.decode()
    assert f'value="{person.id_number}"' in own and 'value="13812345678"' in own


def test_the_list_filters_by_area_organisation_stage_and_post(world, county_admin, as_user):
    make_person(world.org_a_child, name="甲申请人")
    make_person(world.org_a, name="甲积极分子", stage=Stage.ACTIVIST, activist_on=date(2023, 1, 1))
    make_person(world.org_b, name="乙申请人")
    Person.objects.filter(name="甲积极分子").update(post="technical", is_technical_talent=True)
    client = as_user(county_admin)
    url = reverse("members:person_list")

    def names(**params):
        return sorted(p.name for p in client.get(url, params).context["object_list"])

    assert names(area=world.area_a.pk) == ["甲申请人", "甲积极分子"]
    assert names(organization=world.org_a.pk) == ["甲申请人", "甲积极分子"]
    assert names(organization=world.org_a_child.pk) == ["甲申请人"]
    assert names(stage="activist") == ["甲积极分子"]
    assert names(post="technical") == ["甲积极分子"] == names(talent="technical")
    assert names(q="乙") == ["乙申请人"]


def test_the_person_list_query_count_does_not_grow_with_rows(
    world, county_admin, as_user, django_assert_max_num_queries
):
    entity = make_entity(world.area_a, "甲公司", org=world.org_a_child)
    for index in range(30):
        person = make_person(world.org_a_child if index % 2 else world.org_b, name=f"人{index}")
        person.entity = entity
        person.save()
    client = as_user(county_admin)
    client.get(reverse("members:person_list"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("members:person_list")).status_code == 200


# --- due lists and reports --------------------------------------------------------------------


def _probationary(org, name, admitted_on):
    return make_person(
        org,
        name=name,
        stage=Stage.PROBATIONARY,
        applied_on=date(2020, 1, 1),
        activist_on=date(2020, 2, 1),
        candidate_on=date(2021, 3, 1),
        admitted_on=admitted_on,
        probation_ends_on=services.add_years(admitted_on, 1),
    )


def test_the_due_list_shows_probations_ending_and_activists_reaching_a_year(world, secretary, as_user):
    _probationary(world.org_a_child, "本月期满", date(2024, 6, 30))
    _probationary(world.org_a_child, "下月期满", date(2024, 7, 1))
    _probationary(world.org_a_child, "早已期满", date(2024, 5, 31))
    _probationary(world.org_b, "别人的", date(2024, 6, 10))
    make_person(world.org_a, name="满一年", stage=Stage.ACTIVIST, activist_on=date(2024, 6, 1))
    make_person(world.org_a, name="未满一年", stage=Stage.ACTIVIST, activist_on=date(2024, 7, 1))
    sections = as_user(secretary).get(reverse("members:person_due")).context["sections"]
    assert [[p.name for p in people] for _title, _action, people in sections] == [
        ["本月期满"],
        ["下月期满"],
        ["满一年"],
    ]


def test_the_two_way_report_counts_activists_and_new_members_among_talent(world, county_admin, as_user):
    talent = make_person(world.org_a_child, name="技术骨干", stage=Stage.ACTIVIST, activist_on=date(2023, 1, 1))
    member = _probationary(world.org_a_child, "管理党员", date(2024, 8, 1))
    make_person(world.org_b, name="普通积极分子", stage=Stage.ACTIVIST, activist_on=date(2023, 1, 1))
    _probationary(world.org_b, "普通党员", date(2024, 8, 1))
    Person.objects.filter(pk=talent.pk).update(post="technical")
    Person.objects.filter(pk=member.pk).update(is_management_talent=True)
    TalentRecord.objects.create(person=member, kind="honour", title="优秀共产党员", awarded_on=date(2025, 1, 1))
    context = as_user(county_admin).get(reverse("members:talent_report")).context
    totals = {figure.key: figure.value for figure in context["figures"]}
    # The probationary member was an activist once but is no longer in training: counted as a new member only.
    assert (totals["talent"], totals["activists"], totals["new_members"], totals["members_with_records"]) == (
        2,
        1,
        1,
        1,
    )
    activists = [column.key for column in context["columns"]].index("activists")
    by_area = {row["area"]: row["values"][activists] for row in context["rows"]}
    assert by_area["甲镇"] == 1 and by_area["乙镇"] == 0
    counts = {
        row["party_organization__area__name"]: row for row in selectors.stage_counts_by_area(Person.objects.all())
    }
    assert (counts["乙镇"]["activist"], counts["乙镇"]["probationary"], counts["乙镇"]["total"]) == (1, 1, 2)


# --- import ----------------------------------------------------------------------------------

HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "联系电话",
    "学历",
    "工作单位(统一社会信用代码)",
    "岗位",
    "所在党组织",
    "管理人才",
    "技术人才",
    "发展阶段",
    "递交入党申请日期",
    "确定为入党积极分子日期",
    "确定为发展对象日期",
    "接收为预备党员日期",
    "预备期满日期",
    "转为正式党员日期",
]


def xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("人员.xlsx", buffer.getvalue())


def run(user, upload):
    job = imports.import_job_create(user=user, resource_key="people", uploaded_file=upload)
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    return job


def row(
    name,
    birth,
    *,
    stage="入党积极分子",
    applied="2022-01-01",
    activist="2022-03-01",
    candidate=None,
    org="甲公司第一党支部",
    entity=None,
):
    number = id_for(birth)
    return [
        name,
        "男",
        birth,
        number,
        "13900001111",
        "本科",
        entity,
        "技术骨干",
        org,
        "否",
        "是",
        stage,
        applied,
        activist,
        candidate,
        None,
        None,
        None,
    ]


def test_an_import_with_bad_rows_imports_nothing_and_names_each_row(world, secretary):
    entity = make_entity(world.area_a, "甲公司", org=world.org_a_child)
    good = row("好人", date(1990, 1, 1), entity=entity.credit_code)
    bad_check = row("错号", date(1990, 1, 2))
    bad_check[3] = bad_check[3][:-1] + ("0" if bad_check[3][-1] != "0" else "1")
    duplicate = list(good)
    duplicate[0] = "重复"
    minor = row("少年", date(2005, 1, 1), applied="2022-01-01")
    early = row("太早", date(1990, 1, 3), stage="发展对象", candidate="2022-12-01")
    job = run(secretary, xlsx([good, bad_check, duplicate, minor, early]))
    assert job.status == ImportStatus.INVALID
    by_row = {error["row"]: error["message"] for error in job.errors}
    assert set(by_row) == {3, 4, 5, 6}
    assert "无效（校验不通过）" in by_row[3] and "与第 2 行重复（身份证号相同）" in by_row[4]
    assert "18 周岁" in by_row[5] and "一年以上" in by_row[6]
    assert not Person.objects.exists()

    job = run(secretary, xlsx([good, row("另一人", date(1991, 2, 2), stage="入党申请人", activist=None)]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    imported = Person.objects.get(name="好人")
    assert (imported.stage, imported.entity, imported.post, imported.is_technical_talent) == (
        Stage.ACTIVIST,
        entity,
        "technical",
        True,
    )
    assert Person.objects.count() == 2


def test_an_import_refuses_a_name_or_phone_longer_than_the_register_holds(world, secretary):
    """The lengths are the model's own rules, checked row by row with the rest (not left to the database)."""
    long_name = row("长" * 51, date(1990, 1, 1))
    long_phone = row("电话长", date(1990, 1, 2))
    long_phone[4] = "1" * 21
    job = run(secretary, xlsx([row("合格", date(1990, 1, 3)), long_name, long_phone]))
    assert job.status == ImportStatus.INVALID
    by_row = {error["row"]: error["message"] for error in job.errors}
    assert set(by_row) == {3, 4}
    assert by_row[3].startswith("姓名：") and "50" in by_row[3]
    assert by_row[4].startswith("联系电话：") and "20" in by_row[4]
    assert not Person.objects.exists()


def test_an_import_into_another_organisation_is_refused(world, secretary):
    job = run(secretary, xlsx([row("外人", date(1990, 1, 1), org="乙公司党支部")]))
    assert job.status == ImportStatus.INVALID and "找不到党组织" in job.errors[0]["message"]
    assert not Person.objects.exists()


def test_an_import_refuses_a_skipped_stage_and_a_number_recorded_before_and_saves_nothing(world, secretary):
    recorded = make_person(world.org_a_child, name="已登记")
    again = row("再登记", date(1990, 1, 1))
    again[3] = recorded.id_number
    # 发展对象 without the date of becoming an activist, and a 预备党员 date on an activist: both skip a stage.
    no_activist_date = row("跳过", date(1990, 2, 2), stage="发展对象", activist=None, candidate="2023-06-01")
    admitted_early = row("越级", date(1990, 3, 3))
    admitted_early[15] = "2024-01-01"
    good = row("合格", date(1990, 4, 4))
    job = run(secretary, xlsx([good, again, no_activist_date, admitted_early]))
    assert job.status == ImportStatus.INVALID
    by_row = {error["row"]: error["message"] for error in job.errors}
    assert set(by_row) == {3, 4, 5}
    assert "该身份证号已登记" in by_row[3]
    assert "请填写确定为入党积极分子日期" in by_row[4]
    assert "不能跳过阶段" in by_row[5]
    assert list(Person.objects.values_list("name", flat=True)) == ["已登记"]


def test_an_import_costs_the_same_queries_for_2_rows_as_for_16(world, county_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [row(f"人{index}", date(1980, 1, 1) + timedelta(days=index)) for index in range(18)]
    entity = make_entity(world.area_a, "甲公司", org=world.org_a_child)
    for index in range(0, 18, 3):
        rows[index][6] = entity.credit_code

    def commit(sheet):
        job = imports.import_job_create(user=county_admin, resource_key="people", uploaded_file=sheet)
        imports.import_job_validate(job_id=job.pk)
        with CaptureQueriesContext(connection) as queries:
            imports.import_job_commit(job_id=job.pk)
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
        return len(queries.captured_queries)

    assert commit(xlsx(rows[:2])) == commit(xlsx(rows[2:]))
    assert Person.objects.count() == 18


def test_bulk_creation_refuses_an_organisation_outside_the_scope_and_writes_nothing(world, secretary):
    outsider = Person(name="外人", id_number=id_for(date(1990, 1, 1)), party_organization=world.org_b)
    outsider.applied_on = date(2020, 1, 1)
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.people_create_bulk(by=secretary, people=[outsider])
    assert not Person.objects.exists()


def test_bulk_creation_checks_each_person_and_records_who_created_them(world, secretary):
    minor = Person(name="少年", id_number=id_for(date(2010, 1, 1)), party_organization=world.org_a_child)
    minor.applied_on = date(2020, 1, 1)
    with pytest.raises(ValidationError, match="18 周岁"):
        services.people_create_bulk(by=secretary, people=[minor])
    adult = Person(name="成人", id_number=id_for(date(1990, 1, 1)), party_organization=world.org_a_child)
    adult.applied_on = date(2020, 1, 1)
    twin = Person(name="同号", id_number=adult.id_number, party_organization=world.org_a_child)
    twin.applied_on = date(2020, 1, 1)
    with pytest.raises(ValidationError, match="已登记"):
        services.people_create_bulk(by=secretary, people=[adult, twin])
    [created] = services.people_create_bulk(by=secretary, people=[adult])
    record = created.history.get()
    assert (record.history_type, record.history_user, record.name, record.stage) == (
        "+",
        secretary,
        "成人",
        "applicant",
    )
    assert created.birth_date == date(1990, 1, 1)


# --- demo ------------------------------------------------------------------------------------


def test_the_demo_reproduces_the_articles_pipeline_figures_and_is_idempotent(db, as_user):
    from django.core.management import call_command

    from core.models import User

    call_command("load_demo", stdout=io.StringIO())
    count = Person.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Person.objects.count() == count
    people = Person.objects.all()
    pipeline = PersonListView.totals.values(people)
    assert (pipeline["activists"], pipeline["candidates"]) == (468, 131)
    totals = selectors.two_way_report(people)["totals"]
    assert (totals["activists"], totals["new_members"]) == (388, 108)
    for person in people.exclude(applied_on=None):  # other parts' demos add people without a pipeline
        services.check_pipeline(person)
    assert as_user(User.objects.get(username="county_admin")).get(reverse("members:talent_report")).status_code == 200
