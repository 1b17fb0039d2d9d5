# `make run` (set up and run the workbench with the demo study), `make test`, and `make serve`
# (the production profile: DEBUG off, gunicorn + whitenoise + task workers; see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export DEBUG ?= 1

# make serve: web processes (gunicorn workers) and task workers on this machine.
WEB_CONCURRENCY ?= 2
QUALCODE_TASK_WORKERS ?= 1
QUALCODE_TASK_BACKEND ?= database
ifeq ($(QUALCODE_TASK_BACKEND),redis)
TASK_WORKER := $(PY) manage.py rqworker --job-class django_tasks_rq.Job default
else
TASK_WORKER := $(PY) manage.py db_worker
endif

.PHONY: run serve test setup migrate demo lint

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
	@# Stop the worker by its own id: `kill 0` signalled make too and re-entered the trap
	@# (a segmentation fault under dash on every Ctrl-C). The worker does not reload on code
	@# changes (runserver does): one "Watching for file changes" line, and restart for tasks.
	@pid=""; trap 'kill $$pid 2>/dev/null' INT TERM EXIT; \
	  $(PY) manage.py db_worker --no-reload & pid=$$!; \
	  $(PY) manage.py runserver $(HOST)

# The production profile: settings from the environment (SECRET_KEY required), static files
# collected and hashed, migrations applied, then $(QUALCODE_TASK_WORKERS) task worker(s) and
# gunicorn with $(WEB_CONCURRENCY) workers at $(HOST). Ctrl-C stops them all. HTTPS rules apply
# once ALLOWED_HOSTS names the site (the default, this machine only, serves plain HTTP).
serve: export DEBUG = 0
serve: setup
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY, e.g." \
	  "export SECRET_KEY=\$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; exit 1; }
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	@echo "QualCode (production profile) at http://$(HOST)/: $(WEB_CONCURRENCY) web," \
	  "$(QUALCODE_TASK_WORKERS) task worker(s) ($(QUALCODE_TASK_BACKEND)). Ctrl-C stops them."
	@pids=""; trap 'kill $$pids 2>/dev/null' INT TERM EXIT; \
	  for i in $$(seq $(QUALCODE_TASK_WORKERS)); do $(TASK_WORKER) & pids="$$pids $$!"; done; \
	  $(VENV)/bin/gunicorn qualcode.wsgi --bind $(HOST) --workers $(WEB_CONCURRENCY) \
	    --access-logfile - --no-control-socket \
	    --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}"

test: setup
	@if command -v node >/dev/null; then node --test tests/js/; \
	  else echo "node not found: JS unit tests skipped (apt-get install -y nodejs)"; fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
