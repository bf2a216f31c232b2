"""帮助 → 操作手册 serves the user's own role's manual, says so plainly when none is built, and the build
never walks the portal's own database."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from core.choices import Role
from manual.documents import manual_render, manual_save
from manual.journeys import CHAIN, JOURNEYS
from manual.management.commands.build_manual import SCRATCH_ENV, _scratch_env
from tests.manual.pdf_checks import assert_prints_chinese, pdf_tool, pictures_in

pytestmark = pytest.mark.django_db


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#b71c1c").save(buffer, format="PNG")
    return buffer.getvalue()


def test_every_role_has_a_manual():
    assert set(JOURNEYS) == set(Role.values)
    assert len({journey.username for journey in JOURNEYS.values()}) == len(Role.values)


def test_the_help_menu_links_to_the_manual(as_user, secretary):
    page = as_user(secretary).get(reverse("core:home")).content.decode()
    assert 'id="helpMenu"' in page
    assert f'href="{reverse("manual:manual_own")}"' in page
    assert ">操作手册</a>" in page


def test_before_the_manual_is_built_the_page_says_so(as_user, secretary, county_admin):
    response = as_user(secretary).get(reverse("manual:manual_own"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "《党组织书记操作手册（手机版）》尚未生成" in page
    assert "build_manual" not in page  # how to build it is for the county's administrators
    assert "build_manual" in as_user(county_admin).get(reverse("manual:manual_own")).content.decode()


def test_each_user_gets_the_manual_of_their_own_role(as_user, secretary, chain_staff, dept_handler):
    for role in JOURNEYS:
        manual_save(role=role, pdf=f"%PDF-1.7 {role}".encode())
    for user in (secretary, chain_staff, dept_handler):
        response = as_user(user).get(reverse("manual:manual_own"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content) == f"%PDF-1.7 {user.role}".encode()


def test_a_rebuilt_manual_replaces_the_old_one(as_user, chain_staff):
    manual_save(role=Role.CHAIN_STAFF, pdf=b"%PDF old")
    manual_save(role=Role.CHAIN_STAFF, pdf=b"%PDF new")
    response = as_user(chain_staff).get(reverse("manual:manual_own"))
    assert b"".join(response.streaming_content) == b"%PDF new"


def test_the_printed_manual_has_a_cover_contents_and_every_step_with_its_picture(tmp_path):
    pdf = tmp_path / "chain.pdf"
    pdf.write_bytes(manual_render(journey=CHAIN, images=[_png(1280, 720)] * len(CHAIN.steps)))
    text = assert_prints_chinese(pdf)
    assert CHAIN.title in text and "目录" in text
    for number, step in enumerate(CHAIN.steps, start=1):
        assert f"{number}．{step.title}" in text
    # The contents give each step's page: the first step starts on page 3, after the cover and the contents.
    contents = pdf_tool("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-")
    assert re.search(r"1．登录[ .]+3$", contents, re.MULTILINE), contents
    assert pictures_in(pdf) == len(CHAIN.steps)


def test_a_manual_needs_one_picture_per_step():
    with pytest.raises(ValueError, match="pictures"):
        manual_render(journey=CHAIN, images=[_png(10, 10)])


def test_the_build_walks_a_scratch_database_and_never_the_portal_own(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://real/portal")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://real/0")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "dj.example.gov.cn")
    monkeypatch.setenv("MEDIA_ROOT", "/srv/media")
    env = _scratch_env(tmp_path)
    assert "DATABASE_URL" not in env and "CELERY_BROKER_URL" not in env and "DJANGO_ALLOWED_HOSTS" not in env
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.local"
    assert env["SQLITE_PATH"] == env[SCRATCH_ENV] == str(tmp_path / "demo.sqlite3")
    assert env["MEDIA_ROOT"] == str(tmp_path / "media")


def test_the_inner_walk_refuses_to_run_on_the_portal_database(monkeypatch, tmp_path):
    monkeypatch.delenv(SCRATCH_ENV, raising=False)
    with pytest.raises(CommandError, match="临时数据库"):
        call_command("build_manual", "--into", str(tmp_path))
    monkeypatch.setenv(SCRATCH_ENV, str(tmp_path / "demo.sqlite3"))
    with pytest.raises(CommandError, match="临时数据库"):
        call_command("build_manual", "--into", str(tmp_path))
