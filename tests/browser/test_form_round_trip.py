"""Every create and edit page of the permission matrix, round-tripped in headless Chromium.

For each page, as a persona who may use it:
(a) an edit page saved unchanged changes nothing in the record (its field values, and no history entry with a diff);
(b) every field filled with a new valid value, saved and reopened shows each value as saved (dates filled in ISO);
(c) a required field left empty shows the Chinese message next to that field, and nothing is saved;
(d) a value the page refuses (where the row names one) shows its message next to its field, and nothing is saved.
(a) runs after (b), on a record with every field filled (dates too), and on created records that have an edit page.

``ROWS`` (tests/browser/round_trips.py) has a row for every form page of the matrix, or says why a page is exempt;
``test_every_form_page_has_a_round_trip_row`` fails for a new one without a row, as the permission matrix fails for
a new URL. One browser; each persona signs in once per area and its tab is reused for every page.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import count

import pytest
from django.db import models
from django.urls import get_resolver, reverse
from django.views.generic.edit import FormMixin
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS, sign_in
from tests.browser.round_trips import ROWS, Row, furnish
from tests.permissions import PERSONAS
from tests.test_permission_matrix import MATRIX, _names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_NAME = re.compile(r"_(create|update|edit)$")
CJK = re.compile(r"[\u4e00-\u9fff]")

# The generic new value per input type; a row overrides what a rule needs (a check digit, a cap, an order).
NEW_TEXT = "往返测试"
NEW_DATE = "2024-06-14"
NEW_MONTH = "2024-06"
NEW_NUMBER = "3"
SERIAL = count(1)

# What the browser reads from the page's record form: one entry per control name.
READ_FORM = """
() => {
  const forms = [...document.querySelectorAll('main form[method=post], main form[method=POST]')];
  const form = forms.sort((a, b) => b.elements.length - a.elements.length)[0];
  if (!form) return null;
  const controls = {};
  for (const el of form.elements) {
    if (!el.name || el.name === 'csrfmiddlewaretoken' || el.type === 'submit' || el.type === 'button') continue;
    const entry = controls[el.name] || (controls[el.name] = {
      name: el.name, tag: el.tagName.toLowerCase(), type: el.type, required: el.required, disabled: el.disabled,
      max: el.max || null, min: el.min || null, maxlength: el.maxLength > 0 ? el.maxLength : null,
      values: [], options: [], count: 0,
    });
    entry.count += 1;
    if (el.tagName === 'SELECT') {
      entry.options = [...el.options].map(o => o.value);
      entry.values = [...el.selectedOptions].map(o => o.value);
    } else if (el.type === 'checkbox' || el.type === 'radio') {
      entry.options.push(el.value);
      if (el.checked) entry.values.push(el.value);
    } else {
      entry.values = [el.value];
    }
  }
  return controls;
}
"""

# The field's own error element (django-bootstrap5 puts .invalid-feedback in the field's wrapper).
FIELD_ERROR = """
(name) => {
  const el = document.querySelector(`main form [name="${name}"]`);
  if (!el) return null;
  const wrapper = el.closest('.mb-3') || el.parentElement;
  const feedback = wrapper.querySelector('.invalid-feedback, .invalid-tooltip');
  return {invalid: el.classList.contains('is-invalid'), text: feedback ? feedback.innerText.trim() : ''};
}
"""


def form_pages() -> set[str]:
    """The page URLs of the matrix that show a record form: named _create/_update/_edit, or a form view."""
    from django.urls import URLPattern, URLResolver

    def views(resolver: URLResolver, namespace: str = ""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from views(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", getattr(pattern.callback, "view_class", None)

    pages = set()
    for name, view_class in views(get_resolver()):
        if name not in MATRIX or MATRIX[name][2] != "page":
            continue
        if FORM_NAME.search(name) or (view_class is not None and issubclass(view_class, FormMixin)):
            pages.add(name)
    return pages


def test_every_form_page_has_a_round_trip_row():
    rows = ROWS
    missing = form_pages() - set(rows)
    assert not missing, f"add these form pages to the round-trip table: {sorted(missing)}"
    assert not set(rows) - _names(get_resolver()), "the round-trip table names URLs that no longer exist"
    for name, row in rows.items():
        if isinstance(row, Row):
            assert _persona(name, row) is not None, f"{name}: no persona may use it"


def _persona(name: str, row: Row) -> str | None:
    expected = MATRIX[name][1]
    if row.persona:
        return row.persona if expected[row.persona] == 200 else None
    return next((p for p in PERSONAS if expected[p] == 200), None)


# ---------------------------------------------------------------------------------------------------------------
# Reading and writing records


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def snapshot(record: models.Model) -> dict:
    """Every stored value of the record, but the times Django stamps on each save."""
    record.refresh_from_db()
    return {
        f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields if not getattr(f, "auto_now", False)
    }


def history_diffs(record: models.Model, since: int) -> list[str]:
    """Changes recorded in the record's history after the first ``since`` entries (none for no history)."""
    history = getattr(record, "history", None)
    if history is None:
        return []
    entries = list(history.order_by("history_id"))
    changes = []
    for index in range(max(since, 1), len(entries)):
        delta = entries[index].diff_against(entries[index - 1])
        changes += [f"{c.field}: {c.old!r} → {c.new!r}" for c in delta.changes]
    return changes


def history_count(record: models.Model) -> int:
    history = getattr(record, "history", None)
    return history.count() if history is not None else 0


def stored_value(record: models.Model, name: str, row: Row):
    """The record's value of a form field, as the browser would show it."""
    if name in row.read:
        return row.read[name](record)
    model_field = record._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(str(pk) for pk in getattr(record, name).values_list("pk", flat=True))
    if model_field.is_relation:
        return _plain(getattr(record, model_field.attname))
    return _plain(getattr(record, name))


def same(shown, expected) -> bool:
    if isinstance(expected, list) or isinstance(shown, list):
        return sorted(shown if isinstance(shown, list) else [shown]) == sorted(
            expected if isinstance(expected, list) else [expected]
        )
    try:
        return Decimal(str(shown)) == Decimal(str(expected))
    except (InvalidOperation, ValueError):
        return str(shown) == str(expected)


# ---------------------------------------------------------------------------------------------------------------
# The browser side


class Sessions:
    """One signed-in browser context per persona, reused for every page that persona tries."""

    def __init__(self, browser: Browser, live_server, users: dict):
        self.browser, self.live_server, self.users, self.pages = browser, live_server, users, {}

    def page(self, persona: str) -> Page:
        if persona not in self.pages:
            context = self.browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.on("dialog", lambda dialog: dialog.accept())  # a form's "are you sure?" answered yes
            self.pages[persona] = sign_in(page, self.live_server, self.users[persona])
        return self.pages[persona]

    def close(self):
        for page in self.pages.values():
            page.context.close()


def read_form(page: Page) -> dict:
    controls = page.evaluate(READ_FORM)
    assert controls is not None, f"no record form on {page.url}"
    return controls


def boolean(control: dict) -> bool:
    """A single yes/no checkbox (a BooleanField), not a list of checkboxes that happens to hold one choice."""
    return control["type"] == "checkbox" and control["count"] == 1 and control["options"] == ["on"]


def shown(control: dict):
    if boolean(control):
        return "on" if control["values"] else ""
    if control["type"] in {"select-multiple", "checkbox"} or control["count"] > 1:
        return control["values"]
    return control["values"][0] if control["values"] else ""


def new_value(control: dict, text: str):
    """A new valid value of the generic kind for one control, different from what it shows."""
    kind, current = control["type"], shown(control)
    if boolean(control):
        return "" if current else "on"
    if kind == "checkbox" or control["type"] == "select-multiple":
        return [o for o in control["options"] if o]
    if control["tag"] == "select" or kind == "radio":
        choices = [o for o in control["options"] if o and o != current]
        return choices[-1] if choices else current
    if kind == "date":
        return NEW_DATE
    if kind == "month":
        return NEW_MONTH
    if kind == "number":
        return NEW_NUMBER if current != NEW_NUMBER else "4"
    return text[: control["maxlength"]] if control["maxlength"] else text


def set_value(page: Page, control: dict, value) -> None:
    locator = page.locator(f'main form [name="{control["name"]}"]')
    if control["tag"] == "select":
        locator.select_option(value if isinstance(value, list) else [value] if value else [""])
    elif boolean(control):
        locator.set_checked(bool(value))
    elif control["type"] in {"checkbox", "radio"}:
        wanted = value if isinstance(value, list) else [value]
        for i in range(locator.count()):
            box = locator.nth(i)
            box.set_checked(box.get_attribute("value") in wanted)
    else:
        locator.fill(str(value))


def fill(page: Page, row: Row, world, extra: dict | None = None) -> dict:
    """Every field the row fills, with a new value (the row's, ``extra``'s, or the generic one); what it shows."""
    typed, tag = {}, next(SERIAL)
    values = {**row.values, **(extra or {})}
    for control in read_form(page).values():
        control_name = control["name"]
        if control["type"] in {"hidden", "file", "password"} or control["disabled"] or control_name in row.skip:
            continue
        value = values.get(control_name)
        value = value(world) if callable(value) else value
        set_value(page, control, new_value(control, f"{NEW_TEXT}{tag}-{len(typed)}") if value is None else value)
        typed[control_name] = shown(read_form(page)[control_name])
    return typed


def submit(page: Page) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.locator("main form[method=post] [type=submit]").last.click()


def errors_on(page: Page) -> str:
    """The errors the page shows (field errors and alerts), empty when the save went through."""
    texts = page.locator("main .invalid-feedback, main .alert-danger, main form .text-danger").all_inner_texts()
    return " / ".join(t.strip() for t in texts if t.strip())


# ---------------------------------------------------------------------------------------------------------------
# The round trip of one page


def round_trip(name: str, row: Row, world, sessions: Sessions) -> list[str]:
    """Try (c), (d), (b) and then (a) on one page; the problems found, each a sentence naming the page."""
    problems = []
    persona = _persona(name, row)
    args_builder = row.args or MATRIX[name][0]
    args = args_builder(world) if args_builder else None
    url = sessions.live_server.url + reverse(name, args=args)
    page = sessions.page(persona)
    record = row.model.objects.get(pk=args[0]) if row.edit or row.step else None

    def fail(message: str) -> None:
        problems.append(f"{name} ({persona}): {message}")

    def unchanged_save(when: str) -> None:
        before, entries = snapshot(record), history_count(record)
        page.goto(url, wait_until="domcontentloaded")
        submit(page)
        if errors := errors_on(page):
            fail(f"saved unchanged {when}, the page refused it: {errors}")
        after = snapshot(record)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            fail(f"saved unchanged {when}, the record changed: {changed}")
        if diffs := history_diffs(record, entries):
            fail(f"saved unchanged {when}, its history records changes: {diffs}")

    # (c) a required field left empty.
    page.goto(url, wait_until="domcontentloaded")
    controls = read_form(page)
    required = row.required or next(
        (
            c["name"]
            for c in controls.values()
            if c["required"]
            and not c["disabled"]
            and c["type"] in {"text", "textarea", "number", "date", "month", "email", "tel"}
        ),
        None,
    )
    if required is None:
        fail("no required field to leave empty: name one in the row")
    else:
        before = snapshot(record) if record else row.model.objects.count()
        set_value(page, controls[required], "")
        submit(page)
        placed = page.evaluate(FIELD_ERROR, required)
        if not placed or not placed["invalid"] or not CJK.search(placed["text"]):
            fail(f"{required} left empty: no Chinese message next to it (page shows: {errors_on(page) or '—'})")
        after = snapshot(record) if record else row.model.objects.count()
        if before != after:
            fail(f"{required} left empty: something was saved")

    # (d) a value the page refuses, the rest valid: the message next to that field, nothing saved.
    for refused, bad in row.refuse.items():
        page.goto(url, wait_until="domcontentloaded")
        before = snapshot(record) if record else row.model.objects.count()
        bad = bad(world) if callable(bad) else bad
        fill(page, row, world, {refused: bad})
        submit(page)
        placed = page.evaluate(FIELD_ERROR, refused)
        if not placed or not placed["invalid"] or not CJK.search(placed["text"]):
            fail(f"{refused} = {bad!r}: no Chinese message next to it (page shows: {errors_on(page) or '—'})")
        if before != (snapshot(record) if record else row.model.objects.count()):
            fail(f"{refused} = {bad!r}: something was saved")

    # (b) every field filled with a new value, saved, reopened.
    page.goto(url, wait_until="domcontentloaded")
    typed = fill(page, row, world)
    count_before = row.model.objects.count()
    submit(page)
    if errors := errors_on(page):
        fail(f"filled with new values, the page refused them: {errors}")
        return problems
    if not row.edit and not row.step:
        if row.model.objects.count() != count_before + 1:
            fail("filled with new values, no new record was saved")
            return problems
        record = row.model.objects.order_by("-pk").first()
    else:
        record.refresh_from_db()
    reopen = url if row.edit else (sessions.live_server.url + row.reopen(record) if row.reopen else None)
    again = {}
    if reopen:
        page.goto(reopen, wait_until="domcontentloaded")
        again = read_form(page)
    for control_name, value in typed.items():
        if control_name in again:
            if not same(shown(again[control_name]), value):
                fail(f"reopened, {control_name} shows {shown(again[control_name])!r}, saved as {value!r}")
            continue
        try:
            saved = stored_value(record, control_name, row)
        except Exception as error:  # a field the row cannot read is a row to fix
            fail(f"cannot read {control_name} from the record ({error!r}): add it to the row's read")
            continue
        if not same(saved, value):
            fail(f"filled {control_name} with {value!r}, the record holds {saved!r}")

    # (a) again, on the record as (b) left it: every field filled, dates too.
    if reopen:
        url = page.url
        unchanged_save("after the new values")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# The tests


@pytest.fixture
def round_trip_world(request, county_admin, area_reviewer, secretary, other_secretary, chain_staff, dept_handler):
    """The permission matrix's world, its personas by name, and what the create pages offer to choose from."""
    world = request.getfixturevalue("matrix_world")
    world.users = {
        "county_admin": county_admin,
        "area_reviewer": area_reviewer,
        "secretary": secretary,
        "other_secretary": other_secretary,
        "chain_staff": chain_staff,
        "dept_handler": dept_handler,
    }
    furnish(world)
    return world


AREAS = ["organizations", "members", "scoring", "industry_chains", "party_life"]


@pytest.mark.parametrize("area", AREAS)
def test_every_form_of_the_area_round_trips(area, round_trip_world, browser, live_server):
    sessions = Sessions(browser, live_server, round_trip_world.users)
    problems = []
    try:
        for name, row in ROWS.items():
            if name.split(":")[0] == area and isinstance(row, Row):
                try:
                    problems += round_trip(name, row, round_trip_world, sessions)
                except Exception as error:  # one page's failure must not hide the others'
                    problems.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        sessions.close()
    assert not problems, "\n".join(problems)


PHONE_PAGES = ["organizations:partyorganization_update", "members:person_update", "scoring:scorecard_update"]


def test_edit_pages_fit_a_phone_width_with_every_field_reachable(
    round_trip_world, phone_page, live_server, logged_in, secretary, screenshot
):
    logged_in(phone_page, live_server, secretary)
    for name in PHONE_PAGES:
        phone_page.goto(live_server.url + reverse(name, args=MATRIX[name][0](round_trip_world)))
        path = screenshot(phone_page, f"phone-{name.replace(':', '-')}")
        assert path.exists()
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than the phone"
        for control in read_form(phone_page).values():
            if control["type"] != "hidden":
                box = phone_page.locator(f'main form [name="{control["name"]}"]').first.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, control["name"])
