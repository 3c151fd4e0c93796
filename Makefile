# dlcourse: the two commands of the README, and a few for maintainers.
#   make lab         set up .venv if needed, then open JupyterLab on notebooks/
#   make test        set up .venv if needed, then run every test and notebook in fast mode
#   make unit        lint, layer contracts and the unit tests only (no notebooks, grading
#                    or browser tests), for a quick check while editing the package
#   make playground  the playground as a page of its own (Voila), http://127.0.0.1:8866
#   make book        the course as a website in build/book/ (open build/book/index.html)
#   make slides      every chapter as a static reveal.js deck in build/slides/
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dlcourse-installed
TEST_STAMP := $(VENV)/.dlcourse-test-installed
# The versions `make test` last passed with (pip's constraints file): make lab and make
# test install exactly these; `make lock` rewrites it, `make test-latest` tries the newest.
LOCK   := constraints.txt
LATEST ?= .venv-latest
BOOK_STAMP := $(VENV)/.dlcourse-book-installed
# MathJax and reveal.js for the book and the slides, from npm into build/js/ (the site
# and the decks serve them themselves: nothing comes from a CDN). Versions pinned here.
JS_DIR      := build/js
JS_STAMP    := $(JS_DIR)/.installed
JS_PACKAGES := mathjax@3.2.2 reveal.js@5.2.1
# TensorFlow's C++ start-up logs (oneDNN, "no CUDA") only clutter notebook outputs.
export TF_CPP_MIN_LOG_LEVEL ?= 3
# Jupyter refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# Extra pytest arguments, e.g. make test TESTS=notebooks/01_datasets.ipynb
TESTS  ?=

.PHONY: lab test unit lint lock test-latest setup nav execute bench clean-venv playground book slides

setup: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e .
	@touch $(STAMP)

# The test extra (Playwright, for the browser tests), once.
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[test]"
	@touch $(TEST_STAMP)

# The book extra (Sphinx, myst-nb, the theme; nbconvert for the decks), once.
$(BOOK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e ".[book]"
	@touch $(BOOK_STAMP)

$(JS_STAMP): Makefile
	@command -v npm >/dev/null || { echo "make book and make slides need npm" \
		"(Debian: apt-get install npm) for MathJax and reveal.js"; exit 2; }
	npm install --silent --no-save --no-package-lock --no-audit --no-fund \
		--prefix $(JS_DIR) $(JS_PACKAGES)
	@touch $(JS_STAMP)

# From the committed notebooks, never executed: Sphinx warnings are errors, links checked.
book: $(BOOK_STAMP) $(JS_STAMP)
	$(BIN)/python -m dlcourse book

# One deck per chapter from its slide metadata (make nav writes it); for live slides,
# press Alt-R on a chapter in make lab.
slides: $(BOOK_STAMP) $(JS_STAMP)
	$(BIN)/python -m dlcourse slides

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

# The playground without code, for lectures: make playground PLAYGROUND_ARGS="--port 8900"
playground: $(STAMP)
	$(BIN)/python -m dlcourse playground $(PLAYGROUND_ARGS)

# Fast mode, and never a download: tests read data from DLCOURSE_DATA, data/ or the
# Keras cache (python -m dlcourse download fetches it once). pytest runs one test at a
# time, so the browser tests (tests/test_browser.py, Chromium from the system) never run
# beside a notebook; they skip, saying why, where no Chromium is installed.
# The run also builds the book and a deck (tests/course/test_book.py, test_decks.py).
test: lint $(BOOK_STAMP) $(JS_STAMP)
	DLCOURSE_MODE=fast DLCOURSE_OFFLINE=1 $(BIN)/python -m pytest $(TESTS)

unit: lint
	DLCOURSE_MODE=fast DLCOURSE_OFFLINE=1 $(BIN)/python -m pytest -m "not slow" $(TESTS)

# ruff over the package, tests and notebooks; the layer rules of docs/architecture.md.
lint: $(TEST_STAMP)
	$(BIN)/ruff check dlcourse tests notebooks
	$(BIN)/lint-imports

# After a green make test: record the versions it passed with (commit constraints.txt).
lock: $(TEST_STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^dlcourse' > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)

# The newest versions pyproject.toml allows, in a venv of their own ($(LATEST)): a
# library release that breaks a chapter fails here before a learner installs it.
test-latest: $(JS_STAMP)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade -e ".[test,book]"
	$(LATEST)/bin/python -m pip list --format=freeze | grep -i -E '^(tensorflow|keras|numpy|scikit-learn|opencv|matplotlib|ipywidgets|nbval)' || true
	$(LATEST)/bin/ruff check dlcourse tests notebooks
	$(LATEST)/bin/lint-imports
	DLCOURSE_MODE=fast DLCOURSE_OFFLINE=1 $(LATEST)/bin/python -m pytest $(TESTS)

# Regenerate the navigation cells, slide metadata and chapter tables after adding a chapter.
nav: $(STAMP)
	$(BIN)/python -m dlcourse nav

# Re-run one chapter top to bottom in full mode and keep its outputs (for committing):
#   make execute NB=notebooks/01_datasets.ipynb
execute: $(STAMP)
	@test -n "$(NB)" || (echo "usage: make execute NB=notebooks/NN_name.ipynb" && exit 2)
	DLCOURSE_MODE=$${DLCOURSE_MODE:-full} DLCOURSE_OFFLINE=1 $(BIN)/jupyter nbconvert --to notebook --execute \
		--inplace --ExecutePreprocessor.timeout=1800 "$(NB)"

bench: $(STAMP)
	@for script in tests/benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean-venv:
	rm -rf $(VENV)
