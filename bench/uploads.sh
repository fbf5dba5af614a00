#!/usr/bin/env bash
# Uploads stream to disk: peak memory of a release server while applicants
# upload 10 MB PDFs (one, then four at once). Prints VmHWM (peak RSS) before
# and after. Usage: bench/uploads.sh (after a release build).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
BASE="http://127.0.0.1:$PORT"
TANDEM_SITE_ADDR=127.0.0.1:$PORT TANDEM_BASE_URL=$BASE TANDEM_DATA_DIR=$DIR RUST_LOG=warn \
  target/release/tandem --config Leptos.toml serve >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done
hwm() { awk '/VmHWM/ {print $2 " " $3}' /proc/$PID/status; }
JAR=$DIR/cookies
curl -fs -c "$JAR" -H "origin: $BASE" -H 'accept: application/json' \
  -d 'email=daniel.kim@demo.tandem.example&password=tandem-demo-password' "$BASE/api/sign_in" >/dev/null
APP=$(curl -fs -b "$JAR" -H "origin: $BASE" -H 'accept: application/json' \
  -d 'call_id=1&city_id=6173331&claimed_population=&population_source=' "$BASE/api/start_application")
{ printf '%%PDF-1.4\n'; head -c $((10 * 1024 * 1024 - 64)) /dev/urandom; printf '\n%%%%EOF\n'; } > "$DIR/big.pdf"
echo "file: $(stat -c %s "$DIR/big.pdf") bytes; application $APP"
echo "peak RSS after start and sign-in: $(hwm)"
up() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}s\n' -b "$JAR" -H "origin: $BASE" -H 'accept: application/json' \
    -F kind=letter -F "file=@$DIR/big.pdf;type=application/pdf" "$BASE/pairings/applications/$APP/upload"
}
up
echo "peak RSS after one 10 MB upload: $(hwm)"
PIDS=()
for _ in 1 2 3 4; do up & PIDS+=($!); done
wait "${PIDS[@]}"
echo "peak RSS after four more at once: $(hwm)"
echo "stored: $(ls "$DIR/documents" | wc -l) files, $(du -sh "$DIR/documents" | cut -f1)"
