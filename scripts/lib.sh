# Shared set-up steps for scripts/dev, scripts/test and scripts/bench.
# Each step installs what is missing and skips what is there.
# shellcheck shell=bash

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION="0.3.10"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export LEPTOS_OUTPUT_NAME=tandem

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1; fi
}

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! command -v cargo-clippy >/dev/null || ! command -v rustfmt >/dev/null; then
    rustup component add clippy rustfmt
  fi
}

ensure_cargo_leptos() {
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    step "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3}' Cargo.lock)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    step "installing wasm-bindgen-cli $want (the version in Cargo.lock)"
    # not --locked: one of its locked dependencies is missing from the registry
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node() {
  if ! command -v npm >/dev/null; then
    step "installing Node.js and npm (Debian)"
    apt_install nodejs npm
  fi
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package.json -nt end2end/node_modules/.package-lock.json ]; then
    step "installing end2end npm packages (playwright-core, axe-core, binaryen/wasm-opt)"
    (cd end2end && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi)
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    step "installing Chromium (Debian)"
    apt_install chromium
  fi
}

# Starts a local PostgreSQL (installing it if needed) and exports
# TANDEM_TEST_DATABASE_URL for the tests.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then
    step "installing PostgreSQL (Debian)"
    apt_install postgresql
  fi
  local cluster
  cluster="$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')"
  if [ -z "$cluster" ]; then
    step "creating a PostgreSQL cluster"
    as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main
    cluster="$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')"
  fi
  local port
  port="$(pg_lsclusters -h | awk 'NR==1 {print $3}')"
  if ! pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
    step "starting PostgreSQL $cluster"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster start
  fi
  local psql=(as_root su postgres -c)
  if ! "${psql[@]}" "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tandem'\"" | grep -q 1; then
    "${psql[@]}" "psql -p $port -qc \"CREATE ROLE tandem LOGIN PASSWORD 'tandem' CREATEDB\""
  fi
  if ! "${psql[@]}" "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='tandem_test'\"" | grep -q 1; then
    "${psql[@]}" "createdb -p $port -O tandem tandem_test"
  fi
  export TANDEM_TEST_DATABASE_URL="postgres://tandem:tandem@127.0.0.1:$port/tandem_test"
}

build_release() {
  step "building the release app (server + the islands' WASM)"
  cargo leptos build --release
}
