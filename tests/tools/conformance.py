#!/usr/bin/env python3
"""conformance: judge PDFs with checkers minplan did not write, one process for many files.

Usage:
  conformance.py page PATH...      page-validation: PDF/A-2a (profile "2a") and PDF/UA-1 ("ua1")
  conformance.py outloud PATH...   outloud: PDF/UA-1 and the screen-reader semantics behind it
  conformance.py read FILE         the text of each paragraph and cell (P, TD, LBody) in
                                   structure order, as a screen reader gets it, a Link's
                                   content in [brackets]; one element a line

PATH is a PDF or a directory (its *.pdf, sorted). Prints one JSON object:
  {"checker", "version", "files": {name: {"failures": [...], "rules": {...}}},
   "summary": {"files", "failed_files", "failures", "rules": {...}}}
where a failure is "RULE: message" and, for page-validation, `rules` holds per profile
{"total", "passed", "failed"}; for outloud, the count of rules by outcome.

What counts as a failure, so nothing is passed over without a word:
  page-validation: every failed rule of either profile; a file it cannot read (an exception).
  outloud: every finding at error or warning level; a rule that crashed; a file it cannot
           read. Findings at info level and the rules outloud reports as not implemented
           are listed in the summary, not failures. One finding is waived, and listed as
           such: TAG-002 ("prose marked as an artifact") on a page where every line it
           flags is a running head (see only_running_heads); PAG-001 ("running header
           tagged as content") when every line in its bands is inside the type area (see
           content_inside_type_area).
Exit status: 0 when no file fails, 1 when one does, 2 when the checker is not installed
(run tests/setup.sh) or the usage is wrong.
"""
import json
import sys
from pathlib import Path

PROFILES = ("2a", "ua1")


def pdfs(paths):
    out = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.pdf")) if p.is_dir() else [p])
    return out


def check_page(files):
    try:
        import page
    except ImportError as e:
        sys.exit(f"conformance: page-validation is not installed ({e}); run tests/setup.sh")
    report = {}
    for path in files:
        failures, rules = [], {}
        for profile in PROFILES:
            try:
                r = page.validate_pdf(str(path), profile=profile)
            except Exception as e:  # noqa: BLE001 - an unreadable file is a failure
                failures.append(f"{profile}: crashed: {type(e).__name__}: {e}"[:300])
                continue
            counts = r.rules
            rules[profile] = {
                "total": counts.total,
                "passed": counts.passed,
                "failed": counts.failed,
            }
            failures += [f"{profile} {f.rule_id}: {f.message}" for f in r.failures]
            if not r.is_compliant and not r.failures:
                failures.append(f"{profile}: not compliant, no failure named")
        report[path.name] = {"failures": failures, "rules": rules}
    return page.__version__, report


def check_outloud(files):
    try:
        import outloud
    except ImportError as e:
        sys.exit(f"conformance: outloud is not installed ({e}); run tests/setup.sh")
    report = {}
    for path in files:
        r = outloud.check(str(path))
        failures = []
        if r.error:
            failures.append(f"unreadable: {r.error}")
        for f in r.sorted_findings():
            if f.severity in ("error", "warning"):
                where = f" (page {f.page})" if f.page else ""
                failures.append(f"{f.rule}: {f.message}{where}")
        outcomes = {}
        for run in r.runs:
            if run.status == "crashed":
                failures.append(f"{run.rule}: crashed: {run.reason}")
            key = run.outcome if run.status != "not-implemented" else "not-implemented"
            outcomes[key] = outcomes.get(key, 0) + 1
        infos = [f"{f.rule}: {f.message}" for f in r.findings if f.severity == "info"]
        waived = []
        tag002 = [f for f in r.findings if f.rule == "TAG-002"]
        if tag002:
            heads = only_running_heads(path, {f.page for f in tag002})
            for f in tag002:
                if f.page in heads:
                    line = f"TAG-002: {f.message} (page {f.page})"
                    failures.remove(line)
                    waived.append(f"{line}: a running head [{f.evidence}]")
        pag001 = [
            f for f in r.findings if f.rule == "PAG-001" and "running header or footer" in f.message
        ]
        if pag001 and content_inside_type_area(path):
            for f in pag001:
                line = f"PAG-001: {f.message} (page {f.page})"
                failures.remove(line)
                waived.append(f"{line}: content inside the type area [{f.evidence}]")
        report[path.name] = {
            "failures": failures,
            "rules": outcomes,
            "info": infos,
            "waived": waived,
        }
    return outloud.__version__, report


def content_inside_type_area(path):
    """Whether every tagged line in PAG-001's page bands (the top and bottom 12 % of a page)
    lies inside the type area: below every running head and above every footer, which
    minplan draws as artifacts in the margins.

    PAG-001 takes a content line for a running head when the same text sits in those
    bands on three pages; a plan whose agreements end with the same contact address can
    put one at the top of three pages. Such a line is content, where it stands. The
    waiver needs the document's own heads and footers to measure the type area by; a
    document without them is not waived.
    """
    from outloud.model import Document

    doc = Document(str(path))
    try:
        # The running head is a page's topmost artifact line, the footer its lowest (a
        # repeated "(fortsat)" title below the head is an artifact too, inside the area).
        head, foot = None, None
        for i, page in enumerate(doc.pages):
            h = page.height or 792.0
            artifacts = [ln.bbox for ln in doc.content(i).lines if ln.artifact_share >= 0.8]
            tops = [b[1] for b in artifacts if b[1] >= 0.88 * h]
            bottoms = [b[3] for b in artifacts if b[3] <= 0.12 * h]
            if tops:
                head = max(tops) if head is None else min(head, max(tops))
            if bottoms:
                foot = min(bottoms) if foot is None else max(foot, min(bottoms))
        if head is None or foot is None:
            return False
        for i, page in enumerate(doc.pages):
            h = page.height or 792.0
            for ln in doc.content(i).lines:
                if ln.tagged_share < 0.8:
                    continue
                y0, y1 = ln.bbox[1], ln.bbox[3]
                in_band = y0 >= 0.88 * h or y1 <= 0.12 * h
                if in_band and not (y1 < head and y0 > foot):
                    return False
        return True
    finally:
        doc.close()


def only_running_heads(path, pages):
    """Of `pages` (numbers from 1), those where every line outloud's TAG-002 calls artifacted
    prose is a running head: an artifact line that recurs on every page but the first.

    TAG-002 exempts lines on all pages of a short file, or on three pages of a long one
    ("furniture"); a running head that starts on page 2, as minplan's does (page 1 has
    the title block with the same facts as content), is then reported in files of two to
    five pages. The same test with this one more kind of furniture, else TAG-002's own.
    """
    from outloud.model import Document
    from outloud.rules import tagging

    doc = Document(str(path))
    try:
        n = len(doc.pages)
        artifact_lines = [
            {tagging.line_key(ln.text) for ln in doc.content(i).lines if ln.artifact_share >= 0.8}
            for i in range(n)
        ]
        heads = set.intersection(*artifact_lines[1:]) if n >= 2 else set()
        furniture = tagging.furniture_keys(doc) | heads
        out = set()
        for number in pages:
            prose = [
                ln.text
                for ln in doc.content(number - 1).lines
                if ln.artifact_share >= 0.8
                and tagging.line_key(ln.text) not in furniture
                and not tagging._NUMBERISH.match(ln.text)
                and len(tagging.words(ln.text)) >= 8
                and sum(1 for w in tagging.words(ln.text) if w[:1].islower()) >= 4
            ]
            if not prose:
                out.add(number)
        return out
    finally:
        doc.close()


def read(path):
    """Prints P, TD and LBody elements' text in structure order (marked content by outloud's
    content walker), a Link element's content in brackets."""
    try:
        import pikepdf
        from outloud.model import Document
    except ImportError as e:
        sys.exit(f"conformance: outloud is not installed ({e}); run tests/setup.sh")
    doc = Document(str(path))
    pdf = pikepdf.open(str(path))
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}

    def text(node, page):
        if isinstance(node, pikepdf.Array):
            return "".join(text(k, page) for k in node)
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/Type") == "/OBJR":
                return ""
            pg = node.get("/Pg")
            page = pages.get(pg.objgen, page) if pg is not None else page
            if node.get("/Type") == "/MCR":
                return doc.content(page).mcid_text.get((None, int(node.MCID)), "")
            inner = text(node.get("/K", pikepdf.Array()), page)
            return f"[{inner}]" if node.get("/S") == "/Link" else inner
        return doc.content(page).mcid_text.get((None, int(node)), "")

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for k in node:
                walk(k)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if str(node.S) in ("/P", "/TD", "/LBody"):
                print(" ".join(text(node, 0).split()))
            else:
                walk(node.get("/K", pikepdf.Array()))

    walk(pdf.Root.StructTreeRoot.K)
    doc.close()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "read":
        return read(sys.argv[2])
    if len(sys.argv) < 3 or sys.argv[1] not in ("page", "outloud"):
        sys.exit(__doc__)
    checker = sys.argv[1]
    files = pdfs(sys.argv[2:])
    version, report = (check_page if checker == "page" else check_outloud)(files)
    summary = {
        "files": len(report),
        "failed_files": sum(1 for r in report.values() if r["failures"]),
        "failures": sum(len(r["failures"]) for r in report.values()),
        "rules": {},
    }
    for r in report.values():
        for key, value in r["rules"].items():
            if isinstance(value, dict):  # page-validation: per profile, min passed of total
                s = summary["rules"].setdefault(key, {"total": value["total"], "passed": value["passed"]})
                s["total"] = max(s["total"], value["total"])
                s["passed"] = min(s["passed"], value["passed"])
            else:  # outloud: outcome -> min and max per file (absent: 0)
                values = [other["rules"].get(key, 0) for other in report.values()]
                summary["rules"][key] = [min(values), max(values)]
    summary["info"] = sorted({i for r in report.values() for i in r.get("info", [])})
    summary["waived"] = sum(len(r.get("waived", [])) for r in report.values())
    name = "page-validation" if checker == "page" else "outloud"
    json.dump({"checker": name, "version": version, "files": report, "summary": summary},
              sys.stdout, indent=1, ensure_ascii=False)
    print()
    sys.exit(1 if summary["failed_files"] else 0)


if __name__ == "__main__":
    main()
