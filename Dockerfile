# syntax=docker/dockerfile:1
# The production image. One image runs every role: gunicorn (the default command), the Celery worker and
# Celery beat (docker-compose.yml gives each its command). Settings come from the environment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media

# WeasyPrint lays out PDFs with Pango and HarfBuzz; DejaVu has the Kazakh Cyrillic letters;
# gettext's msgfmt compiles the kk/ru/en catalogs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, pinned by the lock file, so a code change does not reinstall them.
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock .

COPY . .

# Build-time values only: collectstatic and compilemessages load the settings but touch no database.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
      python manage.py collectstatic --noinput --verbosity 0 \
 && SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
      python manage.py compilemessages --verbosity 0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cabinet \
 && mkdir -p /app/media \
 && chown cabinet /app/media
USER cabinet

EXPOSE 8000
# gunicorn takes the number of workers from WEB_CONCURRENCY (docker-compose.yml sets it) and trusts
# X-Forwarded-* from FORWARDED_ALLOW_IPS (the load balancer in front).
# Threaded workers keep connections alive between a person's clicks (bench/README.md measured them cheaper).
# --preload: workers fork from the loaded portal, so a graceful reload (SIGHUP) or a worker recycled by
# --max-requests answers at once instead of after seconds of imports (bench/README.md, exam.py). A new release
# is a new container (or USR2 then TERM to the old master), not a SIGHUP.
CMD ["gunicorn", "config.wsgi", "--preload", "--bind", "0.0.0.0:8000", "--access-logfile", "-", \
     "--worker-class", "gthread", "--threads", "3", "--keep-alive", "30", \
     "--timeout", "60", "--max-requests", "1000", "--max-requests-jitter", "100"]
