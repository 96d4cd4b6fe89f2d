# Two commands for a fresh clone: `make run` and `make test`. Both create .venv when missing.
# `make serve` runs the production server; `make lock` updates the pinned dependencies.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Both lock files are written by `make lock` from pyproject.toml; `make lock LOCK_FLAGS=--upgrade`
# moves every pin to the newest release the ranges in pyproject.toml allow.
LOCK := requirements.txt
DEV_LOCK := requirements-dev.txt
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--all-build-deps --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)

.PHONY: install run serve test lint format lock clean

# Exactly the locked versions, each checked against its hash; then the project itself.
$(STAMP): pyproject.toml $(DEV_LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Migrates, loads the seeds (idempotent) and serves http://127.0.0.1:8000 on SQLite.
run: export DJANGO_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production (docs/deploy.md): reads .env when present, migrates, collects the static files,
# then gunicorn with portal/gunicorn.conf.py (GUNICORN_BIND, WEB_CONCURRENCY, ...).
serve: install
	set -a; if [ -f .env ]; then . ./.env; fi; set +a; \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	exec $(BIN)/gunicorn --config portal/gunicorn.conf.py

# Lint, Django's checks, no missing migrations, then the whole suite.
test: export DJANGO_SECRET_KEY ?= insecure-key-for-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-resolve after a change to pyproject.toml (pins kept where they still fit; see LOCK_FLAGS).
# The development lock is constrained to the runtime one, so both install the same versions.
lock: install
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint $(LOCK) --output-file $(DEV_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
