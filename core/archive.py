"""Whole-county export for archiving: one workbook per area (街镇/园区) with all its records, in one zip.

County staff start it from a page; a Celery task writes the workbooks one area at a time, so the page can
show how many areas are done, and packs them into ``archives/<job_id>.zip`` in default storage. The job
lives in the database (``core.jobs``), like the certificate batches. Each sheet is one kind of record, exported
through the area's own import-export resource (the one its list page exports with), so the columns are those of the
list's Excel export. Rows of an area start from ``visible_to(user)`` and are narrowed along the model
queryset's own ``scope_area`` lookup; records that belong to no area (the industry chains, departments,
the 积分超市 catalogue, and any row whose area is empty) go into one extra workbook "县级".

身份证号 and phone numbers are masked unless the county admin asks for them in full; who asked is kept in
the job and written on each workbook's first sheet.
"""

from __future__ import annotations

import importlib
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files import File
from django.db.models import QuerySet

from core import spreadsheets
from core.audit import personal_data_record
from core.choices import PersonalDataAction
from core.jobs import Jobs, file_stamp, files_purge, local_stamp, requester_label, storage_replace
from core.models import User
from core.spreadsheets import SHEET_TITLE_MAX, Table, cell_value
from members.validators import mask_id_number, mask_phone

COUNTY_ONLY = "全县数据归档导出由县委社会工作部办理，您没有权限。"
COUNTY_WORKBOOK = "县级"
JOB_TIMEOUT = 7 * 24 * 3600
RECENT_JOBS = 10
# Excel refuses these in a sheet name.
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "、"))
# Model attributes holding personal data, unmasked when the county admin asks for them in full.
PERSONAL_ATTRIBUTES = {"id_number", "phone"}


@dataclass(frozen=True)
class Sheet:
    """One kind of record: its sheet title, the resource that exports it, and what the list page adds.

    ``prepare`` names a queryset function adding the annotations the resource reads (the list page's own);
    ``related`` adds select_related/prefetch_related paths the resource's fields need beyond the foreign
    keys their column paths name (those are joined automatically).
    """

    title: str
    resource: str
    prepare: str = ""
    related: tuple[str, ...] = ()

    @cached_property
    def resource_class(self):
        module, name = self.resource.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)

    @property
    def model(self):
        return self.resource_class._meta.model

    @property
    def area_lookup(self) -> str | None:
        """The model queryset's path to its area ("" for the area itself), None for county-level records."""
        return getattr(type(self.model._default_manager.all()), "scope_area", None)

    @property
    def sheet_title(self) -> str:
        return self.title.translate(SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_MAX]


# Every kind of record, in the order the sheets appear; adding a kind is adding a line.
SHEETS: list[Sheet] = [
    Sheet("街镇园区", "organizations.resources.spine.AreaResource"),
    Sheet("党组织", "organizations.resources.spine.PartyOrganizationResource"),
    Sheet("经营主体", "organizations.resources.entities.EntityResource"),
    Sheet("群团组织", "organizations.resources.entities.MassOrganizationResource"),
    Sheet("党建工作指导员", "organizations.resources.entities.InstructorResource"),
    Sheet("摸底排查记录", "organizations.resources.survey.SurveyRecordResource"),
    Sheet(
        "党建工作经费余额",
        "organizations.resources.support.FundBalanceResource",
        prepare="organizations.selectors.support.organizations_with_balances",
    ),
    Sheet("党建工作经费台账", "organizations.resources.support.FundEntryResource"),
    Sheet("活动阵地", "organizations.resources.support.VenueResource"),
    Sheet(
        "联系点",
        "organizations.resources.support.LiaisonPointResource",
        prepare="organizations.selectors.support.liaison_points_with_counts",
    ),
    Sheet("联系点活动", "organizations.resources.support.LiaisonVisitResource"),
    Sheet(
        "驻企干部",
        "organizations.resources.support.StationedCadreResource",
        prepare="organizations.selectors.support.stationed_cadres_with_counts",
    ),
    Sheet("驻企干部工作", "organizations.resources.support.StationedActivityResource"),
    Sheet(
        "结对共建",
        "organizations.resources.support.PairingResource",
        prepare="organizations.selectors.support.pairings_with_counts",
    ),
    Sheet("人员", "members.resources.people.PersonResource"),
    Sheet("红领党务证书", "members.resources.certification.CertificateResource"),
    Sheet("红色头雁候选人", "members.resources.selections.NominationResource", related=("person", "instructor")),
    Sheet("企业家", "members.resources.selections.EntrepreneurResource", related=("honours", "trainings")),
    Sheet("积分记录", "scoring.resources.stars.PointEntryResource"),
    Sheet("月度积分结果", "scoring.resources.stars.MonthlyResultResource"),
    Sheet("季度星级评选结果", "scoring.resources.stars.QuarterlyResultResource"),
    Sheet("季度积分卡", "scoring.resources.scorecards.ScorecardResource"),
    Sheet("积分账户", "scoring.resources.market.PointAccountResource"),
    Sheet("积分兑换", "scoring.resources.market.RedemptionResource"),
    Sheet("积分超市商品", "scoring.resources.market.RewardItemResource"),
    Sheet("党组织星级评定", "scoring.resources.ratings.OrgRatingResource"),
    Sheet("红旗支部候选", "scoring.resources.ratings.RedFlagResource"),
    Sheet("示范创建", "scoring.resources.ratings.DesignationResource"),
    Sheet("公示", "scoring.resources.postings.PostingResource"),
    Sheet("组织生活会议", "party_life.resources.meetings.MeetingResource"),
    Sheet("党费缴纳台账", "party_life.resources.dues.DuesPaymentResource"),
    Sheet("产业链", "industry_chains.resources.IndustryChainResource"),
    Sheet("职能部门", "industry_chains.resources.DepartmentResource"),
    Sheet("产业链党委成员", "industry_chains.resources.committees.ChainMemberResource"),
    Sheet("链上成员企业", "industry_chains.resources.committees.ChainEnterpriseResource"),
    Sheet("轮值安排", "industry_chains.resources.committees.DutyTurnResource"),
    Sheet("红色沙龙活动", "industry_chains.resources.committees.ChainActivityResource"),
    Sheet("企业诉求", "industry_chains.resources.tickets.TicketResource"),
    Sheet("部门报到人员", "industry_chains.resources.service.DepartmentHandlerResource"),
    Sheet("红领专家", "industry_chains.resources.service.ExpertResource"),
    Sheet("专家服务记录", "industry_chains.resources.service.ExpertVisitResource"),
    Sheet("惠企政策", "industry_chains.resources.service.PolicyResource"),
    Sheet("党建惠企成果", "industry_chains.resources.service.EnterpriseResultResource"),
]

# List exports deliberately not archived as a sheet of their own, with the reason.
LEFT_OUT: dict[str, str] = {
    "members.resources.selections.WinnerResource": "入选者已在“红色头雁候选人”表中（进度为已入选）",
    "party_life.resources.dues.MemberDuesResource": "每人的核定月缴额和欠缴由“党费缴纳台账”和“人员”表算出",
    "party_life.resources.dues.LapsedResource": "连续六个月未缴党费或未参加组织生活的名单是由台账和会议出席算出的提示",
    "party_life.resources.dues.DuesFlowResource": (
        "各党组织收缴、上缴、返还和结存由“党费缴纳台账”“党费上缴记录”“返还党费”表算出"
    ),
    # Not yet archived: the demo county holds none of these, so their sheets' query cost cannot be checked there.
    "party_life.resources.dues.RemittanceResource": "党费上缴记录待演示数据补齐后归档（暂由“党费上缴记录”页导出）",
    "party_life.resources.dues.RefundResource": "返还党费已记入“党建工作经费台账”表（来源党费返还）",
    "party_life.resources.groups.PartyGroupResource": "党小组待演示数据补齐后归档（暂由“党小组”页导出）",
    "core.resources.AccountListResource": "用户账号是平台的管理数据，不是全县党建台账，由“用户账号”页导出",
}


def area_sheets() -> list[Sheet]:
    return [sheet for sheet in SHEETS if sheet.area_lookup is not None]


def county_sheets() -> list[Sheet]:
    return [sheet for sheet in SHEETS if sheet.area_lookup is None]


# --- rows ------------------------------------------------------------------------------------------


def _import(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _joined_paths(model, resource) -> list[str]:
    """The foreign-key paths the resource's columns walk, so one query fetches every row with them."""
    paths = set()
    for field in resource.get_export_fields():
        attribute = field.attribute or ""
        current, walked = model, []
        for part in attribute.split("__"):
            try:
                model_field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (model_field.is_relation and (model_field.many_to_one or model_field.one_to_one)):
                break
            if model_field.auto_created and not model_field.concrete:
                break  # a reverse one-to-one: leave it to ``related``
            walked.append(part)
            paths.add("__".join(walked))
            current = model_field.related_model
    return sorted(paths)


def _related(queryset: QuerySet, paths) -> QuerySet:
    model = queryset.model
    joins, prefetches = [], []
    for path in paths:
        current, single = model, True
        for part in path.split("__"):
            field = current._meta.get_field(part)
            if field.many_to_many or field.one_to_many:
                single = False
                break
            current = field.related_model
        (joins if single else prefetches).append(path)
    if joins:
        queryset = queryset.select_related(*joins)
    if prefetches:
        queryset = queryset.prefetch_related(*prefetches)
    return queryset


def sheet_queryset(sheet: Sheet, *, user: User, area=None, county: bool = False) -> QuerySet:
    """The sheet's rows the user may see: of one area, or (``county``) those belonging to no area."""
    manager = sheet.model._default_manager
    queryset = manager.visible_to(user)
    lookup = sheet.area_lookup
    condition = None
    if county:
        if lookup == "":
            return queryset.none()
        if lookup is not None:
            condition = {f"{lookup}__isnull": True}
    elif area is not None:
        if lookup is None:
            return queryset.none()
        condition = {lookup: area} if lookup else {"pk": area.pk}
    if condition is not None:
        if type(queryset).scope_multi_valued:
            # A lookup across a to-many relation would repeat rows; a subquery keeps each row once.
            queryset = queryset.filter(pk__in=manager.filter(**condition).values("pk"))
        else:
            queryset = queryset.filter(**condition)
    if sheet.prepare:
        queryset = _import(sheet.prepare)(queryset)
    return queryset


def _resource(sheet: Sheet, *, user: User, full: bool):
    resource = sheet.resource_class(user=user)
    if full:
        # Personal columns read the model's own value instead of the resource's masked rendering.
        for name, field in resource.fields.items():
            if (field.attribute or "").split("__")[-1] in PERSONAL_ATTRIBUTES:
                method = field.get_dehydrate_method(name)
                if isinstance(method, str):
                    setattr(resource, method, lambda obj, field=field: field.get_value(obj) or "")
    return resource


def _masker(header: str):
    if "身份证" in header:
        return mask_id_number
    if "电话" in header or "手机" in header:
        return mask_phone
    return None


def sheet_rows(sheet: Sheet, queryset: QuerySet, *, user: User, full: bool) -> tuple[list[str], list[list]]:
    """Header and rows as the resource exports them, in a fixed number of queries whatever the rows."""
    resource = _resource(sheet, user=user, full=full)
    queryset = resource.filter_export(queryset)
    queryset = _related(queryset, [*_joined_paths(sheet.model, resource), *sheet.related])
    if not queryset.query.order_by and not sheet.model._meta.ordering:
        queryset = queryset.order_by("pk")
    headers = resource.get_export_headers()
    maskers = [None if full else _masker(header) for header in headers]
    rows = []
    for instance in queryset:
        values = resource.export_resource(instance)
        rows.append(
            [
                cell_value(masker(str(value)) if masker and value else value)
                for masker, value in zip(maskers, values, strict=True)
            ]
        )
    return headers, rows


# --- workbooks --------------------------------------------------------------------------------------


def workbook_build(*, user: User, job: dict, area=None) -> tuple[bytes, dict[str, int]]:
    """One area's workbook (``area`` None: the county-level one): a note sheet, then a sheet per kind."""
    county = area is None
    sheets = county_sheets() + area_sheets() if county else area_sheets()
    counts: dict[str, int] = {}
    tables = []
    for sheet in sheets:
        queryset = sheet_queryset(sheet, user=user, area=area, county=county)
        headers, rows = sheet_rows(sheet, queryset, user=user, full=job["full"])
        if county and sheet.area_lookup is not None and not rows:
            continue  # area records with no area: only worth a sheet when there are some
        counts[sheet.sheet_title] = len(rows)
        tables.append((sheet.sheet_title, headers, rows))
    workbook = spreadsheets.new_workbook()
    note = [
        ["范围", COUNTY_WORKBOOK + "（不属于任何街镇/园区的记录）" if county else area.name],
        ["导出时间", job["requested_at"]],
        ["导出人", job["requested_by"]],
        ["个人信息", "身份证号、联系电话为完整信息，请按涉密要求保管" if job["full"] else "身份证号、联系电话已脱敏"],
        *[[title, f"{count} 条"] for title, count in counts.items()],
    ]
    for table in [Table("说明", ["项目", "内容"], note), *(Table(*table) for table in tables)]:
        spreadsheets.table_write(workbook, table)
    return spreadsheets.workbook_bytes(workbook), counts


# --- jobs -------------------------------------------------------------------------------------------


JOBS = Jobs(
    "archive",
    task="core.tasks.archive_build",
    label="全县数据归档导出",
    detail_url="core:archive_job_detail",
    recent=RECENT_JOBS,
)


def archive_job_get(job_id: str) -> dict | None:
    return JOBS.get(job_id)


def _job_set(job_id: str, job: dict) -> None:
    JOBS.set(job_id, job)


def archive_jobs_recent(*, user: User) -> list[tuple[str, dict]]:
    """The user's last exports, newest first."""
    return JOBS.recent(user=user)


def archive_file_path(job_id: str) -> str:
    return f"archives/{job_id}.zip"


def archive_files_purge(*, older_than_days: int = JOB_TIMEOUT // 86400) -> int:
    """Delete archives older than their jobs: a zip may hold personal data in full."""
    return files_purge("archives", older_than_days=older_than_days, suffix=".zip")


def _require_county(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_county_admin):
        raise ValidationError(COUNTY_ONLY, code="not_county")


def _areas(user: User):
    from organizations.models import Area

    return Area.objects.within_scope(user).order_by("sort_order", "code")


def archive_start(*, by: User, full: bool = False) -> str:
    """Queue the whole-county export; ``full`` keeps 身份证号 and phone numbers unmasked. Returns the job id."""
    _require_county(by)
    total = _areas(by).count() + 1
    job_id = JOBS.start(
        user=by,
        job={
            "user_id": by.pk,
            "full": bool(full),
            "requested_by": requester_label(by),
            "requested_at": local_stamp(),
            "total": total,
            "done": 0,
            "current": "",
            "workbooks": [],
            "error": "",
        },
    )
    if full:
        from members.models import Person

        personal_data_record(
            user=by,
            action=PersonalDataAction.EXPORT,
            what="全县数据归档导出（完整身份证号、联系电话）",
            person_ids=Person.objects.visible_to(by).values_list("pk", flat=True),
        )
    archive_files_purge()
    return job_id


def _safe_name(text: str) -> str:
    return "".join("_" if char in '<>:"/\\|?*' else char for char in text)


def archive_build(*, job_id: str) -> bool:
    """Write every area's workbook into one zip in default storage; safe to run twice (a finished or
    running job is left alone)."""
    return JOBS.run(job_id, _archive_write, allowed=lambda user: user.is_county_admin, refusal=COUNTY_ONLY)


def _archive_write(job_id: str, job: dict, user: User) -> dict:
    areas = list(_areas(user))
    job.update(total=len(areas) + 1, workbooks=[])
    _job_set(job_id, job)
    path = archive_file_path(job_id)
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, area in enumerate([*areas, None], start=1):
                label = area.name if area is not None else COUNTY_WORKBOOK
                job["current"] = label
                _job_set(job_id, job)
                content, counts = workbook_build(user=user, job=job, area=area)
                archive.writestr(f"{index:02d}_{_safe_name(label)}.xlsx", content)
                job["workbooks"].append({"name": label, "rows": sum(counts.values()), "sheets": len(counts)})
                job["done"] = index
                JOBS.progress(job_id, job)
        spool.seek(0)
        size = storage_replace(path, File(spool, name=path))
    return {"path": path, "size": size}


def archive_download_name(job: dict) -> str:
    stamp = file_stamp(job)
    suffix = "_含完整个人信息" if job["full"] else ""
    return f"全县数据归档_{stamp}{suffix}.zip"


__all__ = [
    "SHEETS",
    "Sheet",
    "archive_build",
    "archive_download_name",
    "archive_file_path",
    "archive_job_get",
    "archive_jobs_recent",
    "archive_start",
    "sheet_queryset",
    "sheet_rows",
    "workbook_build",
]
