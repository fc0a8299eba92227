#!/usr/bin/env bash
# Fuzzes parse → validate → render (fuzz/fuzz_targets/render.rs) with libFuzzer for a
# bounded time, starting from the committed corpus and the samples.
#
#   bench/fuzz.sh [SECONDS]         (default 600)
#
# cargo-fuzz needs nightly features; on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them
# (no sanitizer: `-s none`, the engine has no unsafe code). New interesting inputs are
# merged into fuzz/corpus/render (minimised); a crash leaves its reproducer in
# fuzz/artifacts/render/: copy it to fuzz/regressions/ and `cargo test --release --test engine
# fuzz_corpus::` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp corpus/render/* "$work"/ 2>/dev/null || true
cp ../samples/*.json "$work"/
cargo fuzz build -s none -O render
cargo fuzz run -s none -O render "$work" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -dict=dict.txt -print_final_stats=1 2>&1 | tee "$work/log" | grep -E '^#[0-9]+.*(NEW|DONE|pulse)|stat::|ERROR|panicked' || true
# Keep a minimised corpus: only inputs that add coverage.
mkdir -p corpus/render
cargo fuzz run -s none -O render corpus/render "$work" -- -merge=1 2>/dev/null >/dev/null || true
# The committed corpus keeps the seeds and the inputs up to 4 KB (most of the new coverage
# is in small broken documents); the rest stays local.
find corpus/render -type f ! -name 'seed-*' -size +4096c -delete
echo "corpus: $(ls corpus/render | wc -l) files"
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$work/log" || true
