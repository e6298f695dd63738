# eventgraph — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
PYTEST_ARGS ?=

.PHONY: help install demo build test test-fast lint format eval eval-timex eval-actors eval-events bench lock screenshots clean

help:
	@echo "make demo       set up .venv, build seeds/ into graph/, say what to open"
	@echo "make test       set up .venv, lint, run the whole test suite (slow, browser and Neo4j tests included)"
	@echo "make test-fast  the fast tests only"
	@echo "make eval       extraction quality against $(SHARED)/eval (timex, actors, events)"
	@echo "make bench      benchmarks; results in tests/bench/results/"
	@echo "make lock       re-pin requirements.lock from pyproject.toml (with hashes)"
	@echo "make screenshots  graph/graph.png and graph/timeline.png for the README (headless Chromium)"

# The virtualenv is installed from the hash-pinned lock file only; the package itself goes in editable.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/eventgraph build seeds -o graph
	@echo
	@echo "Done. Open these in a browser (they work offline):"
	@echo "  graph/graph.html      the interactive event graph"
	@echo "  graph/timeline.html   the briefing timeline (graph/timeline.md to paste into a document)"
	@echo "Query the embedded database:  $(BIN)/eventgraph query queries/actor_timeline.cypher --param actor=Putin"

build: demo

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

test: lint
	$(BIN)/python -m pytest -m "" $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

eval: eval-timex eval-actors eval-events

eval-timex: install
	$(BIN)/python -m eventgraph.evaluate.timex --timebank $(SHARED)/eval/timebank --seeds-gold $(SHARED)/eval/seeds-gold.json

eval-actors: install
	$(BIN)/python -m eventgraph.evaluate.actors --seeds seeds --gold tests/gold/actors-seeds.json

eval-events: install
	$(BIN)/python -m eventgraph.evaluate.events --gold $(SHARED)/eval/seeds-gold.json --seeds seeds --wikinews $(SHARED)/eval/wikinews-trial

bench: install
	$(BIN)/python tests/bench/run_all.py --shared $(SHARED) --out tests/bench/results

# Screenshots of the pages `make demo` wrote, for the README (Debian's chromium + chromium-driver, offline).
screenshots: install
	@test -f graph/graph.html -a -f graph/timeline.html || { echo "no graph/ pages: run make demo first" >&2; exit 1; }
	$(BIN)/python tests/tools/screenshots.py graph

lock:
	$(PYTHON) -m venv /tmp/eventgraph-lock-venv
	/tmp/eventgraph-lock-venv/bin/pip install --quiet pip-tools
	/tmp/eventgraph-lock-venv/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build src/*.egg-info
