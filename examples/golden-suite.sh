#!/usr/bin/env bash
# A golden-file suite for minplan PDFs, as a case system's test suite would keep one
# (README, "Golden-file tests"). For each plan version and audience it keeps the PDF (the
# exact print) and its `minplan inspect` dump (the page a reviewer reads).
#
#   examples/golden-suite.sh record DIR   # render and keep the golden files
#   examples/golden-suite.sh check DIR    # render again and compare; exit 1 on a change
#
# MINPLAN names the binary (default: minplan on PATH). Run from the repository root.
set -euo pipefail
minplan=${MINPLAN:-minplan}
mode=${1:?record or check}
dir=${2:?a directory for the golden files}
mkdir -p "$dir"
changed=0
for input in samples/integration-contract-full.json samples/first-contract.json; do
  for audience in citizen jobcenter akasse; do
    name=$(basename "$input" .json)-$audience-current
    "$minplan" render "$input" --audience "$audience" --version current -o "$dir/$name.new.pdf"
    if [ "$mode" = record ]; then
      mv "$dir/$name.new.pdf" "$dir/$name.pdf"
      "$minplan" inspect "$dir/$name.pdf" -o "$dir/$name.txt"
      continue
    fi
    status=0
    "$minplan" diff "$dir/$name.pdf" "$dir/$name.new.pdf" > "$dir/$name.diff" || status=$?
    case $status in
      0) rm "$dir/$name.new.pdf" "$dir/$name.diff" ;;
      1) echo "$name: $(head -n 1 "$dir/$name.diff") (see $dir/$name.diff)"; changed=1 ;;
      *) exit "$status" ;;
    esac
  done
done
if [ "$mode" = check ] && [ "$changed" = 0 ]; then echo "all golden files identical"; fi
exit "$changed"
