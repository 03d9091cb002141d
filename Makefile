# Two commands matter: `make serve` and `make test`. Both create .venv and install the pinned
# requirements when they are missing or have changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# uv installs the pinned requirements in parallel: about 4 s where pip takes 18 s on a two-core CI machine.
UV_VERSION := 0.9.30
UV     := $(BIN)/uv pip install --python $(BIN)/python
export NO_MKDOCS_2_WARNING := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: setup serve build test lint check-links check-prices stale bench manifest schemas clean

# The project itself is installed in editable mode: MkDocs finds the guide's plugin by its entry point.
# Packages are byte-compiled once, at install: where PYTHONDONTWRITEBYTECODE is set (CI images often set it),
# Python would otherwise compile them from source in every process, about 0.5 s per build or test worker.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(UV) --quiet --compile-bytecode -r requirements.txt
	$(UV) --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Test tools from npm (axe-core, lunr, the Nu HTML checker), pinned by package-lock.json. Lighthouse is an
# optional dependency in the same lock file: only `make bench` installs it (it is most of the download).
node_modules/.installed: package.json package-lock.json
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch $@

node_modules/.bench-installed: node_modules/.installed
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed $@

setup: $(STAMP) node_modules/.installed

# Rebuilds on every change under docs/, data/ and macros/ (mkdocs.yml `watch`), reading the data afresh each time.
serve: setup
	$(BIN)/mkdocs serve --strict --livereload -a 127.0.0.1:8000

# Build into a scratch folder and move it into place only when the strict build passed: a failed build
# never leaves a half-written site/ behind to be published.
build: setup
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict -d site.tmp
	rm -rf site && mv site.tmp site

lint: setup
	$(BIN)/ruff check macros tests
	$(BIN)/python -m macros.schemas --check

# The tests read the site `make build` just wrote (GUIDE_SITE) rather than building it again in each worker.
# Work stealing keeps both workers busy to the end: a few browser tests take 10-20 s each.
# The Python and npm installs, and then the lint and the build, are independent: each pair runs side by side.
test:
	$(MAKE) --no-print-directory --jobs=2 lint build
	GUIDE_SITE=site $(BIN)/python -m pytest -n 2 --dist worksteal

check-links: setup
	$(BIN)/python -m macros.tools.check_links --report reports/links

# Compare every price in data/pricing.yml with AWS's Price List offer files (needs the internet); exit 1 on a drift.
check-prices: setup
	$(BIN)/python -m macros.tools.check_prices --report reports/prices

# Build time against stock Material, bytes per page, Lighthouse, axe and search latency; prints one table and
# writes reports/bench.json and reports/bench.md. Needs Debian's chromium; takes about fifteen minutes.
bench: setup node_modules/.bench-installed
	$(BIN)/python -m macros.tools.bench

stale: setup
	$(BIN)/python -m macros.tools.facts --stale

# Record every public page and anchor after adding some (the tests refuse anchors missing from it).
manifest: build
	$(BIN)/python -m macros.tools.anchors --site site --write

schemas: setup
	$(BIN)/python -m macros.schemas

clean:
	rm -rf site site.tmp reports .pytest_cache
