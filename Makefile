# The two commands a newcomer needs:
#   make run    serve the calculator at http://127.0.0.1:8080 (installs the tools on first run):
#               the single file a user gets, with its Content-Security-Policy
#   make dev    for developers: Trunk's server with live reload (its own build folder)
#   make test   run every test: engine, lint, and the real-browser tests
# Everything comes from the package registries; nothing is downloaded at build time.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: run dev test tools build test-engine lint test-browser bench bench-extracts clean

tools:
	@bash scripts/bootstrap.sh

run: build
	node scripts/serve.mjs

# Trunk's development server rebuilds on every change and reloads the page; it builds into
# target/dev-dist, so dist/ only ever holds what `make build` made.
dev: tools
	trunk serve --release --dist target/dev-dist

build: tools
	trunk build --release

test-engine:
	cargo test --locked

lint:
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --bin sc-wres-calculator --bin sc-wres-pages -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --bin sc-wres-report --no-default-features -- -D warnings

# Chromium (tests/e2e/, playwright-core), then the main flows in Firefox and WebKit
# (tests/xbrowser/: puppeteer-core over WebDriver BiDi, selenium-webdriver with WebKitWebDriver).
test-browser: build
	node --test --test-concurrency=1 tests/e2e/
	node --test --test-concurrency=1 tests/xbrowser/

test: tools test-engine lint test-browser

# Not a test: how fast the single file starts and draws in headless Chromium (median of 7 runs,
# against the goals; scripts/bench-load.mjs), and how fast the command line answers hostile
# and absurd files (generated under target/bench/hostile/; bench/hostile.py); and 150 councils'
# files compared with every chart drawn (scripts/bench-councils.mjs, goal 1 s).
bench: build
	node scripts/bench-load.mjs
	node scripts/bench-councils.mjs
	cargo build --release --locked --bin scwres
	python3 bench/hostile.py

# Not a test: counting a staff extract of 100,000 and 1,000,000 rows in the page, with scwres and
# with pandas, in one table (bench/compare.py; the extracts are generated under target/bench/).
bench-extracts: build
	cargo build --release --locked --bin scwres
	python3 -m pip install --quiet 'pandas==3.1.1'
	python3 bench/compare.py

clean:
	cargo clean
	rm -rf dist generated test-artifacts
