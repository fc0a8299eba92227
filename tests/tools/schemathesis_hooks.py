"""What OpenAPI cannot state, told to schemathesis (loaded by tests/tools/schemathesis.sh).

Two rules of minplan link values that JSON Schema and OpenAPI keep apart:
- `plan_version.acknowledgement.on` must not be before `plan_version.updated_on` (two fields
  of the body; JSON Schema cannot compare them);
- a signature page is printed only for the first, unsigned version of an open integration
  contract, and a kvittering only for a version not yet acknowledged that is not that first
  version (a query parameter and the body; OpenAPI describes them separately).
The service refuses a request that breaks them with 422 and the reason (tests/service/server.rs
checks those refusals). So that schemathesis' "schema-valid data is accepted" check tests
everything else, each *positive* case it generates is brought inside the two rules: the
acknowledgement moved to the update day, a page the plan version does not allow not asked
for. Negative cases are sent as generated.
"""

import schemathesis


def _dict(value):
    return value if isinstance(value, dict) else {}


def _first_unsigned_open(body):
    contract = _dict(body.get("integration"))
    signed = _dict(contract.get("master_data")).get("contract_first_signed_on")
    return contract.get("state") == "open" and signed is None


def _asked(value):
    return value is True or value == "true"


def _no(value):
    """False, written as the generated value was (a string once serialized)."""
    return "false" if isinstance(value, str) else False


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not isinstance(case.body, dict):
        return case
    body = case.body
    version = _dict(body.get("plan_version"))
    ack = version.get("acknowledgement")
    updated = version.get("updated_on")
    if isinstance(ack, dict) and isinstance(ack.get("on"), str) and isinstance(updated, str):
        if ack["on"] < updated:  # YYYY-MM-DD sorts as text
            ack["on"] = updated
    query = case.query
    if isinstance(query, dict):
        first = _first_unsigned_open(body)
        if _asked(query.get("signature")) and not first:
            query["signature"] = _no(query["signature"])
        acknowledged = version.get("acknowledgement") is not None
        if _asked(query.get("acknowledgement")) and (acknowledged or first):
            query["acknowledgement"] = _no(query["acknowledgement"])
    return case
