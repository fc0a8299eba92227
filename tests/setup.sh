#!/usr/bin/env bash
# Installs what the test suite needs when it is missing; quick and silent when all is there.
# The README's test command runs it before `cargo test`, and so does .ci/run. One section
# per tool group: add yours (a check, then the install).
#
#   Debian: poppler-utils (pdftotext, pdftoppm), qpdf          - pdfcheck, inkcheck
#   PyPI:   pikepdf, pdfminer.six, pdfua                         - pdfcheck
#           kubernetes-validate                                  - tests/service/packaging.rs
#           jsonschema (the reference JSON Schema implementation)  - tests/engine/schema.rs
#           page-validation (PDF/A-2a, PDF/UA-1), outloud (PDF/UA-1 and screen-reader
#             semantics)                                         - tests/engine/render.rs, conformance
#   (schemathesis: tests/tools/schemathesis.sh installs it into its own venv)
#
# The PDF tools come from the shared installer beside the repository (../shared/tools, or
# MINPLAN_TOOLS); Python packages go to the `python3` first on PATH, which the tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${MINPLAN_TOOLS:-../shared/tools}

# pip install, as the shared installer does it: --user unless root or in a venv, and past
# Debian's "externally managed" marker (PEP 668).
pip_install() {
  local args=(install --quiet --disable-pip-version-check)
  if [ "$(id -u)" -eq 0 ]; then
    args+=(--root-user-action=ignore)
  elif [ -z "${VIRTUAL_ENV:-}" ]; then
    args+=(--user)
  fi
  local stdlib
  stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
  [ -f "$stdlib/EXTERNALLY-MANAGED" ] && args+=(--break-system-packages)
  python3 -m pip "${args[@]}" "$@"
}

# --- PDF tools: pdfcheck's poppler, qpdf and Python packages ------------------------------
pdf_tools() {
  command -v pdftotext && command -v pdftoppm && command -v qpdf &&
    python3 -c 'import pikepdf, pdfminer, pdfua'
}
if ! pdf_tools >/dev/null 2>&1; then
  if [ ! -f "$tools/install-pdf-tools.sh" ]; then
    echo "setup: $tools/install-pdf-tools.sh not found; the shared tools sit beside the" \
      "repository (../shared/tools) or where MINPLAN_TOOLS says" >&2
    exit 1
  fi
  echo "setup: installing the PDF tools ($tools/install-pdf-tools.sh)"
  # Its last line, `qpdf --version | head -1` under pipefail, can die of SIGPIPE (141)
  # after everything is installed: its exit status is not trusted, the tools are checked.
  bash "$tools/install-pdf-tools.sh" || echo "setup: the installer exited with $?; checking"
  pdf_tools >/dev/null || { echo "setup: the PDF tools are still missing" >&2; exit 1; }
fi

# --- kubernetes-validate: the manifests in deploy/ ----------------------------------------
if ! python3 -c 'import kubernetes_validate' 2>/dev/null; then
  echo "setup: installing kubernetes-validate"
  pip_install "kubernetes-validate==1.37.0"
fi

# --- jsonschema: judges tests/engine/schema.rs's probes against the published schema -------------
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "setup: installing jsonschema"
  pip_install "jsonschema==4.26.0"
fi

# --- page-validation and outloud: tests/tools/conformance.py judges every rendered PDF ----
if ! python3 -c 'import importlib.metadata as m, sys
sys.exit(m.version("page-validation") != "0.11.0" or m.version("outloud") != "0.2.1")' \
  2>/dev/null; then
  echo "setup: installing page-validation and outloud"
  pip_install "page-validation==0.11.0" "outloud==0.2.1"
fi

# --- venv: tests/tools/schemathesis.sh installs schemathesis into its own venv -------------
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  echo "setup: installing python3-venv"
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_=sudo
  $sudo_ apt-get install -y -qq python3-venv >/dev/null ||
    { $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq python3-venv >/dev/null; }
fi
