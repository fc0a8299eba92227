#!/usr/bin/env bash
# schemathesis against `minplan serve`'s own OpenAPI document: every check (`--checks all`:
# no server error, statuses, content types, headers and bodies as documented, schema-valid
# data accepted, schema-invalid data rejected, unsupported methods answered 405 …), all
# phases that apply (examples, coverage, fuzzing). Loopback only, bounded in examples and
# time; exits non-zero on any failure.
#
#   tests/tools/schemathesis.sh [MAX_EXAMPLES] [MAX_SECONDS]      (defaults 100, 600)
#
# Needs a built minplan (MINPLAN_BIN, default target/ci/minplan or target/release/minplan)
# and schemathesis: installed here into target/schemathesis-venv (PyPI) when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
examples=${1:-100}
seconds=${2:-600}
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
bin=${MINPLAN_BIN:-$(ls -t target/ci/minplan target/release/minplan 2>/dev/null | head -1)}
work=$(mktemp -d)   # schemathesis keeps its cache (.schemathesis/) in the working directory
"$bin" serve --listen "127.0.0.1:$port" --log-level warn 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$log" "$work"' EXIT
venv=$PWD/$venv
hooks=$PWD/tests/tools
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
status=0
cd "$work"
# The two rules OpenAPI cannot state (a query parameter and the body, two body fields):
# tests/tools/schemathesis_hooks.py.
export SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH=$hooks
timeout "$((seconds + 60))" "$venv/bin/st" --no-color run "http://127.0.0.1:$port/openapi.json" \
  --checks all --max-examples "$examples" --max-time "$seconds" --seed 20261127 \
  --request-timeout 30 --workers 1 --suppress-health-check=too_slow --phases examples,coverage,fuzzing || status=$?
if grep -q . "$log"; then
  echo "server log (warnings and errors):"; cat "$log"
fi
exit "$status"
