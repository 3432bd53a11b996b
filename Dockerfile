# The application image for docker-compose.yml (production-like: gunicorn + whitenoise).

# The pages' JavaScript, bundled from frontend/js/ by scripts/build-js (esbuild, from npm).
FROM node:20-bookworm-slim AS js
WORKDIR /app
COPY scripts/build-js scripts/
COPY frontend/build-tools/package.json frontend/build-tools/package-lock.json frontend/build-tools/
COPY frontend/js frontend/js
COPY frontend/static/vendor frontend/static/vendor
RUN scripts/build-js

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=project.settings.prod \
    GUNICORN_BIND=0.0.0.0:8000
RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libgdal32 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
COPY --from=js /app/frontend/static/frontend/js frontend/static/frontend/js
RUN pip install --no-cache-dir -e . \
    && SECRET_KEY=build ALLOWED_HOSTS=build python manage.py compilemessages --ignore '.venv/*' \
    && SECRET_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 carte && chown -R carte /app
USER carte
EXPOSE 8000
# Migrations may rewrite big tables: no statement timeout for them (lock_timeout still holds).
# The server is the one `make run` starts, with the same configuration (project/gunicorn.conf.py).
CMD ["sh", "-c", "DB_STATEMENT_TIMEOUT=0 python manage.py migrate --noinput && python manage.py createcachetable && python manage.py ensure_admin && if [ \"$LOAD_SAMPLE_DATA\" = 1 ]; then python manage.py load_sample_data; fi && exec gunicorn -c project/gunicorn.conf.py"]
