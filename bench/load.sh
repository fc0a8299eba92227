#!/usr/bin/env bash
# Load test of `minplan serve` on loopback with oha: the reference document
# (samples/reference-12.json, 9 pages, citizen/current) POSTed to /v1/render.
#
#   bench/load.sh [REQUESTS] [MEMORY_REQUESTS]     (defaults 20000 and 100000)
#
# 1. warm-up (1,000 requests); 2. throughput: REQUESTS as fast as 8 connections go;
# 3. latency at half that rate for 30 s; 4. memory: the server's RSS after warm-up and
# after MEMORY_REQUESTS more (0 skips it). Every run must have zero failed requests.
# Extra server options go in SERVE_ARGS (e.g. SERVE_ARGS="--concurrency 4").
# Needs oha (installed with `cargo install oha --locked` if missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
memory_requests=${2:-100000}
port=${PORT:-18080}
url="http://127.0.0.1:$port/v1/render?audience=citizen&version=current"

command -v oha >/dev/null || cargo install oha --locked
cargo build --release --quiet --bin minplan
# shellcheck disable=SC2086
target/release/minplan serve --listen "127.0.0.1:$port" --log-level warn ${SERVE_ARGS:-} &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz')" \
    2>/dev/null && break
  sleep 0.1
done

work=$(mktemp -d)
load() { # OUT.json, then oha options
  local out=$1
  shift
  oha --no-tui --output-format json -c 8 -m POST -T application/json \
    -D samples/reference-12.json "$@" "$url" >"$out"
}
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
report() { # LABEL FILE
  python3 - "$1" "$2" <<'PY'
import json, sys
label, path = sys.argv[1:3]
r = json.load(open(path))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
failed = sum(n for c, n in codes.items() if c != "200") + sum(r.get("errorDistribution", {}).values())
print(f"{label:<28} {sum(codes.values()):>7} req  {s['requestsPerSec']:7.1f} req/s  "
      f"p50 {p['p50'] * 1000:6.1f} ms  p99 {p['p99'] * 1000:6.1f} ms  failed {failed}")
PY
}
rate() { python3 -c "import json; print(json.load(open('$1'))['summary']['requestsPerSec'])"; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
load "$work/warm.json" -n 1000
report "warm-up" "$work/warm.json"
rss_warm=$(rss)
load "$work/max.json" -n "$requests"
report "throughput (8 connections)" "$work/max.json"
half=$(python3 -c "print(max(1, int($(rate "$work/max.json") / 2)))")
load "$work/half.json" -q "$half" -z 30s -w
report "at half rate ($half/s, 30 s)" "$work/half.json"
if [ "$memory_requests" -gt 0 ]; then
  load "$work/memory.json" -n "$memory_requests"
  report "memory run" "$work/memory.json"
  echo "server RSS: $((rss_warm / 1024)) MB after warm-up, $(($(rss) / 1024)) MB after $memory_requests more requests"
fi
rm -rf "$work"
