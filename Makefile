# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed

.PHONY: setup run test index bench clean

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
	$(VENV)/bin/assistant chat

index: setup
	$(VENV)/bin/assistant index

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/retrieval_quality.py
	$(PY) benchmarks/retrieval_latency.py

clean:
	rm -rf $(VENV) data
