# Two commands do all the set-up: `make run` and `make test` (and `make bench` for the benchmarks).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Re-install whenever pyproject.toml changes.
HASH := $(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test stress bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-$(HASH): $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-$(HASH): $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(VENV)/.bench-$(HASH): $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

run: $(VENV)/.run-$(HASH)
	$(BIN)/quizengine

test: $(VENV)/.test-$(HASH)
	$(BIN)/ruff check quizengine tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The long crash and concurrency campaigns (60 SIGKILLs; 2 and 4 processes for 60 s each), with their figures.
stress: $(VENV)/.test-$(HASH)
	QUIZENGINE_STRESS=1 $(BIN)/python -m pytest tests/stress -s

bench: $(VENV)/.bench-$(HASH)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
