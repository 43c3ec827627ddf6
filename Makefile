# agenthub — every target bootstraps its own virtualenv (.venv) on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
NPM_STAMP  := tools/node_modules/.installed

.PHONY: install generate check-generated check-breaking check-npm-lock lint lint-contract test test-fast demo docs bench cassettes unasync npm-tools clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e '.[dev]'
	touch $(STAMP)

# Node tools (spectral, buf, prism) pinned by tools/package-lock.json, installed locally.
npm-tools: $(NPM_STAMP)

$(NPM_STAMP): tools/package.json tools/package-lock.json
	# `npm install` (not `npm ci`): the lock pins every version, but npm 11's ci rejects a lock
	# that lacks other platforms' optional binaries (buf ships one package per platform).
	cd tools && npm install --no-audit --no-fund --loglevel=error
	touch $@

# generate.py also renders SDK resource modules into src/agenthub/_async/: _sync/ follows.
generate: install
	$(PY) scripts/generate.py
	$(PY) scripts/run_unasync.py

check-generated: install
	$(PY) scripts/generate.py --check

unasync: install
	$(PY) scripts/run_unasync.py

lint: install
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy src/agenthub src/agenthub_server

# Spec lint (openapi-spec-validator, spectral), proto lint (buf), and the breaking-change gates.
lint-contract: install npm-tools
	$(BIN)/pytest -q -p no:cacheprovider tests/contract/test_lint.py tests/contract/test_breaking.py

# Breaking changes to either contract since the last release tag (OpenAPI diff + buf breaking).
check-breaking: install npm-tools
	$(PY) scripts/check_breaking.py

# `make npm-tools` must leave the lock untouched: install twice, then no diff under tools/.
check-npm-lock:
	rm -f $(NPM_STAMP)
	$(MAKE) --no-print-directory npm-tools
	rm -f $(NPM_STAMP)
	$(MAKE) --no-print-directory npm-tools
	git diff --exit-code -- tools/

# The README's test command: freshness of generated and derived code, lint, types, all tests.
test: install npm-tools
	$(PY) scripts/generate.py --check
	$(PY) scripts/run_unasync.py --check
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest -q -p no:cacheprovider

test-fast: install
	$(BIN)/pytest -q -x -m "not slow" -p no:cacheprovider

demo: install
	$(BIN)/agenthub demo

# API reference (pdoc, from the docstrings) into docs/api/ and docs/events.md from the
# contract; fails on any pdoc warning (tests/cli/test_docs.py checks the same in CI).
docs: install
	$(PY) scripts/build_docs.py

# Full run (2-3 min here, 5-6 on a slower 2-core host); refreshes the run between
# bench/results.md's markers.
bench: install
	$(PY) -m bench --markdown bench/results.md

cassettes: install
	AGENTHUB_RECORD=1 $(BIN)/pytest -q tests/cassettes -p no:cacheprovider

clean:
	rm -rf $(VENV) tools/node_modules .pytest_cache .mypy_cache .ruff_cache
