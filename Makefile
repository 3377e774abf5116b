# The two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test install sysdeps lint typecheck unit messages bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests and a CJK font for Chinese PDFs. Installed when
# missing and we may (root with apt-get); otherwise the browser tests say what is missing.
sysdeps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)); \
	    rm -f "$${MPLCONFIGDIR:-$$HOME/.cache/matplotlib}"/fontlist-*.json; \
	  else echo "note: install Debian packages chromium and fonts-noto-cjk for browser and PDF tests"; fi; \
	fi

demo: install
	$(BIN)/tumorboard demo

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -n 2 --dist loadgroup

test: install sysdeps lint typecheck unit

messages: install
	cd src/tumorboard && ../../$(BIN)/django-admin compilemessages --settings=tumorboard.settings

# Full-size benchmarks: tens of minutes in all. Each prints its own table (see README).
bench: install
	PYTHONPATH=src $(BIN)/python benchmarks/foundation/bench_requests.py --patients 100000
	PYTHONPATH=src $(BIN)/python benchmarks/pathways/bench_screen.py -n 100000
	PYTHONPATH=src $(BIN)/python benchmarks/decisions/bench_report.py -n 100000
	PYTHONPATH=src $(BIN)/python benchmarks/clinic/run.py --sizes 20 60 150 300 --seeds 1 2 3
	PYTHONPATH=src $(BIN)/python benchmarks/outcomes/bench_analytics.py --rows 1000000
	PYTHONPATH=src $(BIN)/python benchmarks/outcomes/bench_registry.py --patients 1000000
	PYTHONPATH=src $(BIN)/python benchmarks/fhir/bench_import.py --patients 10000

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
