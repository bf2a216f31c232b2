#!/usr/bin/env bash
# Installs what the portal needs on a Debian 12 machine: Debian packages, then a virtualenv in .venv.
#
#   scripts/install.sh          runtime only (what scripts/run.sh needs)
#   scripts/install.sh --dev    also PostgreSQL, Redis, poppler and Chromium for scripts/test.sh (and nginx
#                               for the month-end benchmark)
#
# Idempotent and quick when nothing is missing: apt is touched only for packages dpkg does not
# list as installed, and pip only when the requirement files changed since the last install
# (their sha256 is kept in a stamp file inside .venv). Set PYTHON to pick another interpreter.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

dev=0
for arg in "$@"; do
    case "$arg" in
        --dev) dev=1 ;;
        -h | --help)
            sed -n '2,9s/^# \{0,1\}//p' "$0"
            exit 0
            ;;
        *)
            echo "install.sh: unknown argument: $arg (expected --dev)" >&2
            exit 2
            ;;
    esac
done

runtime_packages=(
    libpq-dev
    libpango-1.0-0 libpangoft2-1.0-0 # WeasyPrint
    libharfbuzz0b libharfbuzz-subset0 # without harfbuzz-subset a PDF page takes seconds, not ms
    fonts-noto-cjk fonts-wqy-microhei # Chinese glyphs in PDFs
    gettext
)
dev_packages=(
    postgresql-15 redis-server # scripts/test.sh starts throwaway servers from these
    poppler-utils              # pdftotext / pdffonts in PDF tests
    chromium chromium-driver   # browser tests (playwright drives Debian's chromium)
    zbar-tools                 # zbarimg decodes the QR codes printed into PDFs
    nginx-light                # the month-end benchmark's front proxy, as docs/deploy.md sets it up
)

# --- Debian packages -------------------------------------------------------------------------
wanted=("${runtime_packages[@]}")
if [ "$dev" = 1 ]; then
    wanted+=("${dev_packages[@]}")
fi

if command -v dpkg >/dev/null 2>&1; then
    missing=()
    for pkg in "${wanted[@]}"; do
        # `dpkg -s` also succeeds for removed-but-not-purged packages, so read the status line.
        if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed$'; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "install.sh: installing Debian packages: ${missing[*]}"
        sudo=()
        if [ "$(id -u)" != 0 ]; then
            sudo=(sudo)
        fi
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update
        # --no-install-recommends: without it chromium alone drags in 100+ packages.
        "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
    fi
else
    echo "install.sh: no dpkg here; make sure these are installed: ${wanted[*]}" >&2
fi

# --- Python virtualenv -----------------------------------------------------------------------
python=${PYTHON:-python3}
venv=.venv

if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    # Absent, or broken (e.g. the interpreter it was made from is gone): make it afresh.
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || {
        echo "install.sh: Django 5.2 needs Python >= 3.10; $python is $("$python" -V 2>&1)" >&2
        exit 1
    }
    echo "install.sh: creating $venv with $("$python" -V 2>&1)"
    "$python" -m venv --clear "$venv"
fi

if [ "$dev" = 1 ]; then
    req_file=requirements-dev.txt
    req_files=(requirements.txt requirements-dev.txt)
else
    req_file=requirements.txt
    req_files=(requirements.txt)
fi

# The stamp names what was installed from which file contents. A dev install also satisfies a
# runtime one, so it writes both stamps; a changed requirements.txt invalidates both.
digest_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
digest=$(digest_of "${req_files[@]}")
stamp_runtime="$venv/.installed-requirements.sha256"
stamp_dev="$venv/.installed-requirements-dev.sha256"
if [ "$dev" = 1 ]; then stamp=$stamp_dev; else stamp=$stamp_runtime; fi

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
    echo "install.sh: $req_file already installed in $venv"
else
    echo "install.sh: pip install -r $req_file"
    # pip may warn about an unreachable extra index configured on the machine: that is noise,
    # but its exit status is not, so nothing here swallows it.
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install -r "$req_file"
    echo "$digest" >"$stamp"
    if [ "$dev" = 1 ]; then
        digest_of requirements.txt >"$stamp_runtime"
    fi
fi
