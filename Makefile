# Quick start: `make run` (analyse the sample meetings) and `make test` (the whole test suite).
# Both bootstrap .venv on first use and are idempotent.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= out
SAMPLE ?= corpora/meetings

.PHONY: run test check bench fuzz browser clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch is pinned in setup.cfg; pip takes the local CPU wheel for torch==2.13.0
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/nlp-varmland analyze $(SAMPLE) --out $(OUT)

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: $(STAMP) browser
	$(PY) -m pytest

# ruff, mypy and the import layers (pyproject.toml, .importlinter); the tests collect the doctests.
check: $(STAMP)
	PYTHON=$(PY) scripts/check.sh

bench: $(STAMP)
	$(PY) -m benchmarks

# Fuzz campaign over every reader, clean, goal files and corrections (FUZZ_BUDGET seconds in all).
FUZZ_BUDGET ?= 600
FUZZ_ATHERIS ?= 60
fuzz: $(STAMP)
	$(PY) -m benchmarks.fuzz --budget $(FUZZ_BUDGET) --million --atheris $(FUZZ_ATHERIS)

clean:
	rm -rf $(OUT) .pytest_cache
