# The two set-up commands from the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

## Run the service on the embedded default: scripted prospect, SQLite in ./data, no network.
run: $(VENV)/.runtime
	$(BIN)/coachable serve --host $(HOST) --port $(PORT)

## Run the whole test suite (installs chromium and starts PostgreSQL when missing).
test: $(VENV)/.dev
	eval "$$(scripts/test-services.sh)" && $(BIN)/pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check app tests scripts bench
	$(BIN)/ruff format --check app tests scripts bench
	$(BIN)/mypy app

## Benchmarks: print tables, write JSON to bench-results/.
bench: $(VENV)/.dev
	eval "$$(scripts/test-services.sh)" && $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output bench-results
