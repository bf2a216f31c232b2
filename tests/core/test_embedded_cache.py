"""The embedded default (no Redis) keeps its cache where every process sees it: gunicorn runs two workers, and a
background job started through one must show its progress through the other."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "import django; django.setup(); from django.core.cache import cache; {}"


def in_another_process(code: str, cache_dir: Path) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "CELERY_BROKER_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", CACHE_DIR=str(cache_dir))
    run = subprocess.run(  # noqa: S603 - the tests' own interpreter and code
        [sys.executable, "-c", SCRIPT.format(code)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return run.stdout.strip()


def test_a_job_written_by_one_process_is_read_by_another(tmp_path):
    in_another_process("cache.set('report-job:abc', {'status': 'running', 'done': 2}, 60)", tmp_path)
    assert in_another_process("print(cache.get('report-job:abc'))", tmp_path) == "{'status': 'running', 'done': 2}"
