"""Benchmark of printing a batch of 红领党务 certificates as one PDF (what the batch task renders).

    .venv/bin/python benchmarks/bench_certificates.py --count 1000
    scripts/benchmark.sh certificates --count 1000

No database is needed: the certificates are unsaved model instances, printed by the same service the
Celery task calls (``members.services.certification.certificates_pdf``). It measures building the pages
(QR codes included), the whole PDF, and checks that the result has one page per certificate and an
embedded CJK font. Target: ``--max-seconds`` (60) for the whole PDF — "seconds, not minutes".
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_coverage import verdict  # noqa: E402


def poppler(tool: str, path: Path) -> str:
    """What a poppler-utils program prints about the PDF."""
    executable = shutil.which(tool)
    if executable is None:
        raise SystemExit(f"bench_certificates: {tool} not found (Debian package poppler-utils)")
    return subprocess.run([executable, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="certificates in the batch")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="seconds allowed for the whole PDF")
    parser.add_argument("--keep", help="write the PDF to this path")
    args = parser.parse_args()

    # Only templates and settings are used: an in-memory SQLite database keeps Django content.
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from members.choices import CertLevel
    from members.models import Certificate, Person
    from members.services import certification
    from organizations.models import PartyOrganization

    org = PartyOrganization(name="鲁韵纺织有限公司党支部")
    certificates = [
        Certificate(
            person=Person(name=f"张红{'领' * (1 + number % 2)}", party_organization=org),
            level=CertLevel.INTERMEDIATE if number % 3 else CertLevel.JUNIOR,
            serial=f"HL2026{number:08d}",
            token=f"{number:032x}",
            issued_on=date(2026, 1, 1),
            review_due_on=date(2028, 1, 1),
        )
        for number in range(args.count)
    ]

    started = time.perf_counter()
    built = [certification.certificate_page(certificate) for certificate in certificates]
    t_pages = time.perf_counter() - started
    assert len(built) == args.count
    steps: list[tuple[int, float]] = []
    started = time.perf_counter()
    pdf = certification.certificates_pdf(
        certificates, progress=lambda done: steps.append((done, time.perf_counter() - started))
    )
    t_pdf = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / "batch.pdf"
        path.write_bytes(pdf)
        info, fonts = (poppler(tool, path) for tool in ("pdfinfo", "pdffonts"))
    page_count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    cjk = any(name in fonts for name in ("WenQuanYi", "NotoSansCJK", "Noto Sans CJK"))

    print(f"{args.count} certificates")
    print(f"  pages with their QR codes built in {t_pages:.1f} s ({t_pages / args.count * 1000:.1f} ms each)")
    print(f"  whole PDF (pages, layout in chunks, one write): {t_pdf:.1f} s, {len(pdf) / 1e6:.1f} MB")
    shown = steps[:: max(1, len(steps) // 5)] + steps[-1:]
    print("  progress: " + " · ".join(f"{done} at {at:.1f} s" for done, at in dict(shown).items()))
    print(f"  {page_count} pages, CJK font embedded: {'yes' if cjk else 'NO'}")
    failures = []
    if page_count != args.count:
        failures.append(f"{page_count} pages for {args.count} certificates")
    if not cjk:
        failures.append("no CJK font in the PDF")
    if t_pdf > args.max_seconds:
        failures.append(f"the batch took {t_pdf:.1f} s (target {args.max_seconds:.0f} s)")
    return verdict(failures)


if __name__ == "__main__":
    sys.exit(main())
