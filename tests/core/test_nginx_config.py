"""The nginx that caches the public PDFs: the shipped snippet is valid nginx, and deploy.md's server block uses it."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from benchmarks.bench_month_end import NGINX_CONF, NGINX_SNIPPET

ROOT = Path(__file__).resolve().parents[2]


def test_the_public_pdf_snippet_is_valid_nginx_as_the_benchmark_includes_it(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            user="user root;\n" if os.geteuid() == 0 else "",
            tmp=tmp_path,
            web_port=8000,
            proxy_port=18080,
            snippet=NGINX_SNIPPET,
        )
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"  # scripts/install.sh --dev installs nginx-light
    run = subprocess.run(  # noqa: S603 - nginx's own configuration test
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    broken = tmp_path / "broken.conf"
    broken.write_text(NGINX_SNIPPET.read_text().replace("proxy_cache red_engine_public;", "proxy_cache;"))
    conf.write_text(conf.read_text().replace(str(NGINX_SNIPPET), str(broken)))
    run = subprocess.run(  # noqa: S603
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"], capture_output=True, text=True
    )
    assert run.returncode != 0  # the check above can fail


def test_deploy_md_defines_what_the_snippet_needs_and_includes_it():
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    snippet = NGINX_SNIPPET.read_text()
    zone = re.search(r"proxy_cache (\w+);", snippet).group(1)
    upstream = re.search(r"proxy_pass http://(\w+);", snippet).group(1)
    assert f"keys_zone={zone}:" in deploy
    assert f"upstream {upstream} " in deploy
    assert "include snippets/red-engine-public-pdfs.conf;" in deploy
