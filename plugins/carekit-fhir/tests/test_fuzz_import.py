"""Fuzzing ``import_bundle``: carekit's own exports with random parts replaced, removed or
retyped, and random JSON.  Whatever comes in, the import returns findings (bilingual, with a
location, never a CPR number) and never raises; what it does return as records are valid.

CI runs :data:`EXAMPLES` cases (2,000; ``CAREKIT_FHIR_FUZZ_EXAMPLES`` sets another number,
docs/fhir.md records a longer run).
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any

from carekit_fhir import export_bundle, import_bundle
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from records import make_record

from carekit.ehr import ImportResult
from carekit.model import parse_record

EXAMPLES = int(os.environ.get("CAREKIT_FHIR_FUZZ_EXAMPLES", "2000"))

_CITIZEN = make_record("citizen", 0, cpr="010190-1234")
BASES = [
    export_bundle([_CITIZEN, make_record("network_member", 0), make_record("care_network", 0)]),
    export_bundle([_CITIZEN, make_record("dream", 0), make_record("trial_action", 0)]),
    export_bundle([_CITIZEN, make_record("safety_plan", 0)]),
    export_bundle([_CITIZEN, make_record("consent", 0), make_record("learning_story", 0)]),
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["yes", "kvinde", "0101901234", "urn:uuid:x", "#nabo", "Patient/1"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:] or paths))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1] if path else None
        action = draw(st.sampled_from(["replace", "delete", "stringify", "wrap"]))
        if last is None:
            data = draw(json_values)
            break
        if action == "replace":
            parent[last] = draw(json_values)
        elif action == "delete":
            del parent[last]
        elif action == "stringify":
            parent[last] = json.dumps(parent[last])
        else:
            parent[last] = [parent[last]]
    return data


def _check(result: ImportResult) -> None:
    assert isinstance(result, ImportResult)
    event("imported records" if result.records else "no records")
    event("error findings" if not result.ok else "no errors")
    for finding in result.findings:
        assert finding.severity in ("error", "warning", "information")
        assert finding.message.da
        assert finding.message.en
        assert isinstance(finding.location, str)
        assert "0101901234" not in finding.render("da") + finding.render("en")
    for record in result.records:
        assert parse_record(record.model_dump(mode="json")) == record


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(mutated(), json_values))
# found by a 20,000-case run: a CPR number echoed from the input into a finding
@example({"resourceType": "0101901234", "type": "transaction"})
def test_import_never_raises_and_reports_every_problem(data: Any) -> None:
    _check(import_bundle(data if isinstance(data, dict) else json.dumps(data)))
    _check(import_bundle(json.dumps(data)))
