"""督办考核's columns mean what their definitions say: on tickets spread over two periods, three departments and
two chains, every column of the page equals the value counted here by a plain loop over the tickets (not the
selector), for each period; the headers, the definitions under the tables and the Excel export (its headers and
its 指标口径 sheet) come from the columns' definitions, and a column that opens a list opens exactly its rows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from core.spreadsheets import DEFINITIONS_SHEET
from industry_chains.choices import TicketStatus
from industry_chains.models import Ticket, TicketAssignment
from industry_chains.selectors import assessment
from industry_chains.selectors.figures import CATALOGUE as DASHBOARD
from industry_chains.services import tickets as services
from industry_chains.views import assessment as view
from tests.factories import DepartmentFactory, IndustryChainFactory, UserFactory
from tests.industry_chains.factories import chain_staff_of, member_enterprise, reported

TODAY = date(2025, 12, 19)
FIRST = (date(2025, 7, 1), date(2025, 9, 30))
SECOND = (date(2025, 10, 1), date(2025, 12, 31))
PERIODS = (FIRST, SECOND)


def _at(day: date, hour: int = 10, minute: int = 0):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(hour, minute)), timezone.get_fixed_timezone(480)), tick=False
    )


@dataclass
class Office:
    chains: dict  # name -> (enterprise, staff)
    handlers: dict  # department name -> handler
    departments: dict  # name -> department
    secretary: object


def _story(office: Office, chain: str, day: date, outcome: str, lead: str = "", co=(), *, at=(10, 0)):
    """One ticket reported on ``day`` in ``chain`` and taken as far as ``outcome``; the departments by name."""
    enterprise, staff = office.chains[chain]
    secretary, handler = office.secretary, office.handlers
    with _at(day, *at):
        ticket = reported(secretary, enterprise)
    if outcome == "returned":
        with _at(day, *at):
            services.ticket_return(by=staff, ticket=ticket, reason="不属于产业链事项")
        return
    if outcome == "waiting":
        return
    dispatch_day = day + timedelta(days=1) if at[0] == 23 else day  # reported late at night, dispatched after 0:00
    with _at(dispatch_day, 0 if at[0] == 23 else 11, 30):
        services.ticket_accept(by=staff, ticket=ticket)
        services.ticket_dispatch(
            by=staff,
            ticket=ticket,
            lead=office.departments[lead],
            co_handlers=[office.departments[name] for name in co],
        )

    def step(offset: int, action, **kwargs):
        with _at(day + timedelta(days=offset), 15):
            action(ticket=Ticket.objects.get(pk=ticket.pk), **kwargs)

    def reply(offset: int, department: str):
        step(offset, services.ticket_reply, by=handler[department], reply=f"{department}已办理")

    if outcome == "open":
        return
    if outcome == "closed_on_time":
        for name in co:
            reply(1, name)
        reply(1, lead)
        step(2, services.ticket_confirm, by=secretary, rating=5)
    elif outcome == "closed_on_time_co_silent":
        reply(1, lead)  # the co-handler never answers: the ticket went on without it
        step(3, services.ticket_confirm, by=secretary, rating=4)
    elif outcome == "closed_late":
        for name in co:
            reply(35, name)
        reply(40, lead)
        step(41, services.ticket_confirm, by=secretary, rating=2)
    elif outcome == "supervised_then_late":
        with _at(day + timedelta(days=30), 1):
            services.tickets_supervise_overdue()
        reply(31, lead)
        step(61, services.ticket_confirm, by=secretary, rating=4)  # closed in the next period
    elif outcome == "supervised_open":
        with _at(day + timedelta(days=30), 1):
            services.tickets_supervise_overdue()
    elif outcome == "replied":
        reply(1, lead)
    elif outcome == "rejected":
        reply(1, lead)
        step(2, services.ticket_reject, by=secretary, reason="问题没有解决")
    else:  # pragma: no cover - a typo in a story
        raise AssertionError(outcome)


@pytest.fixture
def office(world, chain, chain_staff, secretary, department, co_department, dept_handler):
    """Two chains (甲纺织 of 纺织服装, 甲化工 of 高端化工), three departments, and thirteen tickets over two periods."""
    chemicals = IndustryChainFactory(name="高端化工")
    commerce = DepartmentFactory(name="县商务局")
    result = Office(
        chains={
            "纺织": (member_enterprise(chain, world.area_a, "甲纺织有限公司", org=world.org_a), chain_staff),
            "化工": (
                member_enterprise(chemicals, world.area_a, "甲化工有限公司", org=world.org_a),
                chain_staff_of(chemicals, "chem"),
            ),
        },
        handlers={
            "工信": dept_handler,
            "人社": UserFactory(role="dept_handler", department=co_department),
            "商务": UserFactory(role="dept_handler", department=commerce),
        },
        departments={"工信": department, "人社": co_department, "商务": commerce},
        secretary=secretary,
    )
    stories = [
        ("纺织", date(2025, 7, 3), "closed_on_time", "工信", ("人社",)),
        ("纺织", date(2025, 7, 10), "closed_late", "工信", ()),
        ("化工", date(2025, 8, 5), "supervised_then_late", "商务", ("工信",)),
        ("化工", date(2025, 8, 12), "rejected", "人社", ()),
        ("纺织", date(2025, 8, 20), "returned", "", ()),
        ("化工", date(2025, 9, 1), "replied", "商务", ()),
        ("纺织", date(2025, 10, 9), "closed_on_time", "商务", ("人社",)),
        ("化工", date(2025, 10, 20), "supervised_open", "工信", ()),
        ("化工", date(2025, 10, 25), "closed_late", "工信", ("商务",)),
        ("纺织", date(2025, 11, 3), "waiting", "", ()),
        ("化工", date(2025, 11, 14), "closed_on_time_co_silent", "人社", ("工信",)),
        ("化工", date(2025, 12, 1), "returned", "", ()),
        ("纺织", date(2025, 12, 17), "open", "商务", ()),  # not yet due on TODAY
    ]
    for chain_name, day, outcome, lead, co in stories:
        _story(result, chain_name, day, outcome, lead, co)
    # Reported at 23:30 on the first period's last day (Beijing time), dispatched at 0:30 the next day: the chain
    # counts it in the first period, the department in the second.
    _story(result, "纺织", date(2025, 9, 30), "open", "人社", at=(23, 30))
    return result


# --- the plain counts -------------------------------------------------------------------------------


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _rate(part: int, whole: int):
    return round(100 * part / whole, 1) if whole else None


def _days(hours: list[float]):
    return round(sum(hours) / len(hours) / 24, 1) if hours else None


def _columns(prefix: str, received, closed, on_time, overdue, hours, rated, satisfied) -> dict:
    return {
        f"{prefix}_received": received,
        f"{prefix}_closed": closed,
        f"{prefix}_close_rate": _rate(closed, received),
        f"{prefix}_on_time": on_time,
        f"{prefix}_overdue": overdue,
        f"{prefix}_on_time_rate": _rate(on_time, on_time + overdue),
        f"{prefix}_avg_days": _days(hours),
        f"{prefix}_rated": rated,
        f"{prefix}_satisfied": satisfied,
        f"{prefix}_satisfaction_rate": _rate(satisfied, rated),
    }


def _department_row(assignments: list) -> dict:
    """What each department column says it counts, for the assignments (派单) of one department."""
    closed = [a for a in assignments if a.ticket.status == TicketStatus.CLOSED]
    late = [
        a
        for a in assignments
        if a.on_time is False
        or (a.replied_at is None and a.due_on < TODAY and a.ticket.status == TicketStatus.DISPATCHED)
    ]
    rated = [a for a in assignments if a.ticket.rating is not None]
    return _columns(
        "department",
        len(assignments),
        len(closed),
        sum(1 for a in assignments if a.on_time is True),
        len(late),
        [a.ticket.hours_to_close for a in closed],
        len(rated),
        sum(1 for a in rated if a.ticket.rating >= 4),
    )


def _chain_row(tickets: list) -> dict:
    """What each chain column says it counts, for the tickets of one chain."""
    closed = [t for t in tickets if t.status == TicketStatus.CLOSED]
    late = [
        t
        for t in tickets
        if t.replied_on_time is False
        or (t.replied_on_time is None and t.supervised_at is not None)
        or (t.replied_on_time is None and t.status == TicketStatus.DISPATCHED and t.due_on < TODAY)
    ]
    rated = [t for t in tickets if t.rating is not None]
    return _columns(
        "chain",
        len(tickets),
        len(closed),
        sum(1 for t in tickets if t.replied_on_time is True),
        len(late),
        [t.hours_to_close for t in closed],
        len(rated),
        sum(1 for t in rated if t.rating >= 4),
    )


def _expected(start: date, end: date) -> tuple[dict, dict]:
    """(department name -> columns, with 合计) and (chain name -> columns, with 合计), for the period."""
    assignments = [
        a
        for a in TicketAssignment.objects.select_related("ticket", "department")
        if start <= _local_day(a.assigned_at) <= end
    ]
    departments = {
        name: _department_row([a for a in assignments if a.department.name == name])
        for name in {a.department.name for a in assignments}
    }
    departments["合计（按派单计）"] = _department_row(assignments)
    tickets = [
        t
        for t in Ticket.objects.select_related("chain")
        if start <= _local_day(t.reported_at) <= end and t.status != TicketStatus.RETURNED
    ]
    names = {t.chain.name for t in tickets}
    chains = {name: _chain_row([t for t in tickets if t.chain.name == name]) for name in names}
    chains["合计"] = _chain_row(tickets)
    return departments, chains


# --- the page ----------------------------------------------------------------------------------------


def _page(client, start: date, end: date, **extra):
    with _at(TODAY, 10):
        return client.get(reverse("industry_chains:assessment"), {"start": start, "end": end, **extra})


def _shown(rows, total) -> dict:
    shown = {row.name: {cell.definition.key: cell.value for cell in row.cells} for row in rows}
    shown[total.name] = {cell.definition.key: cell.value for cell in total.cells}
    return shown


def test_each_column_equals_a_plain_count_over_the_tickets_for_two_periods(office, as_user, county_admin):
    client = as_user(county_admin)
    seen = []
    for start, end in PERIODS:
        departments, chains = _expected(start, end)
        context = _page(client, start, end).context
        assert _shown(context["departments"], context["department_total"]) == departments, (start, end)
        assert _shown(context["chains"], context["chain_total"]) == chains, (start, end)
        seen.append((departments, chains))
    first, second = seen
    assert first != second
    # The stories reach every kind of count, so a column computed wrongly shows.
    for departments, chains in seen:
        for prefix, rows in (("department", departments), ("chain", chains)):
            total = next(values for name, values in rows.items() if name.startswith("合计"))
            assert total[f"{prefix}_on_time"] and total[f"{prefix}_overdue"], (prefix, total)
            assert 0 < total[f"{prefix}_closed"] < total[f"{prefix}_received"], (prefix, total)
            assert 0 < total[f"{prefix}_satisfied"] <= total[f"{prefix}_rated"], (prefix, total)
    # The night ticket: the chain counts it in the first period (3 of 纺织服装's, besides the returned one), the
    # department that got it in the second (with a co-handled and a led ticket).
    assert first[1]["纺织服装"]["chain_received"] == 3
    assert [rows["县人力资源和社会保障局"]["department_received"] for rows, _chains in seen] == [2, 3]


def test_the_department_and_the_chain_tables_count_as_their_definitions_say_and_differ_from_the_dashboard(office):
    # Returned tickets: out of the chains' 收到, in the dashboard's 企业吹哨诉求.
    assert "不含已退回" in assessment.CHAIN_COLUMNS["chain_received"].definition
    assert DASHBOARD["tickets_received"].label in assessment.CHAIN_COLUMNS["chain_received"].definition
    for columns, prefix in ((assessment.DEPARTMENT_COLUMNS, "department"), (assessment.CHAIN_COLUMNS, "chain")):
        assert DASHBOARD["tickets_closed"].label in columns[f"{prefix}_closed"].definition
        assert DASHBOARD["satisfaction"].label in columns[f"{prefix}_satisfaction_rate"].definition
        assert [d.label for d in columns.definitions.values()] == [
            "收到",
            "办结",
            "办结率",
            "按时",
            "逾期",
            "按时率",
            "平均办结用时",
            "已评价",
            "满意",
            "满意率",
        ]


def test_the_headers_and_the_definitions_under_the_tables_come_from_the_columns(office, as_user, county_admin):
    page = _page(as_user(county_admin), *SECOND).content.decode()
    for columns in (assessment.DEPARTMENT_COLUMNS, assessment.CHAIN_COLUMNS):
        for definition in columns.definitions.values():
            text = escape(definition.definition)
            assert f'title="{text}" data-column="{definition.key}">{definition.label}</th>' in page
            assert f"{definition.label}（{definition.unit}）</dt>" in page
            assert f">{text}</dd>" in page
    assert "按时：在办理时限内答复" not in page  # the old hand-written footnote


def test_a_chain_column_with_a_list_opens_exactly_the_tickets_it_counts(office, as_user, county_admin):
    client = as_user(county_admin)
    followed = 0
    for start, end in PERIODS:
        for row in _page(client, start, end).context["chains"]:
            for cell in row.cells:
                if not cell.url:
                    continue
                with _at(TODAY, 10):
                    listed = client.get(cell.url).context["paginator"].count
                assert listed == cell.value, (row.name, cell.definition.key, cell.url)
                followed += 1
    assert followed == 2 * 2 * 2  # two periods, two chains, 办结 and 已评价


def test_the_excel_export_has_the_page_figures_headers_from_the_definitions_and_a_definitions_sheet(
    office, as_user, county_admin
):
    client = as_user(county_admin)
    context = _page(client, *FIRST).context
    response = _page(client, *FIRST, format="xlsx")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["部门考核", "产业链考核", DEFINITIONS_SHEET]
    for title, kind, rows, total in (
        ("部门考核", "department", context["departments"], context["department_total"]),
        ("产业链考核", "chain", context["chains"], context["chain_total"]),
    ):
        sheet = list(book[title].iter_rows(values_only=True))
        columns = view.COLUMNS[kind].definitions.values()
        assert list(sheet[0]) == [view.TABLES[kind][1], *(f"{d.label}({d.unit})" for d in columns)]
        want = [[row.name, *(cell.value for cell in row.cells)] for row in [*rows, total]]
        assert [list(line) for line in sheet[1:]] == want
    definitions = list(book[DEFINITIONS_SHEET].iter_rows(values_only=True))
    assert definitions[0] == ("指标", "单位", "口径", "统计范围", "代码")
    every = [*assessment.DEPARTMENT_COLUMNS.definitions.values(), *assessment.CHAIN_COLUMNS.definitions.values()]
    assert [line[2] for line in definitions[1:]] == [d.definition for d in every]
    assert [line[4] for line in definitions[1:]] == [d.key for d in every]
    assert definitions[1][0] == "部门考核：收到" and definitions[11][0] == "产业链考核：收到"


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_states_every_column_with_both_definitions_and_the_pages_values(office, as_user, county_admin):
    client = as_user(county_admin)
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    fields = schema["components"]["schemas"]["Figures"]["properties"]
    for department in assessment.DEPARTMENT_COLUMNS.definitions.values():
        name = department.key.removeprefix("department_")
        chain = assessment.CHAIN_COLUMNS[f"chain_{name}"]
        assert department.definition in fields[name]["description"], name
        assert chain.definition in fields[name]["description"], name
    start, end = PERIODS[0]
    departments, chains = _expected(start, end)
    for group, prefix, want in (("department", "department", departments), ("chain", "chain", chains)):
        with _at(TODAY, 10):
            rows = client.get(reverse("api:ticketassessment-list"), {"group": group, "start": start, "end": end})
        got = {
            row["name"]: {f"{prefix}_{key}": value for key, value in row.items() if key not in ("key", "name")}
            for row in rows.json()
        }
        assert got == {name: values for name, values in want.items() if not name.startswith("合计")}, group
