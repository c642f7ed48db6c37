# The two commands: `make demo` and `make test`. Everything is installed by these targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
GOVUK  := src/oversight/web/static/govuk/govuk-frontend.min.css
AXE    := var/axe/axe.min.js
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium
ADDR   ?= 127.0.0.1:8000

.PHONY: demo test lint test-sqlite test-postgres test-browser bench install static chromium pdf-libs clean

install: pdf-libs $(STAMP)

# WeasyPrint (PDF packs) draws text with Debian's pango and needs a font.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@dpkg -s $(PDF_LIBS) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBS) >/dev/null; \
	  else echo "PDF packs need: sudo apt-get install $(PDF_LIBS)" >&2; exit 1; fi; }

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# GOV.UK Frontend comes from its npm package at set-up and is never committed; so does axe-core,
# which only the browser tests use (it is never served).
static: $(GOVUK) $(AXE)

$(AXE): $(GOVUK)
	mkdir -p $(dir $(AXE))
	cp frontend/node_modules/axe-core/axe.min.js $(AXE)

$(GOVUK): frontend/package.json
	cd frontend && npm install --no-audit --no-fund --loglevel=error
	rm -rf src/oversight/web/static/govuk && mkdir -p src/oversight/web/static/govuk
	cp frontend/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
	   frontend/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
	   src/oversight/web/static/govuk/
	cp -r frontend/node_modules/govuk-frontend/dist/govuk/assets src/oversight/web/static/govuk/assets
	sed -i 's#url(/assets/#url(/static/govuk/assets/#g' $(GOVUK)

# Debian's chromium for the browser tests; Playwright never downloads a browser.
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Cookies stay Secure: chromium keeps them on http://127.0.0.1 (tests/browser checks it).
# For plain http on another address, or a browser that refuses them: OVERSIGHT_SECURE_COOKIES=0.
demo: install static
	$(BIN)/oversight init
	$(BIN)/oversight demo --scale small --seed 1
	@echo "Serving Oversight on http://$(ADDR) (Ctrl-C to stop)"
	$(BIN)/oversight serve --addr $(ADDR)

test: install static chromium
	$(MAKE) lint
	$(MAKE) test-sqlite
	$(MAKE) test-browser

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

test-sqlite: install static
	$(BIN)/pytest -q -n 2

test-postgres: install static
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2

test-browser: install static chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -m browser -p no:xdist

# The load run (oversight.bench.load) copies the large council into PostgreSQL, serves it on BENCH_ADDR
# (127.0.0.1 only) and reports p95 per page and requests per second; BENCH_LOAD_ARGS=--strict fails on a miss.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/oversight_bench
BENCH_ADDR   ?= 127.0.0.1:8765
bench: install static
	$(BIN)/python -m oversight.bench
	$(BIN)/python -m oversight.bench.load --pg-url $(BENCH_PG_URL) --addr $(BENCH_ADDR) $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) var frontend/node_modules src/oversight/web/static/govuk
