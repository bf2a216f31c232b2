"""The organisation star rating and the 红旗支部 list show the organisation's recorded organisational life for
the rating year, for the reviewer to use."""

from datetime import date

import time_machine
from django.urls import reverse

from party_life.choices import MeetingKind
from scoring.models import OrgRating
from scoring.services import ratings
from tests.factories import make_entity
from tests.party_life.test_compliance import held
from tests.scoring.factories import make_sheet


def test_the_rating_and_red_flag_pages_show_the_years_compliance(world, county_admin, members_a, as_user):
    make_sheet()
    campaign = ratings.rating_campaign_create(by=county_admin, year=2025)
    for kind in (MeetingKind.COMMITTEE, MeetingKind.THEME_DAY):
        held(world.org_a, kind, *(date(2025, m, 8) for m in range(1, 13)))
    held(world.org_a, MeetingKind.ASSEMBLY, *(date(2025, m, 8) for m in (2, 5, 8, 11)))
    rating = OrgRating.objects.get(campaign=campaign, party_organization=world.org_a)
    OrgRating.objects.filter(pk=rating.pk).update(stars=5, inspection_total=96)
    rating.refresh_from_db()
    make_entity(world.area_a, "甲公司", org=world.org_a, kind="enterprise")
    ratings.red_flag_nominate(by=county_admin, rating=rating, strengths=[18] * 5)
    client = as_user(county_admin)
    with time_machine.travel("2026-02-01 10:00 +0800", tick=False):
        page = client.get(reverse("scoring:orgrating_detail", args=[rating.pk])).content.decode()
        flags = client.get(reverse("scoring:redflag_list")).content.decode()
    # 12 + 12 + 4 held; 党课 0/4, 组织生活会 0/1, 民主评议 0/1 missing: 28 of 34.
    assert "组织生活落实情况（2025年，平台记录）" in page
    assert '支部委员会</td><td class="text-end">12/12' in page
    assert "2025年第1季度党课" in page
    assert "82%" in page and "82%" in flags
