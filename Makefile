# Two commands: `make run` serves the site, `make test` runs every test. Both set everything up
# on a fresh machine first (virtualenv, pinned packages, system packages, catalogues, database).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app

# Debian packages: fonts for handouts; for tests also Chromium, poppler (pdftotext, pdffonts),
# zbar (QR decoding), gettext (msgfmt --check) and PostgreSQL (started by the tests on loopback).
# (WeasyPrint subsets the handouts' fonts with HarfBuzz's libharfbuzz-subset.)
RUN_PACKAGES  := fonts-noto-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils zbar-tools gettext postgresql nodejs

# `make run` serves this computer only; `HOST=0.0.0.0 make run` serves the local network (the
# cultural house's Wi-Fi): plain http there, so the login cookie is not HTTPS-only (README).
HOST ?= 127.0.0.1
PORT ?= 5000
LOOPBACK := $(filter 127.% localhost ::1,$(HOST))

# The suite runs on every core (pytest-xdist), a test file per worker at a time, so that a
# file's browser, server and PostgreSQL fixtures are started once; `PYTEST_ARGS=` runs it serially.
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test setup lint bench clean lock wheel

run: setup
	@$(if $(LOOPBACK),,FLASK_SESSION_COOKIE_SECURE=$${FLASK_SESSION_COOKIE_SECURE:-false}) $(FLASK) export address --host $(HOST) --port $(PORT)
	$(if $(LOOPBACK),,FLASK_SESSION_COOKIE_SECURE=$${FLASK_SESSION_COOKIE_SECURE:-false}) $(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(TEST_PACKAGES)"
	@$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(RUN_PACKAGES)"
	$(FLASK) i18n compile
	$(FLASK) db upgrade

# The locked, hashed packages (requirements-dev.txt holds the runtime's and the tools'), then the
# toolkit itself in editable mode (its build backend, hatchling, is one of the locked tools).
$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml hatch_build.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-lock after changing the dependencies in pyproject.toml (keeps the other pins as they are;
# `make lock UPGRADE=--upgrade` moves them all to the newest releases).
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links $(UPGRADE)
lock: $(VENV)/.installed
	$(LOCK) -o requirements.txt pyproject.toml
	$(LOCK) --extra dev -c requirements.txt -o requirements-dev.txt pyproject.toml

# A wheel (and sdist) in dist/, carrying the bundled lessons and compiled catalogues:
# `pip install --require-hashes -r requirements.txt dist/lesson_toolkit-*.whl` on the server.
wheel: setup
	rm -rf dist
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

# axe-core for the browser tests' accessibility checks, pinned in package-lock.json.
# (Debian's nodejs comes without npm; NodeSource's includes it: ask for npm only when missing.)
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-packages PACKAGES="npm"
	npm ci --no-audit --no-fund
	touch $@

# Installs whichever of $(PACKAGES) is missing (as root, or through sudo).
system-packages:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$missing; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) instance dist .pytest_cache .ruff_cache
