# Two commands: `make run` serves the site, `make test` runs every test. Both set everything up
# on a fresh machine first (virtualenv, pinned packages, system packages, catalogues, database).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app

# Debian packages: fonts for handouts; for tests also Chromium, poppler (pdftotext, pdffonts),
# zbar (QR decoding), gettext (msgfmt --check) and PostgreSQL (started by the tests on loopback).
RUN_PACKAGES  := fonts-noto-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils zbar-tools gettext postgresql nodejs

.PHONY: run test setup lint bench clean

run: setup
	@$(FLASK) export address
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(TEST_PACKAGES)"
	@$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

setup: $(VENV)/.installed
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(RUN_PACKAGES)"
	$(FLASK) i18n compile
	$(FLASK) db upgrade

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

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
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
