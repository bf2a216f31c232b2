"""The members area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from core.charts import Series, stacked_bars_svg
from core.figures import Figure, Scope, Section
from members.choices import CertLevel, CertStatus, NominationStep, SelectionKind, Stage, TrainingKind
from members.models import (
    Certificate,
    Entrepreneur,
    EntrepreneurHonour,
    EntrepreneurTraining,
    Nomination,
    Person,
    TalentRecord,
)
from members.selectors.people import two_way_aggregates

LEVEL_SERIES = [Series("初级", "#f2a3aa"), Series("中级", "#e4606d"), Series("高级", "#c8161d")]


def section(scope: Scope) -> Section:
    """Party-affairs workers by level, the pipeline, 双向培养, 红色头雁 and entrepreneurs."""
    people = scope.visible(Person.objects.all()).order_by()
    pipeline = people.aggregate(
        activists=Count("pk", filter=Q(stage__in=[Stage.ACTIVIST, Stage.CANDIDATE])),
        candidates=Count("pk", filter=Q(stage=Stage.CANDIDATE)),
        probationary=Count("pk", filter=Q(stage=Stage.PROBATIONARY)),
        admitted=Count("pk", filter=Q(admitted_on__isnull=False) & scope.period("admitted_on")),
    )
    aggregates = two_way_aggregates()
    two_way = people.alias(has_records=Exists(TalentRecord.objects.filter(person=OuterRef("pk")))).aggregate(
        activists=aggregates["activists"], new_members=aggregates["new_members"]
    )
    certificates = scope.visible(Certificate.objects.filter(status=CertStatus.VALID)).order_by()
    levels = dict(certificates.values_list("level").annotate(count=Count("pk")))
    by_area = list(
        certificates.values("person__party_organization__area__name", "person__party_organization__area__sort_order")
        .annotate(**{level: Count("pk", filter=Q(level=level)) for level in CertLevel.values})
        .order_by("person__party_organization__area__sort_order")
    )
    selected = scope.visible(Nomination.objects.filter(step=NominationStep.SELECTED)).order_by()
    selected = dict(selected.values_list("campaign__kind").annotate(count=Count("pk")))
    entrepreneurs = scope.visible(Entrepreneur.objects.all())
    trainings = scope.visible(EntrepreneurTraining.objects.all()).aggregate(
        benchmark=Count("entrepreneur", filter=Q(kind=TrainingKind.BENCHMARK), distinct=True),
        mba=Count(
            "entrepreneur", filter=Q(kind__in=[TrainingKind.MBA, TrainingKind.EMBA], graduated=True), distinct=True
        ),
    )
    honoured = scope.visible(EntrepreneurHonour.objects.all()).values("entrepreneur").distinct().count()
    certified = sum(levels.values())
    figures = [
        Figure("红领党务认证", certified, "名", reverse("members:certificate_list"), "95"),
        *(Figure(f"红领党务{label}", levels.get(value, 0), "名") for value, label in CertLevel.choices),
        Figure("入党积极分子（含发展对象）", pipeline["activists"], "名", reverse("members:person_list"), "468"),
        Figure("发展对象", pipeline["candidates"], "名", reverse("members:person_list"), "131"),
        Figure("预备党员", pipeline["probationary"], "名", reverse("members:person_list")),
        Figure("新接收预备党员", pipeline["admitted"], "名", in_period=True),
        Figure("管理/技术骨干中的入党积极分子", two_way["activists"], "名", reverse("members:talent_report"), "388"),
        Figure("管理/技术骨干中发展的党员", two_way["new_members"], "名", reverse("members:talent_report"), "108"),
        Figure(
            "优秀党组织书记（头雁）",
            selected.get(SelectionKind.SECRETARY, 0),
            "名",
            reverse("members:selectioncampaign_list"),
            "20",
        ),
        Figure(
            "“红帆”党建指导员",
            selected.get(SelectionKind.INSTRUCTOR, 0),
            "名",
            reverse("members:selectioncampaign_list"),
            "10",
        ),
        Figure("企业家", entrepreneurs.count(), "名", reverse("members:entrepreneur_list")),
        Figure("参加标杆学习的企业家", trainings["benchmark"], "名", article="60"),
        Figure("MBA/EMBA 毕业的企业家", trainings["mba"], "名", article="8"),
        Figure("获功勋/杰出/优秀称号的企业家", honoured, "名", article="39"),
    ]
    chart = stacked_bars_svg(
        [
            (row["person__party_organization__area__name"], [row[level] for level in CertLevel.values])
            for row in by_area
        ],
        LEVEL_SERIES,
        unit="名",
        title="各街镇/园区红领党务认证人数",
    )
    summary = (
        f"认证红领党务 {certified} 名；培养入党积极分子 {pipeline['activists']} 名，其中确定为发展对象 "
        f"{pipeline['candidates']} 名；管理和技术骨干中有入党积极分子 {two_way['activists']} 名、发展党员 "
        f"{two_way['new_members']} 名。"
    )
    return Section("members", "党员队伍", figures, charts=[chart], summary=summary)
