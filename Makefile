# The two commands of the quick start: `make serve` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test lint typecheck unit bench fuzz soak clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mockserver serve

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Slow runs, by hand and outside `make test` (bench/README.md): Schemathesis with every check
# and 1,000 examples per operation on both APIs, and ten minutes of mixed traffic (soak).
fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz

soak: $(STAMP)
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV)
