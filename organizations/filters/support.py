"""Filters of the support work; each FilterSet serves a list page and its API endpoint."""

import django_filters
from django import forms
from django.utils import timezone

from core.filters import PeriodDateFilter, SearchFilterSet, YearFilter
from organizations.choices import (
    CadreKind,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    PairingActivityKind,
    PartnerKind,
    StationedActivityKind,
)
from organizations.models import (
    Area,
    Entity,
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.selectors.support import ALL_SIX, on_post


def _area(field_name: str):
    return django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name=field_name, queryset=Area.objects.all(), empty_label="全部"
    )


def _yes_no(label: str, yes: str, no: str, **kwargs):
    return django_filters.BooleanFilter(
        label=label, widget=forms.Select(choices=[("", "全部"), ("true", yes), ("false", no)]), **kwargs
    )


def _year(field_name: str):
    return YearFilter(label="年度", field_name=field_name, lookup_expr="year")


def _since(field_name: str):
    return PeriodDateFilter(label="起", field_name=field_name, lookup_expr="gte")


def _until(field_name: str):
    return PeriodDateFilter(label="止", field_name=field_name, lookup_expr="lte")


# --- funds --------------------------------------------------------------------------------------


class FundLedgerFilterSet(SearchFilterSet):
    """Lines of one organisation's ledger."""

    search_fields = ("note",)

    source = django_filters.ChoiceFilter(label="经费来源", choices=FundSource.choices, empty_label="全部")
    direction = django_filters.ChoiceFilter(
        label="收支", choices=[("income", "收入"), ("spending", "支出")], empty_label="全部", method="by_direction"
    )
    purpose = django_filters.ChoiceFilter(label="用途", choices=FundPurpose.choices, empty_label="全部")
    year = _year("occurred_on")

    class Meta:
        model = FundEntry
        fields = ["source", "direction", "purpose", "year"]

    def by_direction(self, queryset, name, value):
        if value == "income":
            return queryset.filter(amount__gt=0)
        if value == "spending":
            return queryset.filter(amount__lt=0)
        return queryset


class FundEntryFilterSet(FundLedgerFilterSet):
    """Ledger lines across organisations (API)."""

    party_organization = django_filters.ModelChoiceFilter(
        label="党组织", queryset=PartyOrganization.objects.all(), empty_label="全部"
    )
    area = _area("party_organization__area")

    class Meta(FundLedgerFilterSet.Meta):
        fields = ["party_organization", "area", *FundLedgerFilterSet.Meta.fields]


class FundSummaryFilterSet(SearchFilterSet):
    """Party organisations on the funds summary page (annotated by ``organizations_with_balances``)."""

    search_fields = ("name",)

    area = _area("area")
    has_funds = _yes_no("经费台账", "有经费记录", "无经费记录", field_name="has_funds")

    class Meta:
        model = PartyOrganization
        fields = ["area", "has_funds"]


# --- venues -------------------------------------------------------------------------------------


class VenueFilterSet(SearchFilterSet):
    search_fields = ("name", "address", "party_organization__name")

    area = _area("party_organization__area")
    compliant = _yes_no("六有", "六有达标", "未达标", method="by_compliance")

    class Meta:
        model = Venue
        fields = ["area", "compliant"]

    def by_compliance(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(ALL_SIX) if value else queryset.exclude(ALL_SIX)


class VenueApiFilterSet(VenueFilterSet):
    party_organization = django_filters.ModelChoiceFilter(label="党组织", queryset=PartyOrganization.objects.all())

    class Meta(VenueFilterSet.Meta):
        fields = [*VenueFilterSet.Meta.fields, "party_organization"]


# --- liaison points -----------------------------------------------------------------------------


class LiaisonPointFilterSet(SearchFilterSet):
    search_fields = ("cadre_name", "cadre_title", "party_organization__name")

    cadre_kind = django_filters.ChoiceFilter(label="类别", choices=CadreKind.choices, empty_label="全部")
    area = _area("party_organization__area")

    class Meta:
        model = LiaisonPoint
        fields = ["cadre_kind", "area"]


class LiaisonVisitFilterSet(SearchFilterSet):
    search_fields = ("point__cadre_name", "point__party_organization__name", "summary")
    linked_only = ("visited_after", "visited_before")

    kind = django_filters.ChoiceFilter(label="活动类型", choices=LiaisonVisitKind.choices, empty_label="全部")
    cadre_kind = django_filters.ChoiceFilter(
        label="领导类别", field_name="point__cadre_kind", choices=CadreKind.choices, empty_label="全部"
    )
    area = _area("point__party_organization__area")
    year = _year("visited_on")
    visited_after = _since("visited_on")
    visited_before = _until("visited_on")

    class Meta:
        model = LiaisonVisit
        fields = ["kind", "cadre_kind", "area", "year", "visited_after", "visited_before"]


class LiaisonVisitApiFilterSet(LiaisonVisitFilterSet):
    point = django_filters.ModelChoiceFilter(label="联系点", queryset=LiaisonPoint.objects.all())

    class Meta(LiaisonVisitFilterSet.Meta):
        fields = [*LiaisonVisitFilterSet.Meta.fields, "point"]


class LiaisonPointApiFilterSet(LiaisonPointFilterSet):
    party_organization = django_filters.ModelChoiceFilter(label="党组织", queryset=PartyOrganization.objects.all())

    class Meta(LiaisonPointFilterSet.Meta):
        fields = [*LiaisonPointFilterSet.Meta.fields, "party_organization"]


# --- stationed cadres ---------------------------------------------------------------------------


class StationedCadreFilterSet(SearchFilterSet):
    search_fields = ("name", "unit", "entity__name")

    area = _area("entity__area")
    on_post = _yes_no("派驻状态", "在岗", "已结束", method="by_on_post")

    class Meta:
        model = StationedCadre
        fields = ["area", "on_post"]

    def by_on_post(self, queryset, name, value):
        if value is None:
            return queryset
        posted = on_post(timezone.localdate())
        return queryset.filter(posted) if value else queryset.exclude(posted)


class StationedActivityFilterSet(SearchFilterSet):
    search_fields = ("title", "cadre__name", "cadre__entity__name", "listed_as")
    linked_only = ("done_after", "done_before")

    kind = django_filters.ChoiceFilter(label="类型", choices=StationedActivityKind.choices, empty_label="全部")
    listed = _yes_no("列入名单", "已列入", "未列入", method="by_listed")
    listed_as = django_filters.CharFilter(label="名单", lookup_expr="icontains")
    area = _area("cadre__entity__area")
    year = _year("done_on")
    done_after = _since("done_on")
    done_before = _until("done_on")

    class Meta:
        model = StationedActivity
        fields = ["kind", "listed", "listed_as", "area", "year", "done_after", "done_before"]

    def by_listed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(listed_as="") if value else queryset.filter(listed_as="")


class StationedActivityApiFilterSet(StationedActivityFilterSet):
    cadre = django_filters.ModelChoiceFilter(label="驻企干部", queryset=StationedCadre.objects.all())

    class Meta(StationedActivityFilterSet.Meta):
        fields = [*StationedActivityFilterSet.Meta.fields, "cadre"]


class StationedCadreApiFilterSet(StationedCadreFilterSet):
    entity = django_filters.ModelChoiceFilter(label="驻在企业", queryset=Entity.objects.all())

    class Meta(StationedCadreFilterSet.Meta):
        fields = [*StationedCadreFilterSet.Meta.fields, "entity"]


# --- pairings -----------------------------------------------------------------------------------


class PairingFilterSet(SearchFilterSet):
    search_fields = ("partner_name", "party_organization__name")

    partner_kind = django_filters.ChoiceFilter(label="结对类型", choices=PartnerKind.choices, empty_label="全部")
    area = _area("party_organization__area")

    class Meta:
        model = Pairing
        fields = ["partner_kind", "area"]


class PairingApiFilterSet(PairingFilterSet):
    party_organization = django_filters.ModelChoiceFilter(label="党组织", queryset=PartyOrganization.objects.all())

    class Meta(PairingFilterSet.Meta):
        fields = [*PairingFilterSet.Meta.fields, "party_organization"]


class PairingActivityFilterSet(SearchFilterSet):
    search_fields = ("title", "pairing__partner_name", "pairing__party_organization__name")

    kind = django_filters.ChoiceFilter(label="活动类型", choices=PairingActivityKind.choices, empty_label="全部")
    area = _area("pairing__party_organization__area")
    year = _year("held_on")
    pairing = django_filters.ModelChoiceFilter(label="结对", queryset=Pairing.objects.all())

    class Meta:
        model = PairingActivity
        fields = ["kind", "area", "year", "pairing"]
