"""The members area's figures for the dashboard and the work report (see core.figures)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from django.db.models import Count, Exists, OuterRef, Q

from core.charts import Series, stacked_bars_svg
from core.figures import Catalogue, Definition, Link, Scope, Section
from members.choices import CertLevel, CertStatus, NominationStep, SelectionKind, TrainingKind
from members.models import (
    Certificate,
    Entrepreneur,
    EntrepreneurHonour,
    EntrepreneurTraining,
    Nomination,
    Person,
    TalentRecord,
)
from members.selectors.people import (
    admitted_within,
    candidate_at,
    in_training_at,
    probationary_at,
    two_way_aggregates,
)

TALENT_WORDS = "管理层、技术骨干（按岗位或人才库标记）中"
AT_PERIOD_END = "按统计期末计（未选期间或期末未到时为今天）"


def _people(pipeline: str, talent: bool = False) -> Link:
    """People at a stage at the period's end (``as_of``), or admitted inside the period."""
    query = (("pipeline", pipeline), *((("talent", "backbone"),) if talent else ()))
    if pipeline == "admitted":
        return Link("members:person_list", query, start="admitted_after", end="admitted_before")
    return Link("members:person_list", query, end="as_of")


def _entrepreneurs(**query) -> Link:
    return Link("members:entrepreneur_list", tuple(query.items()))


def _selected(kind: str) -> Link:
    # Winners are listed campaign by campaign (评选 → 入选名单): the campaigns of that kind, not one list of them all.
    return Link("members:selectioncampaign_list", (("kind", kind),), area="", counts=False)


CATALOGUE = Catalogue(
    "members.selectors.figures.section",
    [
        Definition(
            "certified",
            "红领党务认证",
            "名",
            "持有效红领党务证书（未撤销、未收回）的人数；当前数。",
            article="95",
            link=Link("members:certificate_list", (("status", CertStatus.VALID),)),
        ),
        *(
            Definition(
                f"certified_{value}",
                f"红领党务{label}",
                "名",
                f"持有效{label}红领党务证书的人数；当前数。",
                link=Link("members:certificate_list", (("status", CertStatus.VALID), ("level", value))),
            )
            for value, label in CertLevel.choices
        ),
        Definition(
            "activists",
            "入党积极分子（含发展对象）",
            "名",
            "处于入党积极分子或发展对象阶段的人数：确定为积极分子的日期不晚于期末、期末时尚未接收为预备党员；"
            + AT_PERIOD_END
            + "。",
            by_period=True,
            article="468",
            link=_people("activists"),
        ),
        Definition(
            "candidates",
            "发展对象",
            "名",
            "确定为发展对象的日期不晚于期末、期末时尚未接收为预备党员的人数；" + AT_PERIOD_END + "。",
            by_period=True,
            article="131",
            link=_people("candidates"),
        ),
        Definition(
            "probationary",
            "预备党员",
            "名",
            "接收为预备党员的日期不晚于期末、期末时尚未转正的人数；" + AT_PERIOD_END + "。",
            by_period=True,
            link=_people("probationary"),
        ),
        Definition(
            "admitted",
            "新接收预备党员",
            "名",
            "支部大会接收为预备党员（发展党员）的人数，按接收日期计入统计期间。",
            by_period=True,
            link=_people("admitted"),
        ),
        Definition(
            "talent_activists",
            "管理/技术骨干中的入党积极分子",
            "名",
            TALENT_WORDS
            + "正在培养的入党积极分子和发展对象（不含已接收的预备党员、正式党员）；"
            + AT_PERIOD_END
            + "。",
            by_period=True,
            article="388",
            link=_people("activists", talent=True),
        ),
        Definition(
            "talent_new_members",
            "管理/技术骨干中发展的党员",
            "名",
            TALENT_WORDS + "接收为预备党员的人数，按支部大会接收日期计入统计期间。",
            by_period=True,
            article="108",
            link=_people("admitted", talent=True),
        ),
        Definition(
            "selected_secretaries",
            "优秀党组织书记（头雁）",
            "名",
            "红色头雁评选中经县级评定入选的优秀党组织书记（历次评选累计）；当前数。",
            article="20",
            link=_selected(SelectionKind.SECRETARY),
        ),
        Definition(
            "selected_instructors",
            "“红帆”党建指导员",
            "名",
            "红色头雁评选中经县级评定入选的“红帆”党建指导员（历次评选累计）；当前数。",
            article="10",
            link=_selected(SelectionKind.INSTRUCTOR),
        ),
        Definition(
            "entrepreneurs",
            "企业家",
            "名",
            "登记的企业家（按所在企业的街镇/园区）；当前数。",
            link=_entrepreneurs(),
        ),
        Definition(
            "benchmark",
            "参加标杆学习的企业家",
            "名",
            "有标杆学习培训记录的企业家人数；当前数。",
            article="60",
            link=_entrepreneurs(training=TrainingKind.BENCHMARK),
        ),
        Definition(
            "mba",
            "MBA/EMBA 毕业的企业家",
            "名",
            "MBA 或 EMBA 培训已毕业的企业家人数；当前数。",
            article="8",
            link=_entrepreneurs(training="mba_graduated"),
        ),
        Definition(
            "honoured",
            "获功勋/杰出/优秀称号的企业家",
            "名",
            "获功勋、杰出或优秀企业家称号的企业家人数（一人多项计一人）；当前数。",
            article="39",
            link=_entrepreneurs(honour="any"),
        ),
    ],
)
# The 双向培养 page's figures, by the name of their aggregate in ``two_way_aggregates``: the two the dashboard
# shows are its own definitions; the others are the page's alone (not on the dashboard, so not in CATALOGUE).
TWO_WAY = Catalogue(
    "members.selectors.people.two_way_report",
    [
        Definition(
            "talent",
            "管理层、技术骨干",
            "名",
            "岗位为管理层或技术骨干、或有管理人才/技术人才标记的人员（任何发展阶段）；当前数。",
            link=Link("members:person_list", (("talent", "backbone"),)),
        ),
        replace(CATALOGUE["talent_activists"], key="activists", article=""),
        Definition(
            "candidates",
            "管理/技术骨干中的发展对象",
            "名",
            TALENT_WORDS + "已确定为发展对象、尚未接收为预备党员的人数；" + AT_PERIOD_END + "。",
            by_period=True,
            link=_people("candidates", talent=True),
        ),
        replace(CATALOGUE["talent_new_members"], key="new_members", article=""),
        Definition(
            "members_in_pool",
            "人才库中的党员",
            "名",
            TALENT_WORDS + "的预备党员和正式党员；当前数。",
            unlinked="人员名单一次只按一个发展阶段筛选，预备党员与正式党员要分别查看。",
        ),
        Definition(
            "members_with_records",
            "有竞赛成绩/荣誉的党员骨干",
            "名",
            TALENT_WORDS + "的预备党员和正式党员里，登记了至少一项竞赛成绩或荣誉的人数（一人多项计一人）；当前数。",
            unlinked="竞赛成绩和荣誉登记在各人的详情页，人员名单不按它筛选。",
        ),
    ],
)
LEVEL_SERIES = [Series("初级", "#f2a3aa"), Series("中级", "#e4606d"), Series("高级", "#c8161d")]


def section(scope: Scope) -> Section:
    """Party-affairs workers by level, the pipeline, 双向培养, 红色头雁 and entrepreneurs."""
    people = scope.visible(Person.objects.all()).order_by()
    pipeline = people.aggregate(
        activists=Count("pk", filter=in_training_at(scope.end)),
        candidates=Count("pk", filter=candidate_at(scope.end)),
        probationary=Count("pk", filter=probationary_at(scope.end)),
        admitted=Count("pk", filter=admitted_within(scope.start, scope.end)),
    )
    aggregates = two_way_aggregates(start=scope.start, end=scope.end)
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
    figure = partial(CATALOGUE.figure, scope)
    figures = [
        figure("certified", certified),
        *(figure(f"certified_{value}", levels.get(value, 0)) for value in CertLevel.values),
        figure("activists", pipeline["activists"]),
        figure("candidates", pipeline["candidates"]),
        figure("probationary", pipeline["probationary"]),
        figure("admitted", pipeline["admitted"]),
        figure("talent_activists", two_way["activists"]),
        figure("talent_new_members", two_way["new_members"]),
        figure("selected_secretaries", selected.get(SelectionKind.SECRETARY, 0)),
        figure("selected_instructors", selected.get(SelectionKind.INSTRUCTOR, 0)),
        figure("entrepreneurs", entrepreneurs.count()),
        figure("benchmark", trainings["benchmark"]),
        figure("mba", trainings["mba"]),
        figure("honoured", honoured),
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
