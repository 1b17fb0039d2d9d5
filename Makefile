# Two commands: `make run` (set up and run the workbench with the demo study) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export DEBUG ?= 1

.PHONY: run test setup migrate demo lint

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "QualCode is starting at http://$(HOST)/  (Ctrl-C stops the server and the task worker)"
	@echo "Demo logins (password qualcode-demo): olivia (owner), casey and devon (coders), val (viewer)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker & \
	  $(PY) manage.py runserver $(HOST)

test: setup
	@if command -v node >/dev/null; then node --test tests/js/; \
	  else echo "node not found: JS unit tests skipped (apt-get install -y nodejs)"; fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
