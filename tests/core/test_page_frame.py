"""The page frame: tab titles with a separator, a favicon, yes/no filters offering 全部."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from core.filters import SearchFilterSet
from core.form_widgets import YesNoFilterSelect
from tests.core.test_form_widgets import _import_everything, _is_ours, _subclasses


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_a_page_title_and_the_site_are_separated(db, client):
    assert _title(client.get(reverse("notices"))) == "公示栏 · 红色引擎"


def test_a_page_without_a_title_of_its_own_shows_the_site_alone(county_admin, as_user):
    assert _title(as_user(county_admin).get(reverse("core:home"))) in {"红色引擎", "首页 · 红色引擎"}


def test_every_page_links_a_favicon_that_exists(db, client):
    html = client.get(reverse("notices")).content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert finders.find(href.removeprefix("/static/"))


def test_every_yes_no_filter_offers_all_yes_and_no():
    _import_everything()
    checked = 0
    for filterset in {c for c in _subclasses(SearchFilterSet) if _is_ours(c) and c._meta.model is not None}:
        form = filterset(data={}, queryset=filterset._meta.model.objects.none()).form
        for name, field in form.fields.items():
            if type(field).__name__ == "NullBooleanField":
                checked += 1
                first = next(str(label) for _value, label in field.widget.choices)
                assert isinstance(field.widget, YesNoFilterSelect) or first == "全部", f"{filterset.__name__}.{name}"
                assert "未知" not in {str(label) for _v, label in field.widget.choices}
    assert checked >= 10
