"""API endpoints of the ticket closed loop and 督办考核.

Tickets are read in the user's scope; reporting (POST on the list) and each step (POST on ``steps``) go through
the same services as the pages, so a refused step answers 400 with the Chinese reason and changes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from core.api.query import query_choice
from core.api.serializers import PortalDateField, ScopedPrimaryKeyRelatedField
from core.api.viewsets import ScopedReadOnlyViewSet
from industry_chains.choices import TicketCategory
from industry_chains.filters.tickets import TicketFilterSet
from industry_chains.forms.assessment import PeriodForm
from industry_chains.models import IndustryChain, Ticket, TicketAssignment, TicketEvent
from industry_chains.selectors import assessment
from industry_chains.services import tickets as services
from industry_chains.views.tickets import STEPS
from organizations.models import Entity


def _api_error(error: ValidationError) -> APIValidationError:
    if hasattr(error, "error_dict"):
        return APIValidationError(
            {field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()}
        )
    return APIValidationError({"detail": error.messages})


class TicketAssignmentSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = TicketAssignment
        fields = [
            "department",
            "department_name",
            "role",
            "assigned_at",
            "due_on",
            "original_due_on",
            "extended_at",
            "reply",
            "replied_at",
            "on_time",
        ]


class TicketEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, allow_null=True, default=None)

    class Meta:
        model = TicketEvent
        fields = ["step", "at", "actor", "actor_name", "department", "note"]


class TicketSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "chain",
            "entity",
            "entity_name",
            "category",
            "title",
            "description",
            "status",
            "status_display",
            "reported_at",
            "accepted_at",
            "dispatched_at",
            "lead_department",
            "due_on",
            "replied_at",
            "replied_on_time",
            "rating",
            "rating_comment",
            "closed_at",
            "hours_to_close",
            "reopen_count",
            "is_supervised",
            "supervised_at",
        ]


class TicketDetailSerializer(TicketSerializer):
    assignments = TicketAssignmentSerializer(many=True, read_only=True)
    events = TicketEventSerializer(many=True, read_only=True)

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "assignments", "events"]


class TicketReportSerializer(serializers.Serializer):
    chain = serializers.PrimaryKeyRelatedField(queryset=IndustryChain.objects.all())
    entity = ScopedPrimaryKeyRelatedField(queryset=Entity.objects.all(), scope="editable")
    category = serializers.ChoiceField(choices=TicketCategory.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()


class TicketStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=list(STEPS), help_text="accept/return/dispatch/reply/consult/extend/confirm/reject"
    )
    note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    lead = serializers.IntegerField(required=False, help_text="派单：主办部门 id")
    co_handlers = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="派单：协办部门 id")
    reply = serializers.CharField(required=False, allow_blank=True)
    held_on = PortalDateField(required=False)
    attendees = serializers.CharField(required=False, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True)
    decision = serializers.CharField(required=False, allow_blank=True)
    workdays = serializers.IntegerField(required=False)
    rating = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True)


class TicketViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """企业诉求：企业看本企业的，部门看派给本部门的，产业链党委看本链的，县级看全部。"""

    queryset = Ticket.objects.all()
    filterset_class = TicketFilterSet

    def get_queryset(self):
        # Posting a step reads the ticket like a GET: the service decides who may act on it.
        manager = Ticket.objects
        return self.scope_queryset(manager.visible_to(self.request.user))

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("entity")
        if self.action in {"retrieve", "steps"}:
            queryset = queryset.prefetch_related("assignments__department", "events__actor")
        return queryset

    def get_serializer_class(self):
        if self.action == "create":
            return TicketReportSerializer
        if self.action == "steps":
            return TicketStepSerializer
        return TicketDetailSerializer if self.action == "retrieve" else TicketSerializer

    @extend_schema(request=TicketReportSerializer, responses={201: TicketDetailSerializer})
    def create(self, request, *args, **kwargs):
        """企业吹哨：企业党组织书记报送诉求。"""
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            ticket = services.ticket_report(by=request.user, **data.validated_data)
        except ValidationError as error:
            raise _api_error(error) from None
        return Response(TicketDetailSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TicketStepSerializer, responses=TicketDetailSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def steps(self, request, pk=None):
        """办理一步：接单、退回、派单、答复、会商、延期、确认销号、不认可。"""
        ticket = self.get_object()
        data = TicketStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = data.validated_data.pop("step")
        form_class, call, _label = STEPS[step]
        form = form_class(data=request.data)
        if not form.is_valid():
            raise APIValidationError(form.errors)
        try:
            call(request.user, ticket, form.cleaned_data)
        except ValidationError as error:
            raise _api_error(error) from None
        ticket = self.get_queryset().get(pk=ticket.pk)
        return Response(TicketDetailSerializer(ticket).data)


def _column(field_class, name: str, **kwargs):
    """A 督办考核 column, titled and described in the schema by its two definitions (its meaning depends on
    ``group``), as the page states them."""
    department = assessment.DEPARTMENT_COLUMNS[f"department_{name}"]
    chain = assessment.CHAIN_COLUMNS[f"chain_{name}"]
    return field_class(
        label=f"{department.label}（{department.unit}）",
        help_text=f"按部门（group=department）：{department.definition}按产业链（group=chain）：{chain.definition}",
        **kwargs,
    )


class FiguresSerializer(serializers.Serializer):
    key = serializers.IntegerField()
    name = serializers.CharField()
    received = _column(serializers.IntegerField, "received")
    closed = _column(serializers.IntegerField, "closed")
    close_rate = _column(serializers.FloatField, "close_rate", allow_null=True)
    on_time = _column(serializers.IntegerField, "on_time")
    overdue = _column(serializers.IntegerField, "overdue")
    on_time_rate = _column(serializers.FloatField, "on_time_rate", allow_null=True)
    avg_days = _column(serializers.FloatField, "avg_days", allow_null=True)
    rated = _column(serializers.IntegerField, "rated")
    satisfied = _column(serializers.IntegerField, "satisfied")
    satisfaction_rate = _column(serializers.FloatField, "satisfaction_rate", allow_null=True)


class TicketAssessmentViewSet(viewsets.ViewSet):
    """督办考核：按部门（group=department，默认）或产业链（group=chain）统计任意期间的办理情况。"""

    @extend_schema(
        parameters=[
            OpenApiParameter("group", enum=["department", "chain"], required=False),
            OpenApiParameter("start", str, required=False, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, required=False, description="YYYY-MM-DD"),
        ],
        responses=FiguresSerializer(many=True),
    )
    def list(self, request):
        group = query_choice(request, "group", ["department", "chain"])
        form = PeriodForm(request.GET)
        if not form.is_valid():
            raise APIValidationError(form.errors)
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if group == "chain":
            rows = assessment.chain_figures(tickets=assessment.scoped_tickets(request.user), start=start, end=end)
        else:
            rows = assessment.department_figures(
                assignments=assessment.scoped_assignments(request.user),
                start=start,
                end=end,
                today=timezone.localdate(),
            )
        return Response(FiguresSerializer(rows, many=True).data)


ROUTES: list = [
    ("chain-tickets", TicketViewSet, "chainticket"),
    ("ticket-assessment", TicketAssessmentViewSet, "ticketassessment"),
]
