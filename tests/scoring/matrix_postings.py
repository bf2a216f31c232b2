"""Permission-matrix rows for postings: staff pages and the public notice board (see test_permission_matrix)."""

from datetime import date

from scoring.choices import PostingKind
from scoring.models import Posting, PostingLine
from tests.permissions import ALL_STAFF, only

PUBLISHERS = only({"county_admin": 200, "area_reviewer": 200}, default=403)
AREA_A = only({"county_admin": 200, "area_reviewer": 200})
# Withdrawing and correcting are the county's: the area's reviewer sees the posting but may not (403).
COUNTY_ON_AREA_A = only({"county_admin": 200, "area_reviewer": 403})


def posting_a(world):
    posting = Posting.objects.create(
        kind=PostingKind.STAR_MONTHLY,
        subject="2025-04",
        title="甲镇2025年4月月度星级党员公示",
        area=world.area_a,
        published_on=date(2025, 5, 6),
        start_on=date(2025, 5, 6),
        end_on=date(2025, 5, 13),
    )
    PostingLine.objects.create(
        posting=posting, position=1, masked_name="张*", organization="甲公司党委", detail="五星党员"
    )
    return [posting.pk]


def posting_a_open(world):
    """An area A posting published today: in force, so it may still be withdrawn or corrected."""
    from django.utils import timezone

    from core.workdays import posting_period

    today = timezone.localdate()
    start_on, end_on = posting_period(today)
    posting = Posting.objects.create(
        kind=PostingKind.SCORECARD,
        subject=f"{today.year}Q{(today.month - 1) // 3 + 1}",
        title="甲镇本季度积分卡考评结果公示",
        area=world.area_a,
        published_on=today,
        start_on=start_on,
        end_on=end_on,
    )
    PostingLine.objects.create(posting=posting, position=1, masked_name="李*", organization="甲公司党委")
    return [posting.pk]


def posting_a_printed(world):
    """Posting A with its PDF stored, as publishing leaves it."""
    from scoring.services.postings import posting_pdf_render

    pk = posting_a(world)[0]
    posting_pdf_render(posting_id=pk)
    return [pk]


ROWS: dict = {
    "scoring:posting_list": (None, ALL_STAFF, "page"),
    "scoring:posting_create": (None, PUBLISHERS, "page"),
    "scoring:posting_detail": (posting_a, AREA_A, "page"),
    "scoring:posting_withdraw": (posting_a_open, COUNTY_ON_AREA_A, "page"),
    "scoring:posting_correct": (posting_a_open, COUNTY_ON_AREA_A, "page"),
    "scoring:notice_board": (None, ALL_STAFF, "public"),
    "scoring:posting_public_list": (None, ALL_STAFF, "public"),
    "scoring:posting_public_detail": (posting_a, ALL_STAFF, "public"),
    "scoring:posting_public_pdf": (posting_a_printed, ALL_STAFF, "public"),
}

# The confirmation is a POST from the preview (tests/scoring/test_posting_withdrawal.py tries it per persona).
POST_ONLY = {"scoring:objection_add", "scoring:objection_settle", "scoring:posting_confirm"}
