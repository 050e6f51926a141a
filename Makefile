# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
LINTED := assistant rules tests tools benchmarks

.PHONY: setup run test index bench clean browser lint

lint: setup
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	# torch first, exactly this CPU build (the machine's pip finds it on local disk)
	$(PIP) install --quiet "torch==2.13.0"
	$(PIP) install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

run: setup
	$(VENV)/bin/assistant index
	$(VENV)/bin/assistant serve

index: setup
	$(VENV)/bin/assistant index

# the browser tests drive Debian's chromium (Playwright's own browser download is not used)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; } \
		|| echo "chromium kunne ikke installeres; browsertestene springes over"

# lint, format check and types first (seconds), then the whole suite
test: setup browser
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/retrieval_quality.py
	$(PY) benchmarks/retrieval_latency.py

clean:
	rm -rf $(VENV) data
