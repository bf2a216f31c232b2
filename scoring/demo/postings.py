"""Demo postings (called by load_demo; safe to run twice): last quarter's scorecards and star members, last
year's star ratings and 红旗支部 (ended and closed), and last month's star members (open now)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.workdays import next_workday
from scoring.choices import PostingKind
from scoring.models import Posting
from scoring.services import postings as services
from scoring.services.stars import previous_month, quarter_of


def _publish(admin, kind, subject, on, stdout) -> None:
    if Posting.objects.filter(kind=kind, subject=subject, area=None).exists():
        return
    values = {"kind": kind, "subject": subject, "published_on": on, "contact": "0537-7212345"}
    try:
        preview = services.posting_preview(by=admin, **values)
        services.posting_publish(by=admin, token=preview.token, **values)
    except ValidationError as error:
        stdout.write(f"跳过公示 {subject}：{'；'.join(error.messages)}")


def load(*, admin, stdout) -> None:
    today = timezone.localdate()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    year, quarter = quarter_of(previous_month(quarter_start))
    opened = next_workday(quarter_start)
    _publish(admin, PostingKind.SCORECARD, f"{year}Q{quarter}", opened, stdout)
    _publish(admin, PostingKind.STAR_QUARTERLY, f"{year}Q{quarter}", opened, stdout)
    _publish(admin, PostingKind.STAR_RATING, f"{today.year - 1}", date(today.year, 1, 5), stdout)
    _publish(admin, PostingKind.RED_FLAG, f"{today.year - 1}", date(today.year, 1, 5), stdout)
    services.postings_close_ended(today=today)
    last_month = previous_month(today)
    _publish(admin, PostingKind.STAR_MONTHLY, f"{last_month:%Y-%m}", today, stdout)
    stdout.write(f"公示：{Posting.objects.count()} 条。")
