# Shared set-up steps for scripts/dev, scripts/test and scripts/bench.
# Each step installs what is missing and skips what is there.
# shellcheck shell=bash

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

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
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/lightningcss ] \
    || [ ! -d end2end/node_modules/@swc/core ] || [ end2end/package.json -nt end2end/node_modules/.package-lock.json ]; then
    step "installing end2end npm packages (playwright-core, axe-core; wasm-opt, lightningcss and swc for the build)"
    # `npm install`, not `npm ci`: the lock can only list the platform
    # packages of lightningcss-cli that the registry serves here (linux-x64),
    # and `npm ci` refuses a lock without the others; install keeps to the
    # lock's versions and skips the missing optional ones.
    (cd end2end && npm install --no-audit --no-fund)
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

# The site, built as cargo-leptos 0.3.10 built it (same commands, same
# files, byte for byte; measured in BENCHMARKS.md), without its 16-minute
# install: the server and the islands' WASM (two cargo builds, in parallel),
# wasm-bindgen, wasm-opt and swc for the WASM and its JS, Lightning CSS for
# the style sheet, public/ copied beside. Needs ensure_rust,
# ensure_wasm_bindgen and ensure_node first.
# usage: build_site release|debug (debug: target/debug/tandem and target/site-dev)
build_site() {
  local mode="$1" name=tandem
  # the release site where Leptos.toml looks; a development build beside it,
  # so that it never ends up served (or weighed) as the release one
  local site="$ROOT/target/site"
  [ "$mode" = release ] || site="$ROOT/target/site-dev"
  local pkg="$site/pkg"
  local front_target="${CARGO_TARGET_DIR:-$ROOT/target}/front"
  local release=false bin_profile=() lib_profile=() lib_dir=debug
  if [ "$mode" = release ]; then
    release=true
    bin_profile=(--release)
    lib_profile=(--profile=wasm-release)
    lib_dir=wasm-release
  fi

  # What cargo-leptos puts in both cargo builds' environment
  # (cargo-leptos 0.3.10, src/config/project.rs:235-298). Only LEPTOS_OUTPUT_NAME
  # and RUSTFLAGS change what is compiled; the rest is for parity.
  local envs=(
    "LEPTOS_OUTPUT_NAME=$name"
    "LEPTOS_SITE_ROOT=target/site"
    "LEPTOS_SITE_PKG_DIR=pkg"
    "LEPTOS_SITE_ADDR=127.0.0.1:3000"
    "LEPTOS_RELOAD_PORT=3001"
    "LEPTOS_LIB_DIR=."
    "LEPTOS_BIN_DIR=."
    "LEPTOS_JS_MINIFY=$release"
    "LEPTOS_HASH_FILES=false"
    # type-erased views: quicker to compile, a smaller WASM (as cargo-leptos
    # passed it; the tests and clippy build without it, as before)
    "RUSTFLAGS=${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components"
  )

  step "building the $mode site (server + the islands' WASM)"
  # 1. empty the site root (src/command/build.rs:61-67)
  rm -rf "$site"
  mkdir -p "$pkg"

  # 2. the two cargo builds, in parallel as cargo-leptos runs them
  #    (build.rs:71-78; front.rs:168-216; server.rs:83-141)
  local front_pid server_pid front_rc=0 server_rc=0
  env "${envs[@]}" cargo build --package=$name --lib --target-dir="$front_target" \
    --target=wasm32-unknown-unknown --no-default-features --features=hydrate "${lib_profile[@]}" &
  front_pid=$!
  env "${envs[@]}" cargo build --package=$name --bin=$name \
    --no-default-features --features=ssr "${bin_profile[@]}" &
  server_pid=$!
  wait "$front_pid" || front_rc=$?
  wait "$server_pid" || server_rc=$?
  if [ "$front_rc" != 0 ] || [ "$server_rc" != 0 ]; then
    echo "cargo failed (front: $front_rc, server: $server_rc)" >&2
    return 1
  fi

  # 3. wasm-bindgen, then pkg/tandem_bg.wasm -> pkg/tandem.wasm (front.rs:254-304)
  wasm-bindgen --target=web --out-name=$name --out-dir="$pkg" \
    "$front_target/wasm32-unknown-unknown/$lib_dir/$name.wasm"
  mv "$pkg/${name}_bg.wasm" "$pkg/$name.wasm"

  if [ "$release" = true ]; then
    # 4. wasm-opt in place (front.rs:306-318, 356-384), and one departure
    #    from cargo-leptos: --converge repeats -Oz until nothing shrinks
    #    (0.8 KB brotli less, measured 2026-12-06; a few seconds more)
    wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int \
      "$pkg/$name.wasm" -o "$pkg/$name.wasm"
    # 5. JS minified by swc: compress, mangle, module (front.rs:326-343, 386-417)
    node -e 'const {minifySync}=require(process.argv[1]);const fs=require("fs");const f=process.argv[2];
fs.writeFileSync(f,minifySync(fs.readFileSync(f,"utf8"),{compress:true,mangle:true,module:true}).code)' \
      "$ROOT/end2end/node_modules/@swc/core" "$pkg/$name.js"
  fi

  # 6. CSS through Lightning CSS, browserslist "defaults", minified in
  #    release only (compile/style.rs:89-163; config/style.rs)
  local minify=()
  [ "$release" = true ] && minify=(--minify)
  lightningcss "${minify[@]}" --targets defaults "$ROOT/style/main.css" -o "$pkg/$name.css"

  # 7. public/ copied into the site root (compile/assets.rs:59-139)
  if [ -e "$ROOT/public/index.html" ] || [ -e "$ROOT/public/pkg" ]; then
    echo "public/index.html and public/pkg are reserved" >&2
    return 1
  fi
  cp -R "$ROOT/public/." "$site/"
}


build_release() { build_site release; }
