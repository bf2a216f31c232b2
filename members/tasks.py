"""Thin Celery tasks of the members area: take ids, call a service."""

from celery import shared_task

from members.services import certification


@shared_task
def certificate_batch_render(job_id: str) -> bool:
    return certification.certificate_batch_render(job_id=job_id)


@shared_task
def reminders_send() -> int:
    from django.utils import timezone

    from members.services import reminders

    return reminders.reminders_send(today=timezone.localdate())
