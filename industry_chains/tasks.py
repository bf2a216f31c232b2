"""Celery tasks of the industry-chain area: thin wrappers around the services, safe to run twice."""

from celery import shared_task

from industry_chains.services import tickets


@shared_task(name="industry_chains.supervise_overdue_tickets")
def supervise_overdue_tickets() -> int:
    """督办: every ticket past its lead department's deadline goes under supervision."""
    return tickets.tickets_supervise_overdue()


@shared_task(name="industry_chains.remind_due_tickets")
def remind_due_tickets() -> int:
    """Remind lead departments of tickets about to fall due."""
    return tickets.tickets_remind_due()
