"""The demo county has a year of meetings and dues; loading it twice changes nothing."""

import io

from django.core.management import call_command
from django.utils import timezone

from members.models import Person
from party_life.choices import MeetingKind
from party_life.models import Attendance, DuesBase, DuesPayment, Meeting
from party_life.selectors.dues import lapsed_members
from scoring.models import PointEntry


def counts():
    return [m.objects.count() for m in (Meeting, Attendance, DuesBase, DuesPayment)]


def test_the_demo_has_a_year_of_meetings_and_dues_and_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    today = timezone.localdate()
    months = set(Meeting.objects.dates("held_on", "month"))
    assert len(months) == 12 and max(months) == today.replace(day=1)
    assert Meeting.objects.filter(kind=MeetingKind.THEME_DAY).count() > 100
    assert DuesPayment.objects.filter(amount__lt=0).count() == 5
    # This month's theme days were recorded through the service: attendance earned study points.
    assert PointEntry.objects.filter(attendance__isnull=False, month=today.replace(day=1)).exists()
    assert 0 < lapsed_members(Person.objects.all(), today=today).count() < 50
