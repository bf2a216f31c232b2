"""Pages of the ticket closed loop: the list (with 督办), reporting, a ticket with its timeline, and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from core.forms import apply_errors
from core.mixins import ScopedListView, ScopedQuerysetMixin
from industry_chains.choices import TicketStatus
from industry_chains.filters.tickets import TicketFilterSet
from industry_chains.forms import tickets as forms
from industry_chains.models import Ticket, TicketAssignment
from industry_chains.resources.tickets import TicketResource
from industry_chains.selectors import tickets as selectors
from industry_chains.services import tickets as services
from industry_chains.views.common import error_message

INDEX_LINKS: list[tuple[str, str, str]] = [
    ("industry_chains:ticket_list", "企业诉求", "企业吹哨、接单、派单、部门办单、会商、销号，逾期自动督办"),
]


class TicketListView(ScopedListView):
    """Tickets in scope; county staff see the supervised ones first in the summary."""

    model = Ticket
    filterset_class = TicketFilterSet
    resource_class = TicketResource
    template_name = "industry_chains/ticket_list.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain", "entity", "lead_department")

    def get_print_title(self) -> str:
        return "企业诉求"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["supervised"] = selectors.supervised_count(tickets=Ticket.objects.visible_to(user))
        context["may_report"] = selectors.may_report(user)
        return context


class TicketCreateView(LoginRequiredMixin, FormView):
    """企业吹哨: an enterprise's Party secretary reports a problem."""

    form_class = forms.TicketReportForm
    template_name = "industry_chains/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_report(request.user):
            raise PermissionDenied("只有企业党组织书记可以报送诉求。")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="报送企业诉求", back_url="industry_chains:ticket_list", **kwargs)

    def form_valid(self, form):
        try:
            ticket = services.ticket_report(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"诉求 {ticket.number} 已报送，等待产业链党委接单。")
        return redirect("industry_chains:ticket_detail", pk=ticket.pk)


class TicketDetailView(ScopedQuerysetMixin, DetailView):
    """One ticket: its facts, departments and deadlines, consultations, the timeline, and the user's next steps."""

    model = Ticket
    template_name = "industry_chains/ticket_detail.html"

    def scope_queryset(self, queryset):
        return queryset.select_related("chain", "entity", "lead_department", "reported_by").prefetch_related(
            Prefetch("assignments", queryset=TicketAssignment.objects.select_related("department", "replied_by")),
            "consultations__recorded_by",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket = self.object
        user = self.request.user
        assignments = list(ticket.assignments.all())
        actions = selectors.ticket_actions(user=user, ticket=ticket, assignments=assignments)
        context["assignments"] = assignments
        context["events"] = ticket.events.select_related("actor", "department")
        context["actions"] = actions
        context["forms"] = [(step, STEPS[step][2], STEPS[step][0]()) for step in actions]
        context["open"] = ticket.status != TicketStatus.CLOSED
        return context


def _accept(by, ticket, data):
    return services.ticket_accept(by=by, ticket=ticket, note=data["note"]), "已接单，请派单。"


def _return(by, ticket, data):
    return services.ticket_return(by=by, ticket=ticket, reason=data["reason"]), "已退回企业。"


def _dispatch(by, ticket, data):
    services.ticket_dispatch(
        by=by, ticket=ticket, lead=data["lead"], co_handlers=data["co_handlers"], note=data["note"]
    )
    return ticket, "已派单，承办部门已收到通知。"


def _reply(by, ticket, data):
    services.ticket_reply(by=by, ticket=ticket, reply=data["reply"])
    return ticket, "已提交办理答复。"


def _consult(by, ticket, data):
    services.ticket_consult(by=by, ticket=ticket, **data)
    return ticket, "已记录会商纪要和意见。"


def _extend(by, ticket, data):
    assignment = services.ticket_extend(by=by, ticket=ticket, workdays=data["workdays"], reason=data["reason"])
    return ticket, f"已延期，新的办理时限为 {assignment.due_on:%Y-%m-%d}。"


def _confirm(by, ticket, data):
    return services.ticket_confirm(
        by=by, ticket=ticket, rating=data["rating"], comment=data["comment"]
    ), "已确认，诉求销号。"


def _reject(by, ticket, data):
    return services.ticket_reject(by=by, ticket=ticket, reason=data["reason"]), "已退回主办部门重办。"


# step -> (form, service call, heading)
STEPS = {
    "accept": (forms.NoteForm, _accept, "接单"),
    "return": (forms.ReturnForm, _return, "退回企业"),
    "dispatch": (forms.DispatchForm, _dispatch, "派单（部门报到）"),
    "reply": (forms.ReplyForm, _reply, "办单答复"),
    "consult": (forms.ConsultForm, _consult, "难题会商"),
    "extend": (forms.ExtendForm, _extend, "申请延期"),
    "confirm": (forms.ConfirmForm, _confirm, "确认问题已解决并评价"),
    "reject": (forms.RejectForm, _reject, "不认可答复，退回重办"),
}


@login_required
@require_POST
def ticket_step(request, pk: int, step: str):
    """Take one step of the loop on a ticket in scope; a refusal shows its reason and changes nothing."""
    ticket = get_object_or_404(Ticket.objects.visible_to(request.user), pk=pk)
    if step not in STEPS:
        raise Http404
    form_class, call, _label = STEPS[step]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label + '：' if f in form.fields else ''}{' '.join(e)}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("industry_chains:ticket_detail", pk=ticket.pk)
    try:
        _result, message = call(request.user, ticket, form.cleaned_data)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, message)
    return redirect("industry_chains:ticket_detail", pk=ticket.pk)


urlpatterns = [
    path("tickets/", TicketListView.as_view(), name="ticket_list"),
    path("tickets/new/", TicketCreateView.as_view(), name="ticket_create"),
    path("tickets/<int:pk>/", TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/<slug:step>/", ticket_step, name="ticket_step"),
]
