#!/usr/bin/env bash
# Inputs at the edge of the default limits (minplan::workload::hostile): for each, the
# whole `minplan render` process's wall time and peak memory (GNU time), next to the
# in-process figures of the hostile example. Bounds to hold: < 1 s and < 200 MB each.
#
#   bench/hostile.sh            # needs /usr/bin/time (Debian package `time`)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release --quiet --example hostile --bin minplan
echo "== in process (one engine, fonts loaded once)"
target/release/examples/hostile
target/release/examples/hostile --write "$dir" >/dev/null

echo "== whole process: minplan render --audience jobcenter --version current --acknowledgement"
printf '%-24s %9s %12s  %s\n' input "wall s" "peak RSS MB" result
for input in "$dir"/*.json; do
    name=$(basename "$input" .json)
    timeout 60 /usr/bin/time -o "$dir/$name.time" -f '%e %M' target/release/minplan render "$input" \
        --audience jobcenter --version current --acknowledgement -o "$dir/$name.pdf" 2>"$dir/$name.err" || true
    read -r wall rss <<<"$(tail -1 "$dir/$name.time")"
    result=$( [ -s "$dir/$name.pdf" ] && echo "$(stat -c %s "$dir/$name.pdf") bytes" || head -c 120 "$dir/$name.err")
    printf '%-24s %9s %12.1f  %s\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)" "$result"
done
