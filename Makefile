# One obvious way to run things. See README.md.
.PHONY: run test stop setup sample-data bench vendor-assets

PY := .venv/bin/python

run: setup  ## install what is missing, start the local PostGIS, load the sample networks, serve
	$(PY) manage.py load_sample_data
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:8000

test:  ## the same setup, then every test against the real PostGIS (browser tests included)
	scripts/setup --with-browser
	$(PY) -m pytest $(PYTEST_ARGS)
	node --test tests/js/  # the front end's pure modules (Node from Debian's nodejs)

stop:  ## stop the project-local PostGIS (data is kept in .pgdata/)
	scripts/localdb stop

setup:
	scripts/setup

sample-data: setup
	$(PY) manage.py load_sample_data

bench: setup  ## the benchmark harness (not run in CI), see bench/README.md
	$(PY) -m bench.run

vendor-assets:  ## re-vendor the front-end libraries from npm (needs node + npm)
	scripts/vendor-assets
