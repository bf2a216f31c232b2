"""FilterSet base: one class serves a list page and its API endpoint, with a free-text search."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.choices import Role
from core.form_widgets import YesNoFilterSelect
from core.forms import YEAR_MAX, YEAR_MIN, PeriodDateField, WholeNumberField, YearField
from core.models import Notification, PersonalDataAccess, User
from organizations.models import Area


# Every year, date and number a filter reads goes through core.forms' fields, so a page, its exports and its API
# list answer hostile input alike: a Chinese form error (a 400 in the API), never a 500.
@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """A year, on a year column (``year``) or on a date (``field_name="held_on", lookup_expr="year"``)."""

    field_class = YearField


class PeriodDateFilter(django_filters.DateFilter):
    """A date bound of a filter (from, to, or a month's first day)."""

    field_class = PeriodDateField


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number (quarter, stars); ``min_value``/``max_value`` pass to the field."""

    field_class = WholeNumberField


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a ``q`` box that searches ``search_fields`` (icontains, OR-ed)."""

    search_fields: tuple[str, ...] = ()
    # Filters that a dashboard figure's or a to-do's link sets (a period, "what this to-do counts"): in the filter bar
    # only when the link set them, so that the everyday bar stays short and a drilled-down list says why.
    linked_only: tuple[str, ...] = ()

    q = django_filters.CharFilter(label="搜索", method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data or {}
        for name in self.linked_only:
            if not data.get(name):
                self.filters.pop(name, None)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.extra.setdefault("widget", YesNoFilterSelect)
        user = getattr(self.request, "user", None)
        if user is None:
            return
        # A drop-down offers only what the user may pick: another organisation's name is not shown.
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and not callable(queryset) and hasattr(queryset, "choices_for"):
                filter_.queryset = queryset.choices_for(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": value}) for field in self.search_fields)))


class NotificationFilterSet(SearchFilterSet):
    """The inbox: search the text, only the unread ones."""

    search_fields = ("title", "body")
    unread = django_filters.BooleanFilter(label="仅看未读", method="filter_unread")

    class Meta:
        model = Notification
        fields = []

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=True) if value else queryset


class PersonalDataAccessFilterSet(SearchFilterSet):
    """Who saw personal data in full: search by person who looked or what was seen, view or export."""

    search_fields = ("user_label", "what")

    class Meta:
        model = PersonalDataAccess
        fields = ["action"]


class AccountFilterSet(SearchFilterSet):
    """用户管理: by role, area, state and whether the account has ever signed in; search by name or username."""

    search_fields = ("username", "name", "party_organization__name", "area__name", "chain__name", "department__name")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="所属街镇/园区", queryset=lambda request: Area.objects.order_by("sort_order", "name"), empty_label="全部"
    )
    is_active = django_filters.BooleanFilter(label="在用", widget=YesNoFilterSelect)
    never_signed_in = django_filters.BooleanFilter(
        label="从未登录", field_name="last_login", lookup_expr="isnull", widget=YesNoFilterSelect
    )
    must_change_password = django_filters.BooleanFilter(label="待修改初始密码", widget=YesNoFilterSelect)

    class Meta:
        model = User
        fields = ["role", "area", "is_active", "never_signed_in", "must_change_password"]
