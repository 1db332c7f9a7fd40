# `make run` and `make test` each bootstrap .venv on a fresh machine (Python 3.11 + make + npm).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HTMX_LOCAL := static/vendor/htmx.min.js
SWAGGER_LOCAL := static/vendor/swagger-ui/swagger-ui-bundle.js
AXE := node_modules/axe-core/axe.min.js
PYTEST_ARGS ?=

.PHONY: run test install vendor screenshot clean bench

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/contacts migrate
	$(BIN)/contacts seed --if-empty
	$(BIN)/contacts ensure-editor
	$(BIN)/contacts serve

# htmx and Swagger UI (for offline use and tests) and axe-core (accessibility checks) from the
# npm registry; never committed. The local htmx is byte-identical to the CDN file, so the same SRI
# hash holds.
vendor: $(HTMX_LOCAL) $(SWAGGER_LOCAL) $(AXE)

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(AXE): $(NODE_STAMP)
	@test -f $@ || { echo "npm install did not provide $@" >&2; exit 1; }

$(HTMX_LOCAL): $(NODE_STAMP)
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

$(SWAGGER_LOCAL): $(NODE_STAMP)
	mkdir -p $(dir $@)
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css $(dir $@)

# pytest exits 5 when no test ran, so make (and .ci/run) fail then too.
test: $(STAMP) $(HTMX_LOCAL) $(SWAGGER_LOCAL) $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The load benchmark (bench/load.py): needs wrk from Debian. Generated databases are cached in
# bench/.data; BENCH_ARGS passes options, e.g. BENCH_ARGS="--sizes 10000 --duration 5".
BENCH_STAMP := $(VENV)/.installed-bench
BENCH_ARGS ?=

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get update && apt-get install -y wrk" >&2; exit 1; }
	$(BIN)/python -m bench.load $(BENCH_ARGS)

# The README's picture: the timeline with the shipped record, 1280 px wide, from a live server.
screenshot: $(STAMP) $(HTMX_LOCAL) $(AXE)
	$(BIN)/python -m pytest -q tests/e2e/test_record.py -k readme_screenshot
	mkdir -p docs
	cp test-artifacts/readme/screenshot-timeline.png docs/screenshot-timeline.png

clean:
	rm -rf $(VENV) node_modules static/vendor test-artifacts
