"""Build each role's 操作手册 from the portal's own pages: walk the journeys in chromium, photograph, print to PDF.

The pictures are taken in the demo county on a scratch SQLite database made for the build and thrown away after
it, never on the portal's own database: the manual shows no real person, and walking it changes no real record.
The scratch work runs in a child process with the embedded settings (``config.settings.local``); only the finished
PDFs come back, and are stored where 帮助 → 操作手册 serves them (``media/manual/<role>.pdf``).

Needs chromium and playwright (``scripts/install.sh --dev``); installs nothing itself.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.management.commands.load_demo import DEMO_PASSWORD
from manual.documents import manual_render, manual_save, manual_storage_name
from manual.journeys import JOURNEYS

CHROMIUM = "/usr/bin/chromium"
# Set for the child process only, to the scratch database it may walk on; the child refuses to run without it.
SCRATCH_ENV = "MANUAL_SCRATCH_DATABASE"
# What the child must not inherit: the portal's own database, broker, cache, files and host settings.
_INHERITED_PREFIXES = ("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_", "SQLITE_", "MEDIA_ROOT", SCRATCH_ENV)


class Command(BaseCommand):
    help = "按各角色的操作步骤在演示数据上截图，生成操作手册 PDF（帮助 → 操作手册）。需要 chromium 和 playwright。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--role",
            action="append",
            choices=list(JOURNEYS),
            help="只生成这个角色的手册（可重复）；默认生成全部角色",
        )
        # Internal: the child process that walks the scratch database and writes the PDFs into this folder.
        parser.add_argument("--into", help=argparse.SUPPRESS)

    def handle(self, *args, role=None, into=None, **options):
        roles = role or list(JOURNEYS)
        if into:
            self._build_on_scratch(roles, Path(into))
            return
        if not Path(CHROMIUM).exists():
            raise CommandError(f"没有找到 {CHROMIUM}：生成操作手册需要开发依赖（scripts/install.sh --dev）。")
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="manual-build-") as scratch:
            out = Path(scratch) / "out"
            out.mkdir()
            command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "build_manual", "--into", str(out)]
            for name in roles:
                command += ["--role", name]
            self.stdout.write("在临时的演示数据库上载入演示县并逐步截图（约需数分钟）……")
            # Our own interpreter and manage.py, with arguments from the role choices above.
            result = subprocess.run(command, env=_scratch_env(Path(scratch)), cwd=settings.BASE_DIR, check=False)  # noqa: S603
            if result.returncode != 0:
                raise CommandError("操作手册生成失败，见上方输出；已有的手册保持不变。")
            for name in roles:
                manual_save(role=name, pdf=(out / f"{name}.pdf").read_bytes())
                self.stdout.write(f"  {JOURNEYS[name].title}：{manual_storage_name(name)}")
        self.stdout.write(
            self.style.SUCCESS(f"已生成 {len(roles)} 本操作手册，用时 {time.monotonic() - started:.0f} 秒。")
        )

    def _build_on_scratch(self, roles: list[str], into: Path) -> None:
        """In the child: load the demo county, serve it, walk and photograph each journey, print the PDFs."""
        database = str(settings.DATABASES["default"]["NAME"])
        if not os.environ.get(SCRATCH_ENV) or os.environ[SCRATCH_ENV] != database:
            raise CommandError("--into 只供 build_manual 自己在临时数据库上使用。")
        # Imported here: playwright is a development dependency, and the live server comes from Django's tests.
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.test.testcases import LiveServerThread

        from manual.walk import chromium, journey_page, journey_walk

        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=io.StringIO())
        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base_url = f"http://127.0.0.1:{server.port}"
        try:
            with chromium() as browser:
                for name in roles:
                    journey = JOURNEYS[name]
                    with journey_page(browser, journey) as page:
                        walked = journey_walk(
                            page, base_url=base_url, journey=journey, username=journey.username, password=DEMO_PASSWORD
                        )
                    pdf = manual_render(journey=journey, images=[step.image for step in walked])
                    (into / f"{name}.pdf").write_bytes(pdf)
                    self.stdout.write(f"  {journey.title}：{len(walked)} 步")
        finally:
            server.terminate()


def _scratch_env(scratch: Path) -> dict[str, str]:
    """The child's environment: embedded settings on a SQLite file, files and cache in the scratch folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(_INHERITED_PREFIXES)}
    database = scratch / "demo.sqlite3"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "SQLITE_PATH": str(database),
            SCRATCH_ENV: str(database),
            "MEDIA_ROOT": str(scratch / "media"),
            "CACHE_DIR": str(scratch / "cache"),
            # playwright's sync API keeps an event loop in the child's main thread, next to the ORM.
            "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        }
    )
    return env
