# The two commands of README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: demo test lint install messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

## make demo: set up, load the demo network (SQLite) and serve it on :$(PORT) (8000)
# The demo's admin signs in with a password alone (no authenticator app needed to look
# around); production requires a second factor of network admins (README: Security).
# DEBUG stays off, so a missing page shows the portal's own 404 as in production;
# runserver --insecure serves the static files.
DEMO_ENV := TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS=false
demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo --port $(PORT)
	$(DEMO_ENV) $(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

## make test: set up and run the whole suite (DATABASE_URL picks the database)
# Tests run in the order tests/conftest.py gives (long modules first), not xdist's.
# Python writes its bytecode caches even where PYTHONDONTWRITEBYTECODE is set (as on the
# project's CI machines): without them every worker of every run compiled the project and
# pytest rewrote every test module again (collecting took 16 s, with the caches 7 s).
TEST_WORKERS ?= 2
test: install node_modules/.installed
	@# pytest's exit 5 ("no tests collected") is a broken collection: say so, and fail.
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder $(PYTEST_ARGS); status=$$?; \
		if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests: the suite is broken" >&2; fi; \
		exit $$status

## make bench: the page benchmark (README: Page benchmark) on PostgreSQL and Redis
# Creates the database when missing, migrates it, loads the demo network when it holds
# no portal, then runs manage.py page_benchmark (options in BENCH_ARGS, e.g. --duration 5).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pagebench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/5
BENCH_ARGS ?=
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL)
bench: install
	$(BIN)/python -m cms.page_benchmark create-database $(BENCH_DATABASE_URL)
	$(BENCH_ENV) $(BIN)/python manage.py migrate --noinput
	@status=0; $(BENCH_ENV) $(BIN)/python -m cms.page_benchmark has-network || status=$$?; \
		if [ $$status -eq 1 ]; then $(BENCH_ENV) $(BIN)/python manage.py load_demo || exit $$?; \
		elif [ $$status -ne 0 ]; then exit $$status; fi
	$(BENCH_ENV) $(BIN)/python manage.py page_benchmark $(BENCH_ARGS)

## make lint: ruff's lint and format checks (configuration in pyproject.toml)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make messages: refresh the Vietnamese catalogue of each app and compile it (needs GNU gettext)
APPS_WITH_MESSAGES := cms sites themes $(wildcard search) $(patsubst %/,%,$(wildcard plugins/*/))
messages: install
	for app in $(APPS_WITH_MESSAGES); do \
		(cd $$app && mkdir -p locale && DJANGO_SETTINGS_MODULE=cms.settings PYTHONPATH=$(CURDIR) \
			$(CURDIR)/$(BIN)/django-admin makemessages -l vi --no-obsolete --no-location) || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media static_collected
