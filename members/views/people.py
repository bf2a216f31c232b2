"""Pages of the members area: people, the development pipeline, who is due, and 双向培养."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView

from core.audit import audit_entries, personal_data_record
from core.choices import PersonalDataAction
from core.figures import Total, Totals
from core.forms import FiguresScopeForm, apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from members.choices import Stage
from members.filters.people import PersonFilterSet
from members.forms.people import ExtendProbationForm, PersonForm, TalentRecordForm, TransitionForm
from members.models import Person
from members.resources.people import PersonPrintResource, PersonResource
from members.selectors import people as selectors
from members.selectors.figures import TWO_WAY
from members.services import people as services
from members.validators import mask_id_number, mask_phone
from organizations.models import PartyOrganization

INDEX_LINKS = [
    ("members:person_list", "人员与发展党员", "入党申请人、积极分子、发展对象、预备党员和正式党员，按阶段、岗位筛选"),
    ("members:person_due", "到期提醒", "本月、下月预备期满的预备党员，本月培养满一年的入党积极分子"),
    ("members:talent_report", "双向培养", "管理层和技术骨干中的积极分子与新党员，党员骨干的竞赛成绩与荣誉"),
]

# What each stage's next step is: (service, form field label, the field the form fills).
TRANSITIONS = {
    Stage.APPLICANT: (services.person_become_activist, "确定为入党积极分子日期"),
    Stage.ACTIVIST: (services.person_become_candidate, "确定为发展对象日期"),
    Stage.CANDIDATE: (services.person_admit, "支部大会讨论接收日期"),
    Stage.PROBATIONARY: (services.person_make_full, "转为正式党员日期"),
}
MASKED_FIELDS = {"身份证号": mask_id_number, "联系电话": mask_phone}


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def show_full_identity(request) -> bool:
    """Lists, exports and the API mask 身份证号 and phone unless a role that needs them asks with ?full=1."""
    return request.GET.get("full") == "1" and services.can_see_identity(request.user)


def identity_seen(request, action: str, what: str, person_ids) -> None:
    """Full 身份证号 and phones were shown or exported: into the log county staff review."""
    personal_data_record(
        user=request.user, action=action, what=what, person_ids=person_ids, path=request.get_full_path()
    )


def can_add_people(user) -> bool:
    return user.is_authenticated and PartyOrganization.objects.editable_by(user).exists()


def timeline(person: Person) -> list[dict]:
    """The pipeline as steps, each reached (with its date) or still ahead."""
    steps = []
    for stage, field, label in services.STAGE_DATES:
        steps.append({"stage": Stage(stage).label, "label": label, "on": getattr(person, field)})
        if stage == Stage.PROBATIONARY and person.admitted_on:
            extended = "（已延长）" if person.probation_extended else ""
            steps.append({"stage": "", "label": f"预备期满{extended}", "on": person.probation_ends_on, "planned": True})
    return steps


def next_due(person: Person, today) -> str:
    """What the person is due for next, in words."""
    if person.stage == Stage.APPLICANT:
        return "可确定为入党积极分子。"
    # Records carried over from paper may lack a stage's date: say so rather than fail on the page.
    if person.stage == Stage.ACTIVIST and person.activist_on is None:
        return "确定为入党积极分子的日期未登记，请补登后计算培养期。"
    if person.stage == Stage.PROBATIONARY and person.probation_ends_on is None:
        return "预备期满日期未登记，请补登接收为预备党员的日期。"
    if person.stage == Stage.ACTIVIST:
        ready = services.add_years(person.activist_on, 1)
        return f"培养满一年（{ready:%Y-%m-%d}）后可确定为发展对象" + ("，现已满一年。" if ready <= today else "。")
    if person.stage == Stage.CANDIDATE:
        return "待支部大会讨论接收为预备党员。"
    if person.stage == Stage.PROBATIONARY:
        end = person.probation_ends_on
        return f"预备期 {end:%Y-%m-%d} 期满，" + ("可讨论转为正式党员。" if end <= today else "期满后讨论转正。")
    return "已转为正式党员。"


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    resource_class = PersonResource
    print_resource_class = PersonPrintResource
    template_name = "members/person_list.html"
    # Where each listed person stood on the 截至日期 filter (today when empty), as the dashboard's pipeline figures.
    totals = Totals(
        Total(
            "activists",
            "入党积极分子（含发展对象）",
            "人",
            "按当前筛选条件列出的人员中，入党积极分子和发展对象的人数：不填“截至日期”按当前发展阶段，填了则为该日已列为"
            "入党积极分子、尚未接收为预备党员的人。",
            count=lambda filters: Count("pk", filter=selectors.in_training_at(filters.get("as_of"))),
        ),
        Total(
            "candidates",
            "发展对象",
            "人",
            "按当前筛选条件列出的人员中，发展对象的人数：不填“截至日期”按当前发展阶段，填了则为该日已确定为发展对象、"
            "尚未接收为预备党员的人。",
            count=lambda filters: Count("pk", filter=selectors.candidate_at(filters.get("as_of"))),
        ),
        Total(
            "probationary",
            "预备党员",
            "人",
            "按当前筛选条件列出的人员中，预备党员的人数：不填“截至日期”按当前发展阶段，填了则为该日已接收为预备党员、"
            "尚未转为正式党员的人。",
            count=lambda filters: Count("pk", filter=selectors.probationary_at(filters.get("as_of"))),
        ),
    )

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "party_organization__area", "entity")

    def get_print_title(self) -> str:
        return "人员名单"

    def get_export_resource(self):
        return self.resource_class(user=self.request.user, full=show_full_identity(self.request))

    def export_done(self, queryset) -> None:
        if show_full_identity(self.request):
            identity_seen(
                self.request, PersonalDataAction.EXPORT, "人员名单导出", queryset.values_list("pk", flat=True)
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        full = show_full_identity(self.request)
        if full:
            identity_seen(self.request, PersonalDataAction.VIEW, "人员名单", [p.pk for p in context["object_list"]])
        for person in context["object_list"]:
            person.shown_id = person.id_number if full else mask_id_number(person.id_number)
            person.shown_phone = person.phone if full else mask_phone(person.phone)
        context.update(
            can_add=can_add_people(self.request.user),
            can_see_full=services.can_see_identity(self.request.user),
            full=full,
        )
        return context


class PersonDetailView(ScopedQuerysetMixin, DetailView):
    model = Person
    template_name = "members/person_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "party_organization__area", "entity")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        full = services.can_see_identity(user)
        if full:
            identity_seen(self.request, PersonalDataAction.VIEW, f"人员详情：{person.name}", [person.pk])
        entries = audit_entries(person)
        if not full:
            # The audit trail would otherwise show what the page masks.
            for entry in entries:
                for change in entry.changes:
                    mask = MASKED_FIELDS.get(change.field)
                    if mask:
                        change.old, change.new = mask(change.old), mask(change.new)
        can_edit = Person.objects.editable_by(user).filter(pk=person.pk).exists()
        context.update(
            shown_id=person.id_number if full else mask_id_number(person.id_number),
            shown_phone=person.phone if full else mask_phone(person.phone),
            can_edit=can_edit,
            steps=timeline(person),
            due=next_due(person, timezone.localdate()),
            talent_records=person.talent_records.all(),
            audit_entries=entries,
        )
        if can_edit:
            context["talent_form"] = TalentRecordForm(initial={"awarded_on": timezone.localdate()})
        return context


class PersonCreateView(LoginRequiredMixin, FormView):
    form_class = PersonForm
    template_name = "members/person_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_add_people(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            person = services.person_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已登记“{person}”。")
        return redirect("members:person_detail", pk=person.pk)


class EditablePersonMixin(ScopedQuerysetMixin):
    scope = "editable"
    model = Person

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class PersonUpdateView(EditablePersonMixin, FormView):
    form_class = PersonForm
    template_name = "members/person_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get(self, request, *args, **kwargs):
        if services.can_see_identity(request.user):  # the form's inputs hold them in full
            identity_seen(request, PersonalDataAction.VIEW, f"修改人员：{self.object.name}", [self.object.pk])
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.person_update(by=self.request.user, person=self.object, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return redirect("members:person_detail", pk=self.object.pk)


class PersonAdvanceView(EditablePersonMixin, FormView):
    """The person's next pipeline step as one dated form (and the probation extension when it applies)."""

    form_class = TransitionForm
    template_name = "members/person_advance.html"

    def get_initial(self):
        return {"on": timezone.localdate()}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        transition = TRANSITIONS.get(self.object.stage)
        if transition:
            form.fields["on"].label = transition[1]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context.update(
            next_step=services.NEXT_STEP.get(Stage(person.stage)),
            due=next_due(person, timezone.localdate()),
            steps=timeline(person),
        )
        if person.stage == Stage.PROBATIONARY and not person.probation_extended and person.probation_ends_on:
            context["extend_form"] = ExtendProbationForm(
                initial={"until": services.add_years(person.probation_ends_on, 1)}
            )
        return context

    def form_valid(self, form):
        transition = TRANSITIONS.get(self.object.stage)
        if transition is None:
            form.add_error(None, "已转为正式党员，没有下一步。")
            return self.form_invalid(form)
        try:
            transition[0](by=self.request.user, person=self.object, on=form.cleaned_data["on"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("on", message)
            return self.form_invalid(form)
        messages.success(self.request, f"已记录：{self.object.name} 现为{self.object.get_stage_display()}。")
        return redirect("members:person_detail", pk=self.object.pk)


def _editable_person(request, pk) -> Person:
    return get_object_or_404(Person.objects.editable_by(request.user), pk=pk)


@login_required
@require_POST
def person_extend_probation(request, pk):
    person = _editable_person(request, pk)
    form = ExtendProbationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写延长后的预备期满日期。")
        return redirect("members:person_advance", pk=person.pk)
    try:
        services.person_extend_probation(by=request.user, person=person, until=form.cleaned_data["until"])
        messages.success(request, f"已延长预备期至 {person.probation_ends_on:%Y-%m-%d}。")
    except ValidationError as error:
        _report(request, error)
        return redirect("members:person_advance", pk=person.pk)
    return redirect("members:person_detail", pk=person.pk)


@login_required
@require_POST
def person_talent_add(request, pk):
    person = _editable_person(request, pk)
    form = TalentRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写类别、名称和日期。")
    else:
        try:
            services.talent_record_create(by=request.user, person=person, **form.cleaned_data)
            messages.success(request, "已添加竞赛成绩/荣誉。")
        except ValidationError as error:
            _report(request, error)
    return redirect("members:person_detail", pk=person.pk)


class DueListView(LoginRequiredMixin, TemplateView):
    """Who is due: probation ending this or next month, activists reaching one year this month."""

    template_name = "members/pipeline_due.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        lists = selectors.due_lists(Person.objects.visible_to(self.request.user), today=today)
        this_month, _ = selectors.month_bounds(today)
        next_month, _ = selectors.month_bounds(today, months_ahead=1)
        context.update(
            today=today,
            sections=[
                (f"{this_month:%Y年%m月}预备期满", "转正", list(lists["probation_this_month"])),
                (f"{next_month:%Y年%m月}预备期满", "转正", list(lists["probation_next_month"])),
                (f"{this_month:%Y年%m月}培养满一年的入党积极分子", "确定为发展对象", list(lists["activists_one_year"])),
            ],
        )
        return context


class TalentReportView(LoginRequiredMixin, TemplateView):
    """双向培养: activists and new members among management/technical staff, by area, for an area and a period as the
    dashboard chooses them; stage counts by area (as of today)."""

    template_name = "members/talent_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FiguresScopeForm(self.request.GET or None, user=self.request.user)
        scope = form.scope()
        people = scope.visible(Person.objects.all())
        report = selectors.two_way_report(people, start=scope.start, end=scope.end)
        context.update(
            form=form,
            scope=scope,
            figures=[TWO_WAY.figure(scope, key, report["totals"][key]) for key in TWO_WAY.definitions],
            columns=list(TWO_WAY.definitions.values()),
            rows=[
                {"area": row["party_organization__area__name"], "values": [row[key] for key in TWO_WAY.definitions]}
                for row in report["rows"]
            ],
            stage_rows=[
                {
                    "area": row["party_organization__area__name"],
                    "counts": [row[stage] for stage in Stage.values],
                    "total": row["total"],
                }
                for row in selectors.stage_counts_by_area(people)
            ],
            stages=Stage.labels,
        )
        return context


urlpatterns = [
    path("people/", PersonListView.as_view(), name="person_list"),
    path("people/new/", PersonCreateView.as_view(), name="person_create"),
    path("people/due/", DueListView.as_view(), name="person_due"),
    path("people/talent/", TalentReportView.as_view(), name="talent_report"),
    path("people/<int:pk>/", PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", PersonUpdateView.as_view(), name="person_update"),
    path("people/<int:pk>/advance/", PersonAdvanceView.as_view(), name="person_advance"),
    path("people/<int:pk>/extend-probation/", person_extend_probation, name="person_extend_probation"),
    path("people/<int:pk>/talent-records/", person_talent_add, name="person_talent_add"),
]
