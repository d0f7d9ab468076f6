# One-command set-up: every target installs what it needs into .venv/ at the repository root.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
E2E := tests/e2e
E2E_STAMP := $(E2E)/node_modules/.installed-stamp

.PHONY: help install sysdeps testdeps run test lint format bench eval model clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mcp-dlp needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) sysdeps ## install the project and its tools into .venv/

sysdeps: ## install system packages (tesseract-ocr) when they are missing
	@command -v tesseract >/dev/null 2>&1 || { \
	  echo "installing tesseract-ocr with apt"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq tesseract-ocr >/dev/null; }

# The official MCP reference servers the end-to-end tests drive (pinned in tests/e2e/package-lock.json).
$(E2E_STAMP): $(E2E)/package.json $(E2E)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the end-to-end tests: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix $(E2E) --no-audit --no-fund --loglevel=error
	touch $(E2E_STAMP)

testdeps: install $(E2E_STAMP) ## install what the tests need besides the project (MCP reference servers)

run: install ## start the HTTP service on 127.0.0.1:8080 with the default policy
	$(BIN)/mcp-dlp serve

lint: install ## ruff (lint and format check) and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: testdeps lint ## lint, type-check and run the whole test suite
	$(BIN)/python -m pytest

bench: install ## throughput and latency against a plain Presidio baseline
	$(BIN)/python bench/run.py

eval: install ## precision and recall per entity on the labelled dev corpus
	$(BIN)/python -m dlp.eval

model: install ## rebuild the shipped NER pipeline from models/data (about 20 minutes on 2 cores)
	$(BIN)/python -m dlp.models.train

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
