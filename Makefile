# Two commands on a fresh machine: `make run` and `make test` (each sets itself up).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= claimgraph.db

.PHONY: run test setup setup-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# the CPU build of torch, before anything that depends on torch pulls a CUDA build
	$(BIN)/pip install -q torch==2.13.0

# Installed when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
setup-test: $(VENV)/.installed-test

## Ingest the bundled sample corpus into $(DB) and print what was found: documents, who said what,
## and the claims that contradict each other or record a change of position.
run: setup
	$(BIN)/claimgraph ingest examples/ --db $(DB)
	$(BIN)/claimgraph quotes --db $(DB)
	$(BIN)/claimgraph claims --contradictions --db $(DB)
	$(BIN)/claimgraph claims --changes --db $(DB)

## Install the test extras and run the whole suite.
test: setup-test
	$(BIN)/ruff check src bench tests
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python bench/quotes.py --split test

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
