"""Spreadsheet import shared by every area: template, preview (dry run), all-or-nothing commit.

An import is an ``ImportJob``. Validating and committing both run the whole file inside one
transaction through the area's resource (whose ``save_instance`` calls the area's service), then
check that every written row is inside ``editable_by(user)``. Validation always rolls back; a
commit rolls back unless every row passed. Progress goes to the cache so the page can poll it
while the transaction is still open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.encoding import force_str
from import_export import resources, widgets

from core.choices import ImportStatus
from core.jobs import BROKER_DOWN, REQUEUED, RERUN, task_send, worker_alive, worker_gone
from core.models import ImportJob, User

logger = logging.getLogger(__name__)

MAX_ROWS = 100_000
PREVIEW_ROWS = 20
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class ImportKind:
    """What one import key brings in: its resource, its model and where its list lives."""

    key: str
    label: str
    resource_class: type[ScopedModelResource]
    list_url_name: str

    @property
    def model(self):
        return self.resource_class._meta.model


_REGISTRY: dict[str, ImportKind] = {}


def register_import(key: str, *, label: str, list_url_name: str):
    """Class decorator registering a resource as an importable kind under ``key``."""

    def decorator(resource_class):
        _REGISTRY[key] = ImportKind(key, label, resource_class, list_url_name)
        return resource_class

    return decorator


def get_import_kind(key: str) -> ImportKind | None:
    return _REGISTRY.get(key)


class ScopedModelResource(resources.ModelResource):
    """A resource that knows its user: exports read its scope, imports may only write inside it."""

    def __init__(self, *, user: User | None = None, job: ImportJob | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.job = job
        self.written_pks: list = []  # filled by resources that write in bulk (rows then carry no id)

    def get_import_fields(self):
        # django-import-export rebuilds this list for every row; it cannot change during one import.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_instance(self, instance, row, **kwargs):
        """The library's per-field loop, with the plain fields (most of them) set directly.

        Same rules: a column missing from the file or a read-only field is skipped, a value the widget
        refuses is a ValueError reported per field, None is not written unless the field saves nulls.
        Fields with a ``__`` path or many-to-many widgets go through the library as before.
        """
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            attribute = field.attribute
            if not attribute or "__" in attribute:
                try:
                    self.import_field(field, instance, row, **kwargs)
                except ValueError as error:
                    errors[attribute] = ValidationError(force_str(error), code="invalid")
                continue
            if field.readonly or field.column_name not in row:
                continue
            try:
                cleaned = field.clean(row, **kwargs)
            except ValueError as error:
                errors[attribute] = ValidationError(force_str(error), code="invalid")
                continue
            if cleaned is not None or field.saves_null_values:
                setattr(instance, attribute, cleaned)
        if errors:
            raise ValidationError(errors)

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number") or 0
        if self.job is not None and number % PROGRESS_EVERY == 0:
            progress_set(self.job.pk, number)

    def template_dataset(self) -> tablib.Dataset:
        """An empty sheet with the Chinese column headers, to download and fill in."""
        return tablib.Dataset(headers=self.get_export_headers())


def progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def progress_set(job_id: int, rows: int) -> None:
    cache.set(progress_key(job_id), rows, timeout=3600)


def progress_get(job: ImportJob) -> int:
    if not job.is_running:
        return job.processed_rows
    return cache.get(progress_key(job.pk), job.processed_rows)


def dataset_load(data: bytes, filename: str) -> tablib.Dataset:
    """Read an uploaded .xlsx or .csv; CSV saved by Chinese Excel is often GB18030, not UTF-8."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        dataset = tablib.Dataset().load(data, format="xlsx")
    elif name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError("CSV 文件编码无法识别，请另存为 UTF-8 或使用 xlsx 模板。")
        dataset = tablib.Dataset().load(text, format="csv")
    else:
        raise ValidationError("只支持 .xlsx 或 .csv 文件，请使用下载的模板。")
    # Excel leaves fully blank rows behind; they are not data.
    blank = [i for i, row in enumerate(dataset) if all(cell in (None, "") for cell in row)]
    for index in reversed(blank):
        del dataset[index]
    return dataset


def _field_label(resource: ScopedModelResource, attribute: str) -> str:
    for field in resource.get_import_fields():
        if field.attribute == attribute or field.column_name == attribute:
            return field.column_name
    if attribute == "__all__":
        return ""
    try:
        return str(resource._meta.model._meta.get_field(attribute).verbose_name)
    except Exception:
        return attribute


def _error_messages(resource: ScopedModelResource, result) -> list[dict]:
    """Every problem in the file as ``{"row": excel_row, "message": 中文}``; the header is row 1."""
    problems: list[dict] = []
    for number, errors in result.row_errors():
        for error in errors:
            problems.append({"row": number + 1, "message": _exception_message(error.error)})
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            label = _field_label(resource, attribute)
            for text in ValidationError(messages).messages:
                problems.append({"row": invalid.number + 1, "message": f"{label}：{text}" if label else text})
    for error in result.base_errors:
        problems.append({"row": None, "message": _exception_message(error.error)})
    problems.sort(key=lambda p: (p["row"] is None, p["row"] or 0))
    return problems


def _exception_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or error.__class__.__name__


def _outside_scope(kind: ImportKind, user: User, written_pks: list) -> int:
    """How many written rows the user could not have edited: each one cancels the whole import."""
    if not written_pks:
        return 0
    manager = kind.model._default_manager
    editable = manager.editable_by(user).filter(pk__in=written_pks).values("pk")
    return manager.filter(pk__in=written_pks).exclude(pk__in=editable).count()


def _cell_for_json(value):
    """A cell as the preview stores it: Excel dates arrive as datetimes, which JSON cannot hold."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _run(job: ImportJob, *, commit: bool) -> None:
    kind = get_import_kind(job.resource_key)
    if kind is None:
        raise ValidationError(f"未知的导入类型：{job.resource_key}")
    with job.file.open("rb") as handle:
        dataset = dataset_load(handle.read(), job.original_name)
    if len(dataset) == 0:
        raise ValidationError("文件中没有数据行。")
    if len(dataset) > MAX_ROWS:
        raise ValidationError(f"单个文件最多 {MAX_ROWS} 行，请拆分后导入。")
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(dataset))
    resource = kind.resource_class(user=job.created_by, job=job)
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
        problems = _error_messages(resource, result)
        written = [row.object_id for row in result.rows if row.object_id is not None] + resource.written_pks
        if not problems:
            outside = _outside_scope(kind, job.created_by, written)
            if outside:
                problems.append({"row": None, "message": f"有 {outside} 行数据超出您的管理范围，整个文件未导入。"})
        preview = [
            {"row": index + 2, "action": row.import_type, "values": [_cell_for_json(value) for value in dataset[index]]}
            for index, row in enumerate(result.rows[:PREVIEW_ROWS])
        ]
        if problems or not commit:
            transaction.set_rollback(True)
    totals = result.totals
    fields = {
        "processed_rows": len(dataset),
        "errors": problems,
        "preview": preview,
        "preview_headers": list(dataset.headers or []),
        "new_rows": totals.get("new", 0),
        "updated_rows": totals.get("update", 0),
        "finished_at": timezone.now(),
    }
    if problems:
        fields["status"] = ImportStatus.INVALID
    else:
        fields["status"] = ImportStatus.DONE if commit else ImportStatus.VALIDATED
    ImportJob.objects.filter(pk=job.pk).update(**fields)


# A step claims its job from these states; an interrupted job resumes the step it was cut off in.
VALIDATE_FROM = Q(status=ImportStatus.PENDING) | Q(status=ImportStatus.INTERRUPTED, commit_requested=False)
COMMIT_FROM = Q(status__in=[ImportStatus.VALIDATED, ImportStatus.COMMIT_QUEUED]) | Q(
    status=ImportStatus.INTERRUPTED, commit_requested=True
)
RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)


def _run_guarded(job_id: int, *, claim_from: Q, running_status: str, commit: bool) -> bool:
    with worker_alive(f"import:{job_id}") as mine:
        if not mine:
            return False
        # A conditional update makes a job safe to run twice: only one run moves it forward.
        now = timezone.now()
        claimed = (
            ImportJob.objects.filter(claim_from, pk=job_id)
            .update(status=running_status, note="", heartbeat_at=now, attempts=F("attempts") + 1)
        )  # fmt: skip
        if not claimed:
            return False
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        try:
            _run(job, commit=commit)
        except ValidationError as error:
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportStatus.INVALID,
                errors=[{"row": None, "message": message} for message in error.messages],
                finished_at=timezone.now(),
            )
        except Exception:
            logger.exception("import job %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportStatus.FAILED,
                errors=[{"row": None, "message": "导入时发生系统错误，未写入任何数据，请联系管理员。"}],
                finished_at=timezone.now(),
            )
        return True


def import_job_validate(*, job_id: int) -> bool:
    """Dry run: every row checked against the database, nothing kept."""
    return _run_guarded(job_id, claim_from=VALIDATE_FROM, running_status=ImportStatus.VALIDATING, commit=False)


def import_job_commit(*, job_id: int) -> bool:
    """Write the whole file, or nothing when any row fails (the data may have changed since the preview)."""
    return _run_guarded(job_id, claim_from=COMMIT_FROM, running_status=ImportStatus.IMPORTING, commit=True)


def import_job_send(job_id: int) -> bool:
    """Hand the job's next step to the broker; when it does not answer, the job waits with ``BROKER_DOWN``."""
    job = ImportJob.objects.filter(pk=job_id).only("status", "commit_requested").first()
    if job is None:
        return False
    step = "commit" if job.commit_requested else "validate"
    sent = task_send(f"core.tasks.import_job_{step}", job_id)
    if sent:
        ImportJob.objects.filter(pk=job_id).update(sent_at=timezone.now())
        ImportJob.objects.filter(pk=job_id, note=BROKER_DOWN).update(note="")
    else:
        ImportJob.objects.filter(pk=job_id).exclude(status__in=RUNNING).update(note=BROKER_DOWN)
    return sent


def import_job_confirm(*, job: ImportJob) -> bool:
    """The user confirms a validated file: it is queued for writing (sent once the transaction commits)."""
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.COMMIT_QUEUED, commit_requested=True
    )
    if queued:
        transaction.on_commit(lambda: import_job_send(job.pk))
    return bool(queued)


def import_job_rerun(*, job: ImportJob) -> bool:
    """Its owner sends an interrupted import again: it resumes the step it was cut off in."""
    again = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INTERRUPTED).update(
        status=Case(
            When(commit_requested=True, then=Value(ImportStatus.COMMIT_QUEUED)), default=Value(ImportStatus.PENDING)
        ),
        note=RERUN,
    )
    if again:
        transaction.on_commit(lambda: import_job_send(job.pk))
    return bool(again)


def import_jobs_sweep(*, resend_after: int | None = None, heartbeat_timeout: int | None = None) -> dict:
    """The imports' share of the sweeper (``core.jobs.jobs_sweep``): a step whose worker is gone is marked
    interrupted (its transaction rolled back: nothing was written) and sent again, up to ``JOB_MAX_ATTEMPTS``
    runs; a waiting step the broker never took, or took longer than ``resend_after`` seconds ago, is sent again."""
    resend_after = settings.JOB_RESEND_AFTER if resend_after is None else resend_after
    interrupted = 0
    for job in ImportJob.objects.filter(status__in=RUNNING).only("pk", "status", "heartbeat_at", "attempts"):
        if worker_gone(f"import:{job.pk}", job.heartbeat_at, heartbeat_timeout=heartbeat_timeout):
            interrupted += ImportJob.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
                status=ImportStatus.INTERRUPTED, note=REQUEUED, sent_at=None
            )
    stale = timezone.now() - timedelta(seconds=resend_after)
    due = ImportJob.objects.filter(
        Q(status__in=[ImportStatus.PENDING, ImportStatus.COMMIT_QUEUED])
        | Q(status=ImportStatus.INTERRUPTED, attempts__lt=settings.JOB_MAX_ATTEMPTS),
        Q(sent_at__isnull=True) | Q(sent_at__lt=stale),
    )
    sent = sum(import_job_send(pk) for pk in due.values_list("pk", flat=True))
    return {"interrupted": interrupted, "sent": sent}


def import_job_create(*, user: User, resource_key: str, uploaded_file) -> ImportJob:
    """Store an uploaded file as a pending job; the caller enqueues its validation."""
    if get_import_kind(resource_key) is None:
        raise ValidationError("未知的导入类型。")
    name = uploaded_file.name or "upload"
    if not name.lower().endswith((".xlsx", ".csv")):
        raise ValidationError("只支持 .xlsx 或 .csv 文件，请使用下载的模板。")
    job = ImportJob(resource_key=resource_key, created_by=user, original_name=name[:255], file=uploaded_file)
    job.full_clean()
    job.save()
    return job


def import_job_cancel(*, job: ImportJob) -> None:
    """Drop a validated job the user decided not to import."""
    ImportJob.objects.filter(pk=job.pk, status__in=[ImportStatus.VALIDATED, ImportStatus.INVALID]).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )


def import_jobs_purge(*, older_than_days: int) -> int:
    """Delete finished jobs and their files after the retention period."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[ImportStatus.VALIDATING, ImportStatus.IMPORTING]
    )
    count = 0
    for job in old.iterator():
        job.file.delete(save=False)
        job.delete()
        count += 1
    return count
