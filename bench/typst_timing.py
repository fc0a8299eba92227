#!/usr/bin/env python3
"""Times Typst (PyPI package `typst`) setting a composed minplan document, warm, in-process.

Usage: typst_timing.py DOCUMENT.json OUT.pdf [RUNS]

Typst memoises (comemo): recompiling a document it has just compiled reuses almost all of
the previous layout. The portal renders a different citizen's plan per request, so each
timed run changes every text of the document (a run-specific suffix on every string),
which leaves Typst only what it can reuse across genuinely different documents (shaped
words, fonts). The identical-input time is printed too, for reference. Output: one line of
key=value.
"""
import json
from importlib import metadata
import statistics
import sys
import time
from pathlib import Path

import typst

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    doc_path, out_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    doc = json.loads(Path(doc_path).read_text(encoding="utf-8"))
    base = json.dumps(doc, ensure_ascii=False)

    def variant(i: int) -> str:
        def mark(value):
            if isinstance(value, str):
                return f"{value} {i}" if value else value
            if isinstance(value, list):
                return [mark(v) for v in value]
            if isinstance(value, dict):
                keep = ("kind", "level", "emphasis", "in_toc", "columns")
                return {k: (v if k in keep else mark(v)) for k, v in value.items()}
            return value

        changed = dict(doc, blocks=mark(doc["blocks"]))
        return json.dumps(changed, ensure_ascii=False)

    compiler = typst.Compiler(
        str(ROOT / "bench/typst/plan.typ"),
        root=str(ROOT),
        font_paths=[str(ROOT / "fonts")],
        ignore_system_fonts=True,
        sys_inputs={"document": base},
    )
    standards = ["a-2a", "ua-1"]
    t = time.perf_counter()
    pdf = compiler.compile(format="pdf", pdf_standards=standards, timestamp=0)
    first = (time.perf_counter() - t) * 1000
    Path(out_path).write_bytes(pdf)

    changed = []
    for i in range(runs):
        inputs = {"document": variant(i)}
        t = time.perf_counter()
        compiler.compile(format="pdf", pdf_standards=standards, timestamp=0, sys_inputs=inputs)
        changed.append((time.perf_counter() - t) * 1000)
    same = []
    for _ in range(runs):
        t = time.perf_counter()
        compiler.compile(format="pdf", pdf_standards=standards, timestamp=0, sys_inputs=inputs)
        same.append((time.perf_counter() - t) * 1000)
    print(
        f"typst={metadata.version('typst')} "
        f"first_ms={first:.1f} median_ms={statistics.median(changed):.2f} "
        f"same_input_median_ms={statistics.median(same):.2f} bytes={len(pdf)} runs={runs}"
    )


if __name__ == "__main__":
    main()
