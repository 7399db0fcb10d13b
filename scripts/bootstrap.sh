#!/usr/bin/env bash
# Installs every tool the build and the tests need, from the package registries only.
# Idempotent: a tool already present at the pinned version is left alone, so a warm run
# takes a second or two. Used by `make run`, `make test` and `.ci/run`.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen that Cargo.lock resolves, exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)

step() { printf '\n== %s\n' "$*"; }
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! have_version trunk "$TRUNK_VERSION"; then
  step "Installing trunk $TRUNK_VERSION (about 14 minutes on 2 cores, once)"
  cargo install "trunk@$TRUNK_VERSION" --locked
fi

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
  # Not --locked: the CLI's own lock file asks for a webpki-roots the registry lacks.
  cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "Installing Debian's chromium and chromium-driver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core
fi

if [ ! -x /usr/bin/firefox-esr ] || [ ! -x /usr/bin/WebKitWebDriver ] || [ ! -x /usr/bin/Xvfb ]; then
  step "Installing Debian's firefox-esr, webkit2gtk-driver and xvfb (the cross-browser tests)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    firefox-esr webkit2gtk-driver xvfb xauth
fi

# The report's tests (tests/report.rs, tests/e2e/plan-report.test.mjs): LibreOffice converts
# the .docx to PDF, poppler-utils reads the PDF (pdftotext, pdfimages, pdftoppm), python-docx
# reads the .docx itself.
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  step "Installing Debian's libreoffice-writer-nogui and poppler-utils (the report's tests)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    libreoffice-writer-nogui poppler-utils
fi

PYTHON_DOCX_VERSION=1.2.0
if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('python-docx') != '$PYTHON_DOCX_VERSION')" 2>/dev/null; then
  step "Installing python-docx $PYTHON_DOCX_VERSION (reads the report back in its tests)"
  python3 -m pip install --quiet "python-docx==$PYTHON_DOCX_VERSION"
fi

# Node packages (ECharts, wasm-opt from binaryen, esbuild, playwright-core, axe-core),
# exactly as package-lock.json records them. Skipped when node_modules is up to date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing node packages (npm ci)"
  npm ci --no-audit --no-fund
fi

step "Fetching crates"
cargo fetch --locked >/dev/null

echo "Tools ready: trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(node_modules/.bin/wasm-opt --version), $(/usr/bin/chromium --version), $(soffice --version | head -n 1), python-docx $PYTHON_DOCX_VERSION"
