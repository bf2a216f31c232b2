"""The demo follows the article: three chains, 77 member enterprises with instructors, 10+ salons,
160 tickets solved since 2024, 22 党建惠企 activities; loading it twice changes nothing."""

import io
from datetime import datetime

from django.core.management import call_command
from django.utils import timezone

from industry_chains.choices import TicketStatus
from industry_chains.models import (
    ChainActivity,
    ChainEnterprise,
    ChainMember,
    DutyTurn,
    IndustryChain,
    Ticket,
    TicketEvent,
)


def counts():
    return [m.objects.count() for m in (ChainMember, ChainEnterprise, DutyTurn, ChainActivity, Ticket, TicketEvent)]


def test_the_demo_has_the_articles_figures_and_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert IndustryChain.objects.count() == 3
    assert ChainEnterprise.objects.count() == 77
    assert not ChainEnterprise.objects.filter(instructor__isnull=True).exists()
    assert ChainActivity.objects.filter(benefits_enterprises=False).count() >= 10
    assert ChainActivity.objects.filter(benefits_enterprises=True).count() == 22
    since_2024 = datetime(2024, 1, 1, tzinfo=timezone.get_current_timezone())
    assert Ticket.objects.filter(status=TicketStatus.CLOSED, closed_at__gte=since_2024).count() == 160
    # Every chain has one secretary and a duty turn today.
    today = timezone.localdate()
    for chain in IndustryChain.objects.all():
        assert chain.members.filter(role="secretary").count() == 1
        assert chain.duty_turns.filter(starts_on__lte=today, ends_on__gte=today).exists()
    # The demo secretaries' enterprises are in the loop.
    assert Ticket.objects.filter(entity__name="鲁韵纺织有限公司", status=TicketStatus.REPLIED).exists()
