# Two commands do everything on a fresh machine: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint typecheck spelling unit check explore bench assets clean browser-prereqs \
	speech-prereqs

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/reconnect

test: $(STAMP) lint typecheck spelling unit

lint: $(STAMP)
	$(BIN)/ruff check game tests bench tools
	$(BIN)/ruff format --check game tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

spelling: $(STAMP)
	$(BIN)/codespell scenes docs README.md

unit: $(STAMP)
	$(BIN)/python -m pytest

# The phone-page tests drive a real headless Chromium. Without these packages `make test`
# deselects them and prints a NOT RUN line; CI (.ci/run) installs them first.
browser-prereqs:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then \
		echo "chromium and chromium-driver are installed"; \
	else \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	fi

# The self-voicing test speaks through espeak-ng; without it `make test` prints a NOT RUN line.
speech-prereqs:
	@if command -v espeak-ng >/dev/null; then \
		echo "espeak-ng is installed"; \
	else \
		apt-get update -qq && apt-get install -y -qq espeak-ng; \
	fi

check: $(STAMP)
	$(BIN)/reconnect check scenes

explore: $(STAMP)
	$(BIN)/reconnect explore scenes

bench: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/speed.py

# Remake the generated art and audio (needs the tools extra and the Debian packages listed in
# assets/sounds/README.md; the music takes a few minutes).
assets: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[tools]'
	$(BIN)/python tools/make_backgrounds.py
	$(BIN)/python tools/make_portraits.py
	$(BIN)/python tools/make_audio.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
