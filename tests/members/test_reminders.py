"""Members reminders: probation ending this month to the organisation's secretaries, certificate reviews to
county staff; each once a month however often the job runs."""

from datetime import date

from core.models import Notification
from members.choices import Stage
from members.services import reminders
from tests.factories import UserFactory
from tests.members.matrix_certification import certificate_a
from tests.members.test_people import make_person


def probationer(org, name, ends_on):
    admitted = ends_on.replace(year=ends_on.year - 1)
    return make_person(
        org,
        name=name,
        stage=Stage.PROBATIONARY,
        activist_on=date(2022, 3, 1),
        candidate_on=date(2023, 4, 1),
        admitted_on=admitted,
        probation_ends_on=ends_on,
    )


def test_secretaries_above_the_organisation_hear_of_probation_ending_this_month_once(
    world, secretary, other_secretary, county_admin
):
    branch_secretary = UserFactory(username="branch", role="org_secretary", party_organization=world.org_a_child)
    probationer(world.org_a_child, "甲", date(2025, 6, 20))
    probationer(world.org_a_child, "乙", date(2025, 6, 28))
    probationer(world.org_a_child, "下月", date(2025, 7, 3))
    probationer(world.org_b, "别处下月", date(2025, 7, 9))

    assert reminders.probation_reminders_send(today=date(2025, 6, 1)) == 2
    assert reminders.probation_reminders_send(today=date(2025, 6, 2)) == 0
    for user in (secretary, branch_secretary):
        [note] = Notification.objects.filter(recipient=user)
        assert note.title == "2025年6月有 2 名预备党员预备期满，请按期讨论转正"
    assert not Notification.objects.filter(recipient__in=[other_secretary, county_admin]).exists()

    assert reminders.probation_reminders_send(today=date(2025, 7, 1)) == 3
    assert Notification.objects.get(recipient=other_secretary).title.startswith("2025年7月有 1 名")


def test_county_staff_hear_of_certificates_due_for_review_within_a_month(world, county_admin, secretary):
    certificate = certificate_a(world)
    assert certificate.review_due_on == date(2027, 1, 1)
    assert reminders.certificate_review_reminders_send(today=date(2026, 11, 1)) == 0
    assert reminders.certificate_review_reminders_send(today=date(2026, 12, 5)) == 1
    assert reminders.reminders_send(today=date(2026, 12, 20)) == 0
    [note] = Notification.objects.all()
    assert note.recipient == county_admin
    assert note.title == "1 本红领党务证书将在 30 天内到两年动态调整期（最早 2027-01-01）"
