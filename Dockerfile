# 红色引擎 production image: one image for web (gunicorn), worker and beat (celery).
# Build:  docker compose build        Run: see docs/deploy.md
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=3

# The runtime Debian packages, the same list as scripts/install.sh: WeasyPrint's pango and
# harfbuzz (harfbuzz-subset keeps PDF pages at milliseconds), and CJK fonts for Chinese PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpq-dev \
        libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz0b libharfbuzz-subset0 \
        fonts-noto-cjk fonts-wqy-microhei \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image (whitenoise serves them), and translations compiled
# if the project has any. The settings need a secret key and a host to load: build-only values,
# exported inside this one step, so they never reach the image's or the containers' environment.
RUN export DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
        DJANGO_ALLOWED_HOSTS=localhost \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && if find . -name '*.po' -not -path './staticfiles/*' | grep -q .; then \
        python manage.py compilemessages; \
    fi

# Run as an unprivileged user; only uploaded files (media/) are writable.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it). Long PDF and export requests need the timeout.
# No control socket: nothing uses gunicorn's runtime control interface here.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "300", \
     "--access-logfile", "-", "--no-control-socket"]
