"""Background jobs whose state lives in the shared cache: what a page polls for progress, a lock so that a
job runs once at a time (safe to run twice), and each user's recent jobs.

Used by the jobs that produce a file for one user (the whole-county export, the generated work report):
their state is a small dict that the Celery task updates as it goes and the page renders.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone


class CacheJobs:
    """Jobs of one kind under ``prefix``: ``<prefix>:<id>`` holds a job, ``<prefix>-lock:<id>`` its lock,
    ``<prefix>s:<user id>`` the user's recent job ids, newest first."""

    def __init__(self, prefix: str, *, timeout: int = 7 * 24 * 3600, lock_timeout: int = 3600, recent: int = 10):
        self.prefix = prefix
        self.timeout = timeout
        # A lock is renewed as the job goes (``renew``): a worker that died frees it within lock_timeout.
        self.lock_timeout = lock_timeout
        self.recent_count = recent

    def _key(self, job_id: str) -> str:
        return f"{self.prefix}:{job_id}"

    def _lock_key(self, job_id: str) -> str:
        return f"{self.prefix}-lock:{job_id}"

    def _recent_key(self, user_id: int) -> str:
        return f"{self.prefix}s:{user_id}"

    def get(self, job_id: str) -> dict | None:
        return cache.get(self._key(job_id))

    def get_own(self, job_id: str, *, user) -> dict | None:
        """The job if ``user`` started it: anybody else's does not exist for them."""
        job = self.get(job_id)
        return job if job is not None and job["user_id"] == user.pk else None

    def set(self, job_id: str, job: dict) -> None:
        cache.set(self._key(job_id), job, timeout=self.timeout)

    def create(self, *, user, job: dict) -> str:
        """Store a new job for ``user`` and put it first among the user's recent jobs; returns its id."""
        job_id = uuid.uuid4().hex
        self.set(job_id, job)
        recent = [job_id, *(cache.get(self._recent_key(user.pk)) or [])][: self.recent_count]
        cache.set(self._recent_key(user.pk), recent, timeout=self.timeout)
        return job_id

    def recent(self, *, user) -> list[tuple[str, dict]]:
        """The user's last jobs still in the cache, newest first."""
        ids = cache.get(self._recent_key(user.pk)) or []
        jobs = cache.get_many([self._key(job_id) for job_id in ids])
        return [(job_id, jobs[self._key(job_id)]) for job_id in ids if self._key(job_id) in jobs]

    @contextmanager
    def locked(self, job_id: str) -> Iterator[bool]:
        """``with jobs.locked(id) as mine:`` — ``mine`` is False when another worker holds the job."""
        key = self._lock_key(job_id)
        if not cache.add(key, 1, timeout=self.lock_timeout):
            yield False
            return
        try:
            yield True
        finally:
            cache.delete(key)

    def renew(self, job_id: str) -> None:
        cache.touch(self._lock_key(job_id), self.lock_timeout)

    def progress(self, job_id: str, job: dict) -> None:
        """Store how far the job has got (the page polls it) and keep its lock."""
        self.set(job_id, job)
        self.renew(job_id)

    def run(self, job_id: str, work: Callable[[str, dict, object], dict], *, allowed: Callable[[object], bool],
            refusal: str) -> bool:  # fmt: skip
        """Run a job once, safely twice: a finished job or one another worker holds is left alone; a job whose
        user may no longer do it fails with ``refusal``. ``work(job_id, job, user)`` does the work, reporting through
        ``progress``, and returns what the finished job adds (its files); an error marks the job failed."""
        job = self.get(job_id)
        if job is None or job["status"] == "done":
            return False
        with self.locked(job_id) as mine:
            if not mine:
                return False
            user = get_user_model().objects.filter(pk=job["user_id"], is_active=True).first()
            if user is None or not allowed(user):
                job.update(status="failed", error=refusal)
                self.set(job_id, job)
                return False
            job.update(status="running", done=0, error="")
            self.set(job_id, job)
            try:
                result = work(job_id, job, user)
            except Exception as error:
                job.update(status="failed", error=str(error)[:200], current="")
                self.set(job_id, job)
                raise
            job.update(status="done", current="", finished_at=local_stamp(), **result)
            self.set(job_id, job)
            return True


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
        "running": job["status"] in {"queued", "running"},
    }
