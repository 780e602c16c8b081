# make run  — install, migrate, seed demo data once, serve on http://127.0.0.1:$(PORT)
# make test — install the dev extras (and Debian's chromium if missing) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app intake
# The suite runs on every core (pytest-xdist): each worker has its own databases.
PYTEST_ARGS ?= -n auto

.PHONY: run test bench install install-dev chromium migrate seed-once clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Browser tests drive Debian's chromium (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

migrate: install
	$(FLASK) db upgrade

# Seeds only when the demo admin does not exist yet; prints the demo logins that one time.
seed-once: migrate
	@$(FLASK) users list 2>/dev/null | grep -q '^admin@example.org' || $(FLASK) demo seed

run: seed-once
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-dev chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) dist build .pytest_cache
