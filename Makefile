# Wizamart: `make run` serves the app, `make test` runs the whole suite.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app wsgi
STAMP   := $(VENV)/.installed-stamp
HOST    ?= 127.0.0.1
PORT    ?= 5000
PYTEST_WORKERS ?= 2

.PHONY: run test lint format install clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(FLASK) db upgrade
	@echo ""
	@echo "  Wizamart is starting on http://$(HOST):$(PORT)/"
	@echo "  Admin dashboard:  http://$(HOST):$(PORT)/admin/"
	@echo "  Health:           http://$(HOST):$(PORT)/health"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

# pytest exits 5 when it collected no test: that must never pass silently.
test: $(STAMP)
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
