#!/usr/bin/env bash
# Builds the minplan container image with podman, FROM scratch around a statically linked
# binary (the fonts are compiled into it), then runs it as the cluster would (non-root,
# read-only root filesystem, no capabilities) and renders the sample through it; the PDF
# must be byte-identical to the one the same binary writes outside the container.
#
#   deploy/build-image.sh [TAG]          (default: minplan:<version in Cargo.toml>)
#
# Needs podman and runc (Debian packages, installed when missing). Static linking uses
# glibc's static libraries (-C target-feature=+crt-static on the host target), which the
# installed toolchain supports without another rustup target.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
tag=${1:-minplan:$version}
port=${PORT:-18090}
# The runtime, ulimit and cgroup settings this kind of machine needs (see the file).
export CONTAINERS_CONF=$PWD/deploy/containers.conf

if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman runc >/dev/null
fi

host=$(rustc -vV | sed -n 's/^host: //p')
RUSTFLAGS="-C target-feature=+crt-static" \
  cargo build --release --locked --quiet --bin minplan --target "$host"
bin=target/$host/release/minplan
if readelf -l "$bin" | grep -q INTERP; then
  echo "build-image: $bin is dynamically linked" >&2
  exit 1
fi

context=$(mktemp -d)
cid=
cleanup() {
  [ -z "$cid" ] || podman stop --time 5 "$cid" >/dev/null 2>&1 || true
  rm -rf "$context"
}
trap cleanup EXIT
cp "$bin" "$context/minplan"
podman build --quiet --tag "$tag" --file deploy/Containerfile "$context" >/dev/null
size=$(podman image inspect --format '{{.Size}}' "$tag")
echo "image $tag: $((size / 1024)) KiB ($(stat -c %s "$bin") bytes of binary)"

# Run it as the Deployment does: user 65532, read-only root, no capabilities.
cid=$(podman run --detach --rm --read-only --cap-drop ALL \
  --security-opt no-new-privileges --network host \
  "$tag" serve --listen "127.0.0.1:$port" --log-level warn)
python3 - "$port" "$context" <<'PY'
import sys, time, urllib.request
port, out = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/readyz", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
body = open("samples/integration-contract-full.json", "rb").read()
request = urllib.request.Request(
    base + "/v1/render?audience=citizen&version=current", data=body,
    headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=30) as response:
    pdf = response.read()
    disposition = response.headers["Content-Disposition"]
open(out + "/container.pdf", "wb").write(pdf)
metrics = urllib.request.urlopen(base + "/metrics", timeout=5).read().decode()
ok = 'minplan_renders_total{audience="citizen",version="current",outcome="ok"} 1'
assert ok in metrics, metrics
print(f"rendered through the container: {len(pdf)} bytes, {disposition}")
PY
user=$(podman top "$cid" user | tail -1 | tr -d ' ')
"$bin" render samples/integration-contract-full.json --audience citizen --version current \
  -o "$context/local.pdf"
cmp "$context/container.pdf" "$context/local.pdf"
echo "container user $user; PDF byte-identical to the binary's own render; ok"
