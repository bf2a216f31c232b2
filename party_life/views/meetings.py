"""Pages of organisational life: the meeting list, the phone-friendly record page (one tap per attendee),
the meeting with its attendance and audit trail, the organisations' compliance, the tie of meeting kinds to
star-member rules."""

from __future__ import annotations

from datetime import datetime

import tablib
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from core.access import Permitted
from core.forms import apply_errors
from core.http import XLSX, file_response
from core.mixins import ScopedListView
from organizations.models import PartyOrganization
from organizations.views.support import AuditedDetailView
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.filters.meetings import ComplianceFilterSet, MeetingFilterSet
from party_life.forms.meetings import MeetingForm, MeetingPointRulesForm
from party_life.models import Meeting, MeetingPointRule
from party_life.resources.meetings import MeetingResource
from party_life.selectors.meetings import compliance, organizations_owing
from party_life.services import meetings as services
from party_life.services.photos import MAX_PHOTOS
from scoring.models import HandbookVersion
from scoring.services.stars import MEMBER_STAGES

INDEX_LINKS = [
    ("party_life:meeting_start", "登记组织生活", "书记在手机上一屏登记“三会一课”、主题党日：出席情况点一下即可"),
    ("party_life:meeting_list", "组织生活记录", "各党组织的会议记录、出席情况和修改记录"),
    ("party_life:compliance", "组织生活落实情况", "各党组织按月、季、年应开会议的召开情况和缺少的会议（不对个人排名）"),
    ("party_life:point_rules", "出席积分联动", "会议类型与星级党员积分手册积分事项的对应（县级设置）"),
]

PRESENT, LEAVE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT


def _counts():
    return {
        "present": Count("attendances", filter=Q(attendances__status=PRESENT)),
        "leave": Count("attendances", filter=Q(attendances__status=LEAVE)),
        "absent": Count("attendances", filter=Q(attendances__status=ABSENT)),
    }


class MeetingListView(ScopedListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    resource_class = MeetingResource
    template_name = "party_life/meeting_list.html"

    def scope_queryset(self, queryset):
        return (
            queryset.select_related("party_organization", "party_organization__area", "group", "recorded_by")
            .annotate(**_counts())
            .order_by("-held_on", "-pk")
        )

    def get_print_title(self) -> str:
        return "组织生活记录"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = PartyOrganization.objects.addable_by(self.request.user)
        return context


class MeetingStartView(Permitted, TemplateView):
    """The organisations the user records for, each one tap from the record page (few for a secretary)."""

    template_name = "party_life/meeting_start.html"

    @classmethod
    def permits(cls, user, **kwargs) -> bool:
        return PartyOrganization.objects.addable_by(user)

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()
        orgs = organizations_owing(PartyOrganization.objects.editable_by(self.request.user)).select_related("area")
        if q:
            orgs = orgs.filter(name__icontains=q)
        return super().get_context_data(orgs=orgs.order_by("path")[:100], q=q, **kwargs)


class _MeetingFormView(LoginRequiredMixin, FormView):
    """The record page: the meeting's fields and one row per required attendee (出席 / 请假 / 缺席)."""

    form_class = MeetingForm
    template_name = "party_life/meeting_form.html"

    organization: PartyOrganization
    meeting: Meeting | None = None

    def closed(self) -> bool:
        return False

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "party_organization": self.organization, "with_reason": self.closed()}

    def attendees(self):
        """(person, status, reason) rows: the required attendees, and anyone already recorded."""
        recorded = {}
        if self.meeting is not None:
            recorded = {a.person_id: a for a in self.meeting.attendances.select_related("person")}
        group = self.meeting.group if self.meeting is not None else None
        people = list(services.required_attendees(party_organization=self.organization, group=group))
        seen = {p.pk for p in people}
        people += [a.person for pk, a in recorded.items() if pk not in seen]
        posted = self.request.POST if self.request.method == "POST" else {}
        rows = []
        for person in people:
            line = recorded.get(person.pk)
            status = posted.get(f"a_{person.pk}") or (line.status if line else PRESENT)
            reason = posted.get(f"r_{person.pk}", line.leave_reason if line else "")
            rows.append((person, status, reason))
        return rows

    def attendance(self) -> dict[int, tuple[str, str]]:
        lines = {}
        for key, value in self.request.POST.items():
            if not key.startswith("a_"):
                continue
            try:
                person_id = int(key[2:])
            except ValueError:
                raise Http404 from None
            lines[person_id] = (value, self.request.POST.get(f"r_{person_id}", ""))
        return lines

    def get_context_data(self, **kwargs):
        rows = self.attendees()
        return super().get_context_data(
            org=self.organization,
            meeting=self.meeting,
            rows=rows,
            statuses=AttendanceStatus.choices,
            is_closed=self.closed(),
            members_count=sum(1 for p, _s, _r in rows if p.stage in MEMBER_STAGES),
            **kwargs,
        )

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data.setdefault("group", None)
        try:
            meeting = self.save(data, self.attendance())
        except ValidationError as error:
            if getattr(error, "code", None) == "not_attendee":
                raise Http404 from None  # someone outside the organisation: as if the record did not exist
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存{meeting.get_kind_display()}记录。")
        return redirect("party_life:meeting_detail", pk=meeting.pk)


class MeetingCreateView(_MeetingFormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = get_object_or_404(PartyOrganization.objects.editable_by(request.user), pk=kwargs["org"])
        return super().dispatch(request, *args, **kwargs)

    def closed(self) -> bool:
        held_on = self.request.POST.get("held_on") if self.request.method == "POST" else None
        try:
            day = datetime.strptime(held_on, "%Y-%m-%d").date() if held_on else None
        except ValueError:
            day = None
        return bool(day and self.request.user.is_county_admin and services.month_is_closed(day))

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"held_on": timezone.localdate(), "kind": kind if kind in MeetingKind.values else MeetingKind.THEME_DAY}

    def save(self, data: dict, attendance: dict) -> Meeting:
        return services.meeting_record(
            by=self.request.user, party_organization=self.organization, attendance=attendance, **data
        )


class MeetingUpdateView(_MeetingFormView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        queryset = Meeting.objects.editable_by(request.user).select_related("party_organization", "group")
        self.meeting = get_object_or_404(queryset, pk=kwargs["pk"])
        self.organization = self.meeting.party_organization
        if self.closed() and not request.user.is_county_admin:
            messages.error(request, services.CLOSED.format(month=self.meeting.held_on.replace(day=1)))
            return redirect("party_life:meeting_detail", pk=self.meeting.pk)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def _closed(self) -> bool:
        return services.month_is_closed(self.meeting.held_on)

    def closed(self) -> bool:
        return self._closed

    def get_initial(self):
        fields = ["kind", "group", "held_on", "place", "topic", "by_secretary", "minutes"]
        return {field: getattr(self.meeting, field) for field in fields}

    def save(self, data: dict, attendance: dict) -> Meeting:
        return services.meeting_update(by=self.request.user, meeting=self.meeting, attendance=attendance, **data)


class MeetingDetailView(AuditedDetailView):
    model = Meeting
    template_name = "party_life/meeting_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "group", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendances"] = self.object.attendances.select_related("person", "point_entry").order_by(
            "-status", "person__name"
        )
        context["counts"] = self.object.attendances.aggregate(
            present=Count("pk", filter=Q(status=PRESENT)),
            leave=Count("pk", filter=Q(status=LEAVE)),
            absent=Count("pk", filter=Q(status=ABSENT)),
        )
        context["is_closed"] = services.month_is_closed(self.object.held_on)
        context["photos"] = list(self.object.photos.all())
        context["max_photos"] = MAX_PHOTOS
        return context


def _year(request) -> int:
    today = timezone.localdate()
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year else today.year


class ComplianceView(ScopedListView):
    """Each organisation's meetings held out of those required, per kind, for a year; what is missing.

    Organisations are listed, never people; three queries for the page whatever its size.
    """

    model = PartyOrganization
    filterset_class = ComplianceFilterSet
    template_name = "party_life/compliance.html"
    resource_class = None

    def scope_queryset(self, queryset):
        return organizations_owing(queryset).select_related("area").order_by("area__sort_order", "path")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            queryset = filterset.qs if filterset.is_valid() else self.get_queryset()
            return self.export_rows(list(queryset))
        return super().get(request, *args, **kwargs)

    def export_rows(self, orgs):
        year = _year(self.request)
        rows = compliance(orgs, year=year, today=timezone.localdate())
        kinds = [label for _k, label in MeetingKind.choices]
        data = tablib.Dataset(headers=["党组织", "街镇/园区", *kinds, "落实率", "缺少的会议"])
        for item in rows:
            cells = [f"{c.held}/{c.required}" if c.required else "—" for c in item.cells]
            rate = f"{item.rate}%" if item.rate is not None else "—"
            data.append([item.organization.name, item.organization.area.name, *cells, rate, "；".join(item.missing)])
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        return file_response(data.export("xlsx"), f"{year}年组织生活落实情况_{stamp}.xlsx", XLSX)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context["year"] = year
        for item in compliance(list(context["object_list"]), year=year, today=timezone.localdate()):
            item.organization.compliance = item
        context["kinds"] = MeetingKind.choices
        context["can_export"] = True
        return context


class PointRulesView(Permitted, FormView):
    """County staff tie each meeting kind to a rule of the current handbook version."""

    form_class = MeetingPointRulesForm
    template_name = "party_life/point_rules.html"

    @classmethod
    def permits(cls, user, **kwargs) -> bool:
        return user.is_county_admin

    @cached_property
    def version(self):
        return (
            HandbookVersion.objects.filter(effective_from__lte=timezone.localdate()).order_by("-effective_from").first()
        )

    def get_form_kwargs(self):
        current = {}
        if self.version is not None:
            current = dict(MeetingPointRule.objects.filter(version=self.version).values_list("meeting_kind", "rule_id"))
        return {**super().get_form_kwargs(), "version": self.version, "current": current}

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=self.version, **kwargs)

    def form_valid(self, form):
        if self.version is None:
            form.add_error(None, "尚未发布积分手册。")
            return self.form_invalid(form)
        services.meeting_point_rules_set(by=self.request.user, version=self.version, rules=form.cleaned_data)
        messages.success(self.request, "已保存。此后登记或更改的出席情况按新的对应关系计分。")
        return redirect("party_life:point_rules")


urlpatterns = [
    path("meetings/", MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", MeetingStartView.as_view(), name="meeting_start"),
    path("meetings/new/<int:org>/", MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", MeetingUpdateView.as_view(), name="meeting_update"),
    path("compliance/", ComplianceView.as_view(), name="compliance"),
    path("point-rules/", PointRulesView.as_view(), name="point_rules"),
]
