"""Request every top-level page as each demo account (and the public ones anonymously); fail on non-200."""

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from core.context_processors import SECTIONS
from core.models import User
from industry_chains.urls import SMOKE_PAGES as INDUSTRY_CHAIN_PAGES
from party_life.urls import SMOKE_PAGES as PARTY_LIFE_PAGES
from scoring.urls import SMOKE_PAGES as SCORING_PAGES

STAFF_PAGES = [
    "core:home",
    *[url_name for _key, _label, url_name, _icon in SECTIONS],
    "organizations:area_list",
    "organizations:partyorganization_list",
    "organizations:coverage",
    "organizations:entity_list",
    "organizations:should_have_list",
    "organizations:surveycampaign_list",
    "organizations:fund_summary",
    "organizations:venue_list",
    "password_change",
    "api:api-root",
    "api:docs",
    "api:schema",
    *SCORING_PAGES,
    *INDUSTRY_CHAIN_PAGES,
    *PARTY_LIFE_PAGES,
]
PUBLIC_PAGES = ["login", "healthz", "notices"]


class Command(BaseCommand):
    help = "冒烟检查：每个演示账号访问每个一级页面，均须返回 200。"

    def handle(self, *args, **options):
        failures = []
        anonymous = Client()
        for name in PUBLIC_PAGES:
            status = anonymous.get(reverse(name)).status_code
            self.stdout.write(f"  匿名 {name}: {status}")
            if status != 200:
                failures.append(f"anonymous {name} -> {status}")
        users = User.objects.filter(is_active=True).order_by("pk")
        if not users:
            raise CommandError("没有可用账号：请先运行 load_demo")
        for user in users:
            client = Client()
            client.force_login(user)
            for name in STAFF_PAGES:
                status = client.get(reverse(name)).status_code
                if status != 200:
                    failures.append(f"{user.username} {name} -> {status}")
            self.stdout.write(f"  {user.username}: {len(STAFF_PAGES)} 个页面已检查")
        failures += self._work_report()
        if failures:
            raise CommandError("以下页面未返回 200：\n" + "\n".join(failures))
        self.stdout.write(self.style.SUCCESS("冒烟检查通过。"))

    def _work_report(self) -> list[str]:
        """One work report as the county admin, start to PDF: the embedded default builds it in process."""
        admin = User.objects.filter(username="county_admin", is_active=True).first()
        if admin is None:
            return []
        client = Client()
        client.force_login(admin)
        started = client.post(reverse("core:report_start"), {})
        if started.status_code != 302:
            return [f"county_admin core:report_start POST -> {started.status_code}"]
        job_id = started["Location"].rstrip("/").split("/")[-1]
        pdf = client.get(reverse("core:report_job_download", args=[job_id, "pdf"]))
        if pdf.status_code != 200 or not b"".join(pdf.streaming_content).startswith(b"%PDF"):
            return [f"county_admin work report PDF -> {pdf.status_code}"]
        self.stdout.write("  county_admin: 工作报告已生成（PDF）")
        return []
