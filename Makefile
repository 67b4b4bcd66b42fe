# CX Lens: `make run` serves the app, `make test` runs every test. Needs Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run dev test test-fast bench bench-app sample reading-report clean help

help:
	@echo "make run    - install (first time) and serve the app on http://localhost:$(PORT)"
	@echo "make test   - install dev tools (first time) and run the whole test suite"
	@echo "make bench  - loading benchmarks; results in benchmarks/results/ and docs/performance.md"
	@echo "make bench-app - app benchmarks (memory per session, reruns, uploads, workshop); see docs/performance.md"
	@echo "make sample - rebuild sample_data/ from cxlens/sample.py"
	@echo "make reading-report - how the loader reads the real-file corpus; totals into docs/data-format.md"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CX Lens needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files re-run pip only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

dev: $(VENV)/.runtime-installed
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true --client.showErrorDetails full

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -rA

test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -rA -m "not browser and not slow"

bench: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks.run

# The running app: memory per session, reruns on large data, uploads, workshop latency (issue #19).
bench-app: $(VENV)/.dev-installed
	$(BIN)/python -m benchmarks.app

# How the loader reads the reading corpus (tests/reading_corpus): per file right / honest / incomplete / wrong.
reading-report: $(VENV)/.dev-installed
	$(BIN)/python -m tests.reading_report --roles --write-docs

sample: $(VENV)/.runtime-installed
	$(BIN)/python -m cxlens.sample

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis benchmarks/results benchmarks/data
