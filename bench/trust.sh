#!/usr/bin/env bash
# The trust figures of BENCHMARKS.md on the release build (run after
# `cargo leptos build --release`): image bombs and slivers as profile photos,
# a malformed server-function call, 2,000 idle connections. Uses a fresh
# data directory with demo data; prints what it measured.
set -u
cd "$(dirname "$0")/.."
W=$(mktemp -d); DIR="$W/data"; PORT=3977; BASE=http://127.0.0.1:$PORT
ulimit -n 65536 2>/dev/null || true
python3 - "$W" <<'PY'
import zlib, struct, sys
def png(w, h, path):
    raw = zlib.compressobj(9)
    row = b'\x00' + b'\x00' * w
    data = b''.join(raw.compress(row) for _ in range(h)) + raw.flush()
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', data) + chunk(b'IEND', b''))
png(10000, 10000, sys.argv[1] + '/bomb.png')
png(1000, 1, sys.argv[1] + '/sliver.png')
PY
TANDEM_SITE_ADDR=127.0.0.1:$PORT TANDEM_BASE_URL=$BASE TANDEM_DATA_DIR=$DIR TANDEM_SITE_ROOT=target/site RUST_LOG=warn \
  target/release/tandem --config Leptos.toml serve >"$W/server.log" 2>&1 &
PID=$!
for i in $(seq 1 300); do curl -sf $BASE/healthz >/dev/null && break; sleep 0.2; done
echo "RSS after start (demo data): $(grep VmRSS /proc/$PID/status)"
J="$W/jar"; rm -f $J
curl -s -c $J -b $J -o /dev/null -H "origin: $BASE" -H 'accept: application/json' --data-urlencode email=grace.okafor@demo.tandem.example --data-urlencode password=tandem-demo-password $BASE/api/sign_in
up() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b $J -H "origin: $BASE" -H 'accept: application/json' -F "photo=@$1;type=image/png" $BASE/account/photo; }
echo "1000x1 sliver (74 B): $(up "$W/sliver.png")"
echo "10000x10000 PNG ($(stat -c %s "$W/bomb.png") B): $(up "$W/bomb.png")"
S=$(date +%s.%N)
for i in $(seq 1 12); do up "$W/bomb.png" & done | sort | uniq -c
E=$(date +%s.%N)
echo "12 bombs at once: $(echo "$E - $S" | bc) s; peak RSS $(grep VmHWM /proc/$PID/status)"
echo "malformed: id=abc -> $(curl -s -o /dev/null -w '%{http_code}' -H "origin: $BASE" -H 'accept: application/json' -d id=abc $BASE/api/city_page)"
python3 - "$PORT" <<'PY'
import socket, sys, time, urllib.request
port=int(sys.argv[1]); socks=[]
for i in range(2000):
    s=socket.socket(); s.connect(('127.0.0.1',port)); socks.append(s)
t=time.time(); code=urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=5).status
print(f"2,000 idle connections open: /healthz {code} in {(time.time()-t)*1000:.0f} ms")
time.sleep(11.5)
closed=0
for s in socks:
    s.setblocking(False)
    try:
        d=s.recv(1)
        if d==b'': closed+=1
    except BlockingIOError: pass
    except OSError: closed+=1
print(f"after 11.5 s (header timeout 10 s): {closed} of 2000 closed by the server")
PY
kill $PID; wait $PID 2>/dev/null; rm -rf "$W"
