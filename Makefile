# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Needs: python3 (3.11+), a JDK 17 and Maven (Neo4j comes from Maven Central).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LERMAP := $(BIN)/lermap
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install chromium neo4j-start neo4j-stop load bench chaos hostile lint clean schema map-bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev]'
	touch $@

# GraphiQL's assets and the partner-tool tests (gateway, browser), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# ctdl-validate from PyPI: Credential Engine's CTDL schema and a structural validator that
# tests/test_ctdl.py checks our CTDL export with. The wheel declares Python 3.12, so it is
# downloaded (not installed into the 3.11 virtualenv); the test checks its SHA-256 and
# reads it from the wheel.
CTDL_VALIDATE := .cache/pypi/ctdl_validate-0.2.1-py3-none-any.whl
$(CTDL_VALIDATE): | $(STAMP)
	$(BIN)/pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
	  -d .cache/pypi ctdl-validate==0.2.1

# Debian's Chromium for the browser test (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Redis for the rate-limit tests: Debian's redis-server on 127.0.0.1:$(REDIS_PORT), nothing
# persisted; started when nothing answers there, then left running (`make redis-stop`).
REDIS_PORT ?= 6390
REDIS_DIR := test-artifacts/redis
.PHONY: redis redis-stop
redis:
	@command -v redis-server >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; }
	@mkdir -p $(REDIS_DIR)
	@redis-cli -h 127.0.0.1 -p $(REDIS_PORT) ping >/dev/null 2>&1 || redis-server \
	  --port $(REDIS_PORT) --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
	  --pidfile $(CURDIR)/$(REDIS_DIR)/redis.pid --logfile $(CURDIR)/$(REDIS_DIR)/redis.log

redis-stop:
	-@[ -f $(REDIS_DIR)/redis.pid ] && kill $$(cat $(REDIS_DIR)/redis.pid) && \
	  rm -f $(REDIS_DIR)/redis.pid

install: $(STAMP) $(NODE_STAMP) $(CTDL_VALIDATE)

## The API on 127.0.0.1:8000 (GraphiQL at /graphql) over a local Neo4j with the map's data.
run: install
	$(LERMAP) neo4j start
	$(LERMAP) load
	$(LERMAP) serve --no-migrate

## The test suite, against a dedicated local Neo4j (instance "test", port 7688) and Redis;
## lint first.
test: install chromium redis lint
	LERMAP_TEST_REDIS_PORT=$(REDIS_PORT) $(BIN)/python -m pytest

## The map page's network view at a benchmark scale, in headless Chromium: time to
## interactive and panning FPS, medians of RUNS (3). A measurement, not a test. Load the
## graph first: python -m bench.run --scale small --import-only (same BENCH_INSTANCE and
## BENCH_NEO4J_PORT; defaults bench and 7689).
map-bench: install chromium
	$(BIN)/python -m bench.map_page

neo4j-start: install
	$(LERMAP) neo4j start

neo4j-stop: install
	$(LERMAP) neo4j stop

load: install
	$(LERMAP) load

## Regenerate schema.graphql from the code (tests fail when they differ).
schema: install
	$(LERMAP) schema -o schema.graphql

## ruff, mypy (strict) and the import layers (api -> loaders -> graph, pyproject.toml).
lint: install
	$(BIN)/ruff check api graph loaders tests bench
	$(BIN)/mypy api graph loaders
	$(BIN)/lint-imports --no-cache

clean: redis-stop
	-$(LERMAP) neo4j stop
	rm -rf $(VENV) .neo4j node_modules test-artifacts

## Benchmarks (not part of `make test`): SCALE=small (default), large or xl (1M stakeholders,
## about 11M relationships). Instance and port: BENCH_INSTANCE (bench), BENCH_NEO4J_PORT (7689);
## SECONDS_EACH (8), REPEAT (3), QUERIES="a_ g_" (a filter), MIXED=1 (also the mixed
## workload), BENCH_IMPORT=unwind (the old transactional import instead of neo4j-admin).
.PHONY: bench-mixed bench-report
bench: install
	$(BIN)/python -m bench.run --scale $(or $(SCALE),small)

## The mixed partner workload alone (90% reads, 10% writes, concurrency 8 and 64), on a fresh
## graph at SCALE; MIXED_SECONDS per level (20).
bench-mixed: install
	$(BIN)/python -m bench.mixed --scale $(or $(SCALE),small) --seconds $(or $(MIXED_SECONDS),20)

## docs/benchmarks.md again from bench/results.json and bench/NOTES.md.
bench-report: install
	$(BIN)/python -m bench.report

## Fault injection (not part of `make test`): SIGKILLs Neo4j under a write load, checks that
## no acknowledged write is lost; figures in bench/chaos-results.json and docs/chaos.md.
CHAOS_SECONDS ?= 90
CHAOS_KILL_AT ?= 20,55
chaos: install
	$(BIN)/python -m bench.chaos --seconds $(CHAOS_SECONDS) --kill-at $(CHAOS_KILL_AT)

## Hostile documents against a local server (not part of `make test`; no Neo4j needed):
## latency of each refusal and the server's memory, e.g. REQUESTS=200 for a quick look.
hostile: install
	$(BIN)/python -m bench.hostile --requests $(or $(REQUESTS),1000)
