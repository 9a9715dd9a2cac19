# The two commands are `make run` and `make test`; each sets up everything it needs first.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-seed bench-search bench-match-quality bench-ingest bench-audit-chain clean

run: $(STAMP)
	$(VENV)/bin/python -m contactpoint.embedded run

test: $(STAMP)
	$(VENV)/bin/python -m contactpoint.embedded test

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: bench-seed bench-search bench-match-quality bench-ingest bench-audit-chain

bench-seed: $(STAMP)
	$(VENV)/bin/python -m bench.seed_population

# Searches the population that bench-seed wrote, or writes one first if there is none.
bench-search: $(STAMP)
	$(VENV)/bin/python -m bench.search

# Feed matching against bench-seed's population (or one it writes first): quality, guard, speed.
bench-match-quality: $(STAMP)
	$(VENV)/bin/python -m bench.match_quality

# Feeds a 100,000-record batch through real workers, in a copy of bench-seed's population.
bench-ingest: $(STAMP)
	$(VENV)/bin/python -m bench.ingest

# Seals and verifies 200,000 audit events in a fresh database of their own.
bench-audit-chain: $(STAMP)
	$(VENV)/bin/python -m bench.audit_chain

# Python packages from PyPI; the GOV.UK Design System's assets and Chart.js from npm (package-lock.json).
$(STAMP): pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[embedded,dev]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

clean:
	rm -rf $(VENV)
