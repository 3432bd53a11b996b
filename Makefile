# One obvious way to run things. See README.md.
.PHONY: run dev test stop setup sample-data backup restore bench vendor-assets

PY := .venv/bin/python
# `make run` serves what production serves (project/settings/local.py).
RUN_ENV := DJANGO_SETTINGS_MODULE=project.settings.local

run: setup  ## install what is missing, start the local PostGIS, load the sample networks, serve with gunicorn and the task worker
	$(RUN_ENV) $(PY) manage.py load_sample_data
	$(RUN_ENV) $(PY) manage.py ensure_admin
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(RUN_ENV) PY=$(PY) scripts/serve

dev: setup  ## the autoreloading development server (DEBUG on, static files from the apps)
	$(PY) manage.py load_sample_data
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:8000

# The suite runs on every core (pytest-xdist, one test database per worker); PYTEST_WORKERS=0
# runs it in one process.
PYTEST_WORKERS ?= auto

test:  ## the same setup, then every test against the real PostGIS (browser tests included)
	scripts/setup --with-browser
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)
	node --test tests/js/  # the front end's pure modules (Node from Debian's nodejs)

stop:  ## stop the project-local PostGIS (data is kept in .pgdata/)
	scripts/localdb stop

setup:
	scripts/setup

sample-data: setup
	$(PY) manage.py load_sample_data

backup: setup  ## dump the database into backups/carte-<UTC time>.dump (pg_dump custom format)
	scripts/localdb backup

restore: setup  ## make restore FILE=backups/….dump — saves the current data first, then restores FILE in one transaction
	scripts/localdb restore "$(FILE)"

bench: setup  ## the benchmark harness (not run in CI), see bench/README.md
	$(PY) -m bench.run

vendor-assets:  ## re-vendor the front-end libraries from npm (needs node + npm)
	scripts/vendor-assets
