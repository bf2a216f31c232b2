"""Scoring work not yet done for a period: organisations without a month's points, people without a quarter's
scorecard. The reminders notify from these and the home page's to-do list counts them, so both agree."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import ScorecardStatus
from scoring.models import PointEntry, Scorecard
from scoring.services.scorecards import SCORED_STAGES
from scoring.services.stars import MEMBER_STAGES, first_of_month


def organizations_missing_monthly_entries(*, month: date) -> QuerySet[PartyOrganization]:
    """Organisations with members but not one point line in the month (a subquery each, no loop)."""
    month = first_of_month(month)
    members = Person.objects.filter(party_organization=OuterRef("pk"), stage__in=MEMBER_STAGES)
    entries = PointEntry.objects.filter(month=month, person__party_organization=OuterRef("pk"))
    return PartyOrganization.objects.filter(Exists(members), ~Exists(entries))


def people_missing_scorecards(*, year: int, quarter: int, drafts_too: bool = False) -> QuerySet[Person]:
    """Activists, 发展对象 and probationary members without a scorecard for the quarter; with ``drafts_too``,
    also those whose card is still a draft (not yet submitted)."""
    cards = Scorecard.objects.filter(person=OuterRef("pk"), year=year, quarter=quarter)
    if drafts_too:
        cards = cards.exclude(status=ScorecardStatus.DRAFT)
    return Person.objects.filter(stage__in=SCORED_STAGES).filter(~Exists(cards))
