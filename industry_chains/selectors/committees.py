"""Reads of a chain: its committee, units, member enterprises, current duty and recent activities."""

from django.db.models import Count
from django.utils import timezone

from industry_chains.choices import UnitKind
from industry_chains.models import IndustryChain
from industry_chains.services.duty import turn_on


def chain_overview(*, chain: IndustryChain) -> dict:
    """Everything the chain's page shows, in a fixed number of queries."""
    today = timezone.localdate()
    members = list(chain.members.all())
    units = list(chain.units.all())
    unit_groups = [(label, [u for u in units if u.kind == kind]) for kind, label in UnitKind.choices]
    enterprises = list(chain.enterprises.select_related("entity__area", "instructor").filter(is_active=True))
    return {
        "secretary": next((m for m in members if m.role == "secretary"), None),
        "members": members,
        "unit_groups": unit_groups,
        "enterprises": enterprises,
        "instructed": sum(1 for e in enterprises if e.instructor_id),
        "current_turn": turn_on(chain, today),
        "upcoming_turns": list(
            chain.duty_turns.select_related("enterprise__entity").filter(starts_on__gt=today).order_by("starts_on")[:3]
        ),
        "activities": list(chain.activities.select_related("duty_turn__enterprise__entity")[:8]),
        "activity_count": chain.activities.count(),
    }


def chains_with_counts():
    return IndustryChain.objects.annotate(
        enterprise_count=Count("enterprises", distinct=True), activity_count=Count("activities", distinct=True)
    )
