"""API endpoints of the members area: people (read-only, 身份证号 and phone masked)."""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from core.audit import personal_data_record
from core.choices import PersonalDataAction
from members.filters.people import PersonFilterSet
from members.models import Person
from members.services.people import can_see_identity
from members.validators import mask_id_number, mask_phone


class PersonSerializer(serializers.ModelSerializer):
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    post_display = serializers.CharField(source="get_post_display", read_only=True)
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)
    area_name = serializers.CharField(source="party_organization.area.name", read_only=True)
    id_number = serializers.SerializerMethodField(help_text="脱敏；县级管理员、党组织书记加 ?full=1 可得完整号码")
    phone = serializers.SerializerMethodField(help_text="脱敏，规则同身份证号")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "gender_display",
            "birth_date",
            "id_number",
            "phone",
            "education",
            "entity",
            "post",
            "post_display",
            "is_management_talent",
            "is_technical_talent",
            "party_organization",
            "party_organization_name",
            "area_name",
            "stage",
            "stage_display",
            "applied_on",
            "activist_on",
            "candidate_on",
            "admitted_on",
            "probation_ends_on",
            "probation_extended",
            "full_on",
        ]

    def _full(self) -> bool:
        request = self.context.get("request")
        return bool(request and request.query_params.get("full") == "1" and can_see_identity(request.user))

    def get_id_number(self, person) -> str:
        return person.id_number if self._full() else mask_id_number(person.id_number)

    def get_phone(self, person) -> str:
        return person.phone if self._full() else mask_phone(person.phone)


class PersonViewSet(ScopedReadOnlyViewSet):
    """人员与发展党员，按当前用户的权限范围返回；身份证号、联系电话脱敏。"""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "applied_on", "activist_on"]

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization", "party_organization__area")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else response.data
        self._record_full(request, "人员接口列表", [row["id"] for row in rows])
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self._record_full(request, "人员接口详情", [response.data["id"]])
        return response

    def _record_full(self, request, what: str, person_ids) -> None:
        if request.query_params.get("full") == "1" and can_see_identity(request.user):
            personal_data_record(
                user=request.user,
                action=PersonalDataAction.VIEW,
                what=what,
                person_ids=person_ids,
                path=request.get_full_path(),
            )


# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES = [("people", PersonViewSet, "person")]
