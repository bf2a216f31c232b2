"""Background jobs: their state in the database (``core.models.Job``), so a page that shows a job never depends on
the broker or the cache; how a job is handed to the broker (after commit, kept waiting when the broker does not
answer); how a running job shows its worker is alive; and the sweeper that re-sends the jobs left waiting and
requeues those whose worker died.

Used by the jobs that produce a file for one user (the whole-county export, the generated work report, certificate
batches) and by the scheduled closes; imports keep their own model (``core.imports``) and the same helpers.

A worker is alive while it holds the job's PostgreSQL advisory lock: the lock goes with its database connection,
so a worker killed outright (kill -9, out of memory) frees it at once, even in the middle of a transaction that
no heartbeat could be written through. Without PostgreSQL (the embedded default) the heartbeat's age decides.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.choices import JobStatus
from core.models import Job

logger = logging.getLogger(__name__)

BROKER_DOWN = "后台服务暂不可用，已排队，恢复后自动处理"
REQUEUED = "上次运行中断（后台进程停止），已自动重新排队"
RERUN = "已重新排队"
RUNNABLE = (JobStatus.WAITING, JobStatus.INTERRUPTED)
# A run may also take a failed job again (a message delivered twice, a retry): only a finished one is final.
CLAIMABLE = (*RUNNABLE, JobStatus.FAILED)
KINDS: dict[str, Jobs] = {}  # every kind of job, filled as each area defines its own
# What a job's row holds in columns; the rest of the job's dict lives in ``data``.
COLUMNS = ("done", "total", "current", "error")
DERIVED = ("user_id", "status", "note", "heartbeat_at", "attempts", "kind")


def task_send(name: str, *args) -> bool:
    """Hand the task ``name`` to the broker; False (with a log line) when the broker does not answer in time, so
    the caller keeps its job waiting for the sweeper. Without a broker (the embedded default) it runs here."""
    from config.celery import app

    if app.conf.task_always_eager:
        from kombu.utils.imports import symbol_by_name

        symbol_by_name(name).apply_async(args=args)
        return True
    try:
        # No retry here: the request must not wait, and the sweeper sends again.
        app.send_task(name, args=list(args), retry=False)
    except Exception as error:
        logger.warning("broker unavailable, %s%r kept waiting: %s", name, args, error)
        return False
    return True


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def worker_alive(name: str) -> Iterator[bool]:
    """``with worker_alive("job:<id>") as mine:`` — hold the job's advisory lock while working on it; ``mine`` is
    False when another live worker holds it already."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = _lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        mine = cursor.fetchone()[0]
    try:
        yield mine
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def worker_gone(name: str, heartbeat_at, *, heartbeat_timeout: int | None = None) -> bool:
    """Whether the worker of a running job has stopped: its lock is free (PostgreSQL), or its heartbeat is older
    than ``heartbeat_timeout`` (default ``JOB_HEARTBEAT_TIMEOUT``) seconds."""
    if connection.vendor == "postgresql":
        key = _lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            free = cursor.fetchone()[0]
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return free
    timeout = settings.JOB_HEARTBEAT_TIMEOUT if heartbeat_timeout is None else heartbeat_timeout
    limit = timezone.now() - timedelta(seconds=timeout)
    return heartbeat_at is None or heartbeat_at < limit


def failure_reason(error: Exception) -> str:
    """What a failed job's page says: a rule's own Chinese message, otherwise the error's first words."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)[:200]
    return str(error)[:200] or error.__class__.__name__


def job_dict(row: Job) -> dict:
    """A job as its page and its work read it: parameters and results, progress, status, the worker's last sign."""
    return {
        **row.data,
        **{name: getattr(row, name) for name in COLUMNS},
        "user_id": row.user_id,
        "kind": row.kind,
        "status": row.status,
        "note": row.note,
        "attempts": row.attempts,
        "heartbeat_at": row.heartbeat_at,
    }


def job_send(job_id) -> bool:
    """Hand a job to the broker now; when it does not answer, the job waits with ``BROKER_DOWN`` on its page."""
    row = Job.objects.filter(pk=job_id).only("task").first()
    if row is None:
        return False
    sent = task_send(row.task, row.pk.hex)
    if sent:
        Job.objects.filter(pk=row.pk).update(sent_at=timezone.now())
        Job.objects.filter(pk=row.pk, note=BROKER_DOWN).update(note="")
    else:
        Job.objects.filter(pk=row.pk, status__in=RUNNABLE).update(note=BROKER_DOWN)
    return sent


def job_rerun(*, job_id, by) -> None:
    """Send a failed or interrupted job again, at the request of whoever may see it."""
    row = Job.objects.visible_to(by).filter(pk=job_id).first()
    if row is None:
        raise ValidationError("没有找到该任务。")
    again = Job.objects.filter(pk=row.pk, status__in=[JobStatus.FAILED, JobStatus.INTERRUPTED]).update(
        status=JobStatus.WAITING, note=RERUN, error=""
    )
    if not again:
        raise ValidationError("只有失败或已中断的任务可以重新运行。")
    transaction.on_commit(lambda: job_send(row.pk))


class Jobs:
    """Jobs of one ``kind``, each run by the Celery task named ``task`` with the job's id; ``label`` names the kind
    in lists and ``detail_url`` is the URL name of a job's page."""

    def __init__(self, kind: str, *, task: str, label: str, detail_url: str, recent: int = 10):
        self.kind = kind
        self.task = task
        self.label = label
        self.detail_url = detail_url
        self.recent_count = recent
        KINDS[kind] = self

    def _rows(self):
        return Job.objects.filter(kind=self.kind)

    def _row(self, job_id) -> Job | None:
        try:
            return self._rows().filter(pk=job_id).first()
        except ValidationError:  # not a job id at all
            return None

    def get(self, job_id) -> dict | None:
        row = self._row(job_id)
        return job_dict(row) if row is not None else None

    def get_own(self, job_id, *, user) -> dict | None:
        """The job if ``user`` may see it: anybody else's does not exist for them."""
        try:
            row = self._rows().visible_to(user).filter(pk=job_id).first()
        except ValidationError:
            return None
        return job_dict(row) if row is not None else None

    def start(self, *, user, job: dict, key: str = "", send: bool = True) -> str:
        """Store a new job (for ``user``, or a scheduled one under ``key``) and hand it to the broker once the
        transaction commits (unless the caller runs it itself: ``send=False``); returns its id. A keyed job that
        exists already is returned as it is."""
        fields = {
            "task": self.task,
            "user": user,
            "data": {k: v for k, v in job.items() if k not in (*COLUMNS, *DERIVED)},
            **{name: job[name] for name in COLUMNS if name in job},
        }
        if key:
            row, created = Job.objects.get_or_create(kind=self.kind, key=key, defaults=fields)
            if not created:
                return row.pk.hex
        else:
            row = Job.objects.create(kind=self.kind, **fields)
        if send:
            transaction.on_commit(lambda: job_send(row.pk))
        return row.pk.hex

    def set(self, job_id, job: dict) -> None:
        """Store how far the job has got; every store is also the worker's heartbeat."""
        Job.objects.filter(pk=job_id).update(
            data={k: v for k, v in job.items() if k not in (*COLUMNS, *DERIVED)},
            heartbeat_at=timezone.now(),
            **{name: job[name] for name in COLUMNS if name in job},
        )

    progress = set

    def recent(self, *, user) -> list[tuple[str, dict]]:
        """The user's last jobs, newest first (from the database: the page needs neither broker nor cache)."""
        rows = self._rows().visible_to(user).filter(user=user)[: self.recent_count]
        return [(row.pk.hex, job_dict(row)) for row in rows]

    def run(self, job_id, work: Callable[[str, dict, object], dict], *, allowed: Callable[[object], bool] | None = None,
            refusal: str = "") -> bool:  # fmt: skip
        """Run a job once, safely twice: a finished job, or one a live worker holds, is left alone; a job whose user
        may no longer do it fails with ``refusal``. ``work(job_id, job, user)`` does the work, reporting through
        ``progress``, and returns what the finished job adds (its files); an error marks the job failed."""
        row = self._row(job_id)
        if row is None or row.status not in CLAIMABLE:
            return False
        with worker_alive(f"job:{row.pk}") as mine:
            if not mine:
                return False
            now = timezone.now()
            claimed = Job.objects.filter(pk=row.pk, status__in=CLAIMABLE).update(
                status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1,
                note="", error="", done=0, current="",
            )  # fmt: skip
            if not claimed:
                return False
            row.refresh_from_db()
            job = job_dict(row)
            user = None
            if row.user_id is not None:
                user = get_user_model().objects.filter(pk=row.user_id, is_active=True).first()
                if user is None or (allowed is not None and not allowed(user)):
                    self._finish(row.pk, job, JobStatus.FAILED, error=refusal)
                    return False
            try:
                result = work(row.pk.hex, job, user)
            except Exception as error:
                self._finish(row.pk, job, JobStatus.FAILED, error=failure_reason(error))
                raise
            job.update(current="", finished_at=local_stamp(), **result)
            self._finish(row.pk, job, JobStatus.DONE)
            return True

    def _finish(self, pk, job: dict, status: str, *, error: str = "") -> None:
        job.update(error=error, current="")
        self.set(pk, job)
        Job.objects.filter(pk=pk).update(status=status, finished_at=timezone.now())


def jobs_sweep(*, resend_after: int | None = None, heartbeat_timeout: int | None = None) -> dict:
    """Requeue what the broker or a worker lost: a running job whose worker is gone is marked interrupted and sent
    again (up to ``JOB_MAX_ATTEMPTS`` runs; after that its owner re-runs it); a waiting job the broker never took,
    or took longer than ``resend_after`` seconds ago, is sent again. Every task is safe to run twice."""
    resend_after = settings.JOB_RESEND_AFTER if resend_after is None else resend_after
    interrupted = 0
    for row in Job.objects.filter(status=JobStatus.RUNNING).only("pk", "heartbeat_at", "attempts"):
        if worker_gone(f"job:{row.pk}", row.heartbeat_at, heartbeat_timeout=heartbeat_timeout):
            interrupted += Job.objects.filter(pk=row.pk, status=JobStatus.RUNNING, attempts=row.attempts).update(
                status=JobStatus.INTERRUPTED, note=REQUEUED, sent_at=None
            )
    stale = timezone.now() - timedelta(seconds=resend_after)
    due = Job.objects.filter(
        Q(status=JobStatus.WAITING) | Q(status=JobStatus.INTERRUPTED, attempts__lt=settings.JOB_MAX_ATTEMPTS),
        Q(sent_at__isnull=True) | Q(sent_at__lt=stale),
    )
    sent = sum(job_send(pk) for pk in due.values_list("pk", flat=True))
    return {"interrupted": interrupted, "sent": sent}


def jobs_purge(*, older_than_days: int) -> int:
    """Delete the finished jobs users started after the retention period (their files go with ``files_purge``);
    the scheduled closes stay listed."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    finished = Job.objects.filter(user__isnull=False, created_at__lt=cutoff).exclude(status=JobStatus.RUNNING)
    return finished.delete()[0]


def local_stamp() -> str:
    """Now in Beijing time, as jobs show it: 2026-12-01 09:30."""
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


def file_stamp(job: dict) -> str:
    """The finishing time for a download's name: 202612010930."""
    return job.get("finished_at", "").replace("-", "").replace(":", "").replace(" ", "")


def storage_replace(path: str, content: File) -> int:
    """Write ``content`` at ``path`` in default storage, replacing an earlier file; returns its size."""
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, content)
    return content.size


def requester_label(user) -> str:
    """How a job names who asked for it: 姓名（账号）."""
    name = getattr(user, "name", "") or ""
    return f"{name}（{user.username}）" if name else user.username


def files_purge(folder: str, *, older_than_days: int, suffix: str = "") -> int:
    """Delete the files in ``folder`` of default storage older than their jobs: a job's file (which may hold
    personal data) never outlives the page that offers it."""
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - timedelta(days=older_than_days)
    removed = 0
    for name in names:
        path = f"{folder}/{name}"
        if name.endswith(suffix) and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


def progress_context(job_id: str, job: dict) -> dict:
    """What a job's progress card renders: the job, how far it is, whether the page should keep polling."""
    return {
        "job": job,
        "job_id": job_id,
        "percent": round(100 * job["done"] / job["total"]) if job["total"] else 0,
        "running": job["status"] in {JobStatus.WAITING, JobStatus.RUNNING, JobStatus.INTERRUPTED},
    }
