# Two commands matter (see README): `make site` and `make test`. Both create .venv/ from the
# pinned requirements on first use, so a fresh machine needs only Python 3.11 and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | cksum | cut -d' ' -f1)
# mkdocs-material prints an advertisement for its successor on every build; the maintainers'
# note on its end of life (May 2027) is in the README instead, where it can be acted on.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve validate fmt check venv lint clean clean-photos audit bench bench-photos bench-search

$(STAMP):
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

site: $(STAMP)  ## Build the site into site/ from the records in exemplars/
	$(BIN)/python -m generator build

test: $(STAMP) tools/audit/node_modules  ## Run every test (installs chromium, npm from Debian if missing)
	tools/install-system-deps.sh
	$(BIN)/python -m pytest

serve: $(STAMP)  ## Live preview at http://127.0.0.1:8000/
	$(BIN)/mkdocs serve

validate: $(STAMP)  ## Check every record and print each problem
	$(BIN)/python -m generator validate

fmt: $(STAMP)  ## Rewrite records in the canonical form (key order, comments, quoting, NFC)
	$(BIN)/python -m generator fmt

check: $(STAMP)  ## What every pull request must pass before tests: validate + fmt --check
	$(BIN)/python -m generator validate
	$(BIN)/python -m generator fmt --check

venv: $(STAMP)  ## Only create .venv/ from the pinned requirements

bench: $(STAMP)  ## Our build against plain mkdocs-material at 1,000 and 10,000 records: times, memory, sizes
	tools/install-system-deps.sh
	$(BIN)/python -m bench.compare $(BENCH_ARGS)

bench-photos: $(STAMP)  ## Photo processing (1,000 phone photos, cold and warm) and a profile's bytes
	tools/install-system-deps.sh
	$(BIN)/python bench/photos.py $(BENCH_ARGS)

clean-photos: $(STAMP)  ## Remove GPS, camera serials and author names from the original photos
	$(BIN)/python -m generator clean-photos

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

bench-search: $(STAMP)  ## Search index size, build time, memory and first-query bytes at 1,000 and 10,000 records
	tools/install-system-deps.sh
	$(BIN)/python -m bench.search

clean:
	rm -rf site .cache

tools/audit/node_modules: tools/audit/package-lock.json
	tools/install-system-deps.sh
	cd tools/audit && npm ci --no-audit --no-fund --loglevel=error
	touch $@

audit: site tools/audit/node_modules  ## Lighthouse scores (mobile) of the built site
	tools/install-system-deps.sh
	$(BIN)/python tools/audit/audit.py
