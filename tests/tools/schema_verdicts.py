#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (2020-12) with the reference
implementation, `jsonschema` (PyPI), formats checked.

    schema_verdicts.py SCHEMA.json < DOCS.ndjson      # prints 1 (valid) or 0 per line

Used by tests/engine/schema.rs, which compares these verdicts with minplan's validator.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
out = []
for line in sys.stdin:
    if line.strip():
        out.append("1" if validator.is_valid(json.loads(line)) else "0")
print("\n".join(out))
