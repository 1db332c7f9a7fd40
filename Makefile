# `make run` and `make test` each bootstrap .venv on a fresh machine (Python 3.11 + make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HTMX_LOCAL := static/vendor/htmx.min.js

.PHONY: run test install vendor clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/contacts migrate
	$(BIN)/contacts seed --if-empty
	$(BIN)/contacts serve

# htmx (for offline use and tests) and axe-core (accessibility checks) from the npm registry;
# never committed. The local htmx is byte-identical to the CDN file, so the same SRI hash holds.
vendor: $(NODE_STAMP)

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX_LOCAL)
	touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) node_modules static/vendor
