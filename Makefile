# Wizamart: `make run` serves the app, `make test` runs the whole suite.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app wsgi
STAMP   := $(VENV)/.installed-stamp
HOST    ?= 127.0.0.1
PORT    ?= 5000
PYTEST_WORKERS ?= 2

.PHONY: run test lint format install clean browser

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Migrates, loads the demo data (idempotent: only what is missing is created), prints the logins.
run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) demo
	@echo ""
	@echo "  Wizamart is starting on http://$(HOST):$(PORT)/"
	@echo "  Admins sign in at  http://$(HOST):$(PORT)/admin/login"
	@echo "  Shops sign in at   http://$(HOST):$(PORT)/vendor/login"
	@echo "  Health:            http://$(HOST):$(PORT)/health"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

# The browser tests drive Debian's chromium (playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null || { \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# pytest exits 5 when it collected no test: that must never pass silently.
test: $(STAMP) browser
	@$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no tests" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
