#!/usr/bin/env bash
# Renders the reference workload (samples/reference-12.json: the shared sample with its
# interventions repeated 4 times, citizen/current, PDF/UA-1 + PDF/A-2a) with minplan and
# with Typst (PyPI package `typst`, same content, fonts and page geometry), in one run on
# this machine, and prints both engines' figures and the ratio.
#
#   bench/compare.sh [RUNS]        (default 30 Typst runs, 300 minplan runs)
#
# Needs: the Rust toolchain, python3 with pip (installs typst==0.15.* if missing),
# pdfinfo (poppler-utils) for page counts.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -c 'import typst' 2>/dev/null ||
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'typst==0.15.*'

echo "building minplan (release)…" >&2
cargo build --release --quiet --bin minplan --example timing
bin=target/release/minplan
input=samples/reference-12.json
target=(--audience citizen --version current)

# The same content for both: what minplan's visibility and compose stages produce.
"$bin" compose "$input" "${target[@]}" >"$work/document.json"

echo "timing Typst ($runs warm runs)…" >&2
typst_line=$(python3 bench/typst_timing.py "$work/document.json" "$work/typst.pdf" "$runs")
echo "timing minplan ($((runs * 10)) warm runs)…" >&2
minplan_line=$(target/release/examples/timing "$((runs * 10))")
"$bin" render "$input" "${target[@]}" -o "$work/minplan.pdf"

# Whole process: start, load fonts, read, render, write; median of 20, and peak memory.
process=$(python3 - "$bin" "$input" "$work/p.pdf" <<'PY'
import resource, statistics, subprocess, sys, time
bin, inp, out = sys.argv[1:4]
cmd = [bin, "render", inp, "--audience", "citizen", "--version", "current", "-o", out]
subprocess.run(cmd, check=True)
times = []
for _ in range(20):
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    times.append((time.perf_counter() - t) * 1000)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{statistics.median(times):.1f} {rss:.1f}")
PY
)

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
field() { sed -E -n "s/(^|.* )$1=([^ ]*).*/\2/p" <<<"$2"; }
typst_ms=$(field median_ms "$typst_line")
minplan_ms=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$minplan_line")
minplan_bytes=$(stat -c %s "$work/minplan.pdf")
typst_bytes=$(stat -c %s "$work/typst.pdf")

echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
printf '%-8s %10s %14s %10s %6s\n' engine "warm ms" "same-input ms" bytes pages
printf '%-8s %10s %14s %10s %6s\n' "typst $(field typst "$typst_line")" "$typst_ms" \
  "$(field same_input_median_ms "$typst_line")" "$typst_bytes" "$(pages "$work/typst.pdf")"
printf '%-8s %10s %14s %10s %6s\n' minplan "$minplan_ms" "$minplan_ms" "$minplan_bytes" \
  "$(pages "$work/minplan.pdf")"
read -r process_ms process_rss <<<"$process"
echo "minplan whole process (minplan render, median of 20): $process_ms ms, peak RSS $process_rss MB"
echo "Typst first compile in a fresh compiler: $(field first_ms "$typst_line") ms"
python3 -c "print(f'ratio (Typst warm / minplan warm): {$typst_ms / $minplan_ms:.1f}x')"
