# docqa: `make app` sets up, indexes corpus/ and serves the product; `make test` sets up and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.docqa-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# The shared data (dev set, PDFs, TAT-QA): beside the checkout unless $DOCQA_SHARED says where.
SHARED := $(or $(DOCQA_SHARED),../shared)

.PHONY: setup test app browser-deps lint format bench eval train clean

setup: $(STAMP)

# torch first and pinned: an unpinned torch pulls several GB of CUDA packages. Every other
# package at the version in constraints.txt, so that make train reproduces index/models/.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

test: setup browser-deps
	$(BIN)/python -m pytest

# The browser test drives Debian's Chromium (never `playwright install`). A no-op when it is
# installed; if it cannot be installed the browser test skips and says why.
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
		sudo=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
		echo "installing chromium and chromium-driver for the browser test"; \
		{ $$sudo apt-get update -qq && \
		  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium chromium-driver >/dev/null; } \
		|| echo "warning: chromium could not be installed; the browser test will be skipped"; \
	else echo "warning: no apt-get to install chromium; the browser test will be skipped"; fi

# Serves on 127.0.0.1:$PORT (default 8501); the browser test runs these same commands.
app: setup
	$(BIN)/docqa build corpus
	$(BIN)/streamlit run app/streamlit_app.py --server.headless true --server.address 127.0.0.1 \
		--server.port $${PORT:-8501} --browser.gatherUsageStats false --server.fileWatcherType none

# Quality figures (a measurement: prints, never fails on a figure): the scorer's held-out
# (cross-validated) figures and reliability plot, the dev set, the blind sets (corpus and the
# shared PDFs; never trained on; the PDF set also per own document), PDF cell alignment, TAT-QA dev.
eval: setup
	$(BIN)/docqa train --show --plot .docqa/reliability.png
	$(BIN)/docqa eval $(SHARED)/eval/dev.jsonl --report .docqa/eval-report.jsonl
	$(BIN)/docqa build corpus $(SHARED)/pdfs --index .docqa/eval-index >/dev/null
	$(BIN)/docqa eval tests/data/blind.jsonl --index .docqa/eval-index --report .docqa/blind-report.jsonl
	$(BIN)/docqa eval tests/data/blind2.jsonl --report .docqa/blind2-report.jsonl
	$(BIN)/docqa eval tests/data/blind3.jsonl --report .docqa/blind3-report.jsonl
	$(BIN)/docqa eval tests/data/pdf_blind3.jsonl --index .docqa/eval-index --report .docqa/pdf-blind3-report.jsonl
	$(BIN)/docqa eval tests/data/pdf_blind.jsonl --index .docqa/eval-index --report .docqa/pdf-report.jsonl
	$(BIN)/docqa eval tests/data/blind4.jsonl --index .docqa/eval-index --report .docqa/blind4-report.jsonl
	$(BIN)/docqa eval tests/data/blind5.jsonl --index .docqa/eval-index --report .docqa/blind5-report.jsonl
	$(BIN)/docqa eval tests/data/blind6.jsonl --index .docqa/eval-index --report .docqa/blind6-report.jsonl
	$(BIN)/docqa eval tests/data/blind7.jsonl --index .docqa/eval-index --report .docqa/blind7-report.jsonl
	$(BIN)/docqa eval tests/data/pdf_blind.jsonl --own-document --index .docqa/eval-index \
		--report .docqa/pdf-own-report.jsonl
	$(BIN)/docqa cells tests/data/pdf_cells.jsonl --pdfs $(SHARED)/pdfs
	$(BIN)/docqa eval tests/data/pdf_cells.jsonl --statement-lines --index .docqa/eval-index \
		--report .docqa/statement-report.jsonl
	$(BIN)/docqa tatqa $(SHARED)/external/tatqa/tatqa_dataset_dev.json --report .docqa/tatqa-report.jsonl

# Refit the answer scorer (fixed seed, data in the repo and shared/) into index/models/.
# The models are fitted on exact passage vectors (served indexes embed passages in int8).
# PYTHONHASHSEED: sums over sets of words run in one order, so a refit repeats to the last digit.
train: setup
	PYTHONHASHSEED=0 DOCQA_PASSAGE_PRECISION=fp32 $(BIN)/docqa train

# Speed and memory: median of repeated runs, printed. Queries timed are the blind corpus questions
# (not the dev set); stages, cold start, encoders side by side (torch against onnxruntime fp32 and
# int8, with each precision's recall@5 on dev and blind); then local against Milvus Lite on the
# default corpus and on one scaled 100 times (a hashing stand-in encoder there, named in the table).
# Corpus sizes (copies of corpus/) measured besides the default: `make bench SCALES=100,1000` adds
# the largest (about an hour more on two cores).
SCALES ?= 100
bench: setup
	$(BIN)/docqa build corpus $(SHARED)/pdfs --index .docqa/eval-index >/dev/null
	$(BIN)/docqa bench tests/data/blind2.jsonl --recall $(SHARED)/eval/dev.jsonl --recall tests/data/blind2.jsonl \
		--pdfs $(SHARED)/pdfs --ann-index .docqa/eval-index --scales "$(SCALES)"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf .docqa .pytest_cache .ruff_cache
