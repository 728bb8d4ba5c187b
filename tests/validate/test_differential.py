"""Differential test: carekit's verdict against two JSON Schema 2020-12 validators nobody here
wrote, ajv 8 (strict, ajv-formats) and @hyperjump/json-schema (format assertion on), on a
generated and mutated corpus of every kind, through the per-kind files and the bundle.

The one documented exception: a repeated member name in one object.  RFC 8259 says names
SHOULD be unique and leaves a repeat to the reader; JavaScript's ``JSON.parse`` (which both
validators are given) keeps the last value and so never sees the repeat, while carekit refuses
the record with a ``duplicate-key`` error (``test_a_repeated_member_name_is_the_documented_
exception``).  The corpus itself is written by ``json.dumps`` and has no repeats.

Needs node and ``tests/validate/js/node_modules`` (``bash .ci/install-js-validators.sh``).
Without them the test skips, unless ``CAREKIT_REQUIRE_NODE=1`` (CI): then it fails.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest

from carekit.model import kinds
from carekit.schema import (
    ANNOTATION_KEYWORDS,
    BUNDLE_FILE,
    DIALECT,
    JSON_SCHEMA_2020_12,
    published_dir,
    schema_file_name,
)
from carekit.validate import sample_record
from carekit.validate._check import check_task
from carekit.validate._reader import Task
from carekit.validate._spec import is_uuid

from .test_reference_equality import TRICKY_VALUES, get, paths
from .test_spec import FORMAT_CASES

JS = Path(__file__).resolve().parent / "js"
SCRIPT = JS / "validate.mjs"
CORPUS_SIZE = 4000


def _node() -> str:
    node = shutil.which("node")
    missing = (
        "node is not installed"
        if node is None
        else "tests/validate/js/node_modules is missing (run bash .ci/install-js-validators.sh)"
        if not (JS / "node_modules" / "ajv").is_dir()
        or not (JS / "node_modules" / "@hyperjump" / "json-schema").is_dir()
        else None
    )
    if missing is not None:
        if os.environ.get("CAREKIT_REQUIRE_NODE") == "1":
            pytest.fail(missing + "; CAREKIT_REQUIRE_NODE=1 makes this a failure.", pytrace=False)
        pytest.skip(missing)
    assert node is not None
    return node


def _format_strings() -> list[str]:
    return [c[1] for cases in FORMAT_CASES.values() for c in cases if isinstance(c[1], str)]


def corpus(size: int = CORPUS_SIZE, seed: int = 21) -> list[tuple[str, dict[str, Any]]]:
    """Seeded: sample records of every kind (minimal and full), each with 0-3 mutations: a
    value replaced by a tricky value, a suite format string or another field's value; a field
    deleted; an unknown key added."""
    rng = random.Random(seed)
    values: list[Any] = [*TRICKY_VALUES, *_format_strings(), "dk.acme\n", "1.0\n"]
    out = []
    for n in range(size):
        kind = kinds()[n % len(kinds())]
        record = sample_record(kind, seed=rng.randrange(10_000), full=rng.random() < 0.5)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            record = copy.deepcopy(record)
            path = rng.choice(paths(record))
            target = get(record, path)
            operation = rng.choice(("replace", "replace", "delete", "extra"))
            if operation == "delete" and path:
                del get(record, path[:-1])[path[-1]]
            elif operation == "extra" and isinstance(target, dict):
                target[rng.choice(("extra", "dk.vendor", "dk.vendor\n", "Kind"))] = {}
            elif path:
                get(record, path[:-1])[path[-1]] = rng.choice(values)
        out.append((kind, record))
    return out


def carekit_verdicts(records: list[dict[str, Any]]) -> list[bool]:
    """``carekit validate``'s verdict per record (one NDJSON task, the hot loop)."""
    data = b"".join(orjson.dumps(record) + b"\n" for record in records)
    result = check_task(Task("corpus.ndjson", "lines", data=data))
    rejected = {f.line for f in result.findings if f.severity == "error"}
    return [line not in rejected for line in range(1, len(records) + 1)]


def js_verdicts(
    node: str, cases: list[tuple[str, Any]], *, as_text: bool = False, schemas: Path | None = None
) -> list[dict[str, bool]]:
    """The verdicts of ajv and hyperjump; *as_text*: each instance is JSON text (``bytes``)
    that the script reads with ``JSON.parse``; *schemas*: another schema folder."""
    key = "text" if as_text else "instance"
    lines = "".join(
        json.dumps({"schema": s, key: i.decode() if as_text else i}) + "\n" for s, i in cases
    )
    done = subprocess.run(
        [node, str(SCRIPT), str(schemas or published_dir())],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


#: ajv-formats' full ``date-time`` (node_modules/ajv-formats/dist/formats.js: ``TIME`` and
#: ``DATE_TIME_SEPARATOR``): a space for ``T``, and an offset without its colon or minutes
_AJV_DATE_TIME = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt\s]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d(?::?\d\d)?)$"
)
_RFC3339_DATE_TIME = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)$"
)


def ajv_lenient(value: object) -> bool:
    """Where ajv 8 + ajv-formats 3 is lenient (node_modules/ajv-formats/dist/formats.js):
    its ``uuid`` is ``/^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i``, so it
    also accepts the ``urn:uuid:`` URN; its ``date-time`` takes a space for ``T`` and an
    offset such as ``+0200`` or ``+02``.  Neither the formats (RFC 4122, RFC 3339) nor the
    official test suite allow these.  A record ajv decides differently must hold such a
    value; nothing else may differ."""
    if not isinstance(value, str):
        return False
    if value.startswith("urn:uuid:") and is_uuid(value[9:]):
        return True
    return bool(_AJV_DATE_TIME.match(value)) and not _RFC3339_DATE_TIME.match(value)


def _strings(value: Any) -> list[Any]:
    return [get(value, path) for path in paths(value)]


def test_all_published_schemas_load_into_one_strict_ajv_and_into_hyperjump() -> None:
    node = _node()
    done = subprocess.run(
        [node, str(SCRIPT), str(published_dir())],
        input="",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a single strict-mode warning
    loaded = json.loads(done.stdout)["loaded"]
    assert loaded[0] == DIALECT  # carekit's dialect first, as a meta-schema
    assert len(loaded) == len(kinds()) + 2
    assert len(set(loaded)) == len(loaded)


def test_hyperjump_asserts_formats_because_of_the_dialect_alone(tmp_path: Path) -> None:
    """validate.mjs never switches format validation on: the dialect's ``$vocabulary``
    (format-assertion) does.  With the standard 2020-12 meta-schema instead, hyperjump at its
    defaults lets an impossible date-time through (ajv asserts formats whenever ajv-formats
    is added)."""
    node = _node()
    bad = {**sample_record("citizen", seed=2), "created_at": "2026-02-30T10:00:00+01:00"}
    assert carekit_verdicts([bad]) == [False]
    name = schema_file_name("citizen")
    (verdict,) = js_verdicts(node, [(name, bad)])
    assert verdict == {"ajv": False, "hyperjump": False}
    standard = tmp_path / "schemas"
    shutil.copytree(published_dir(), standard)
    schema = json.loads((standard / name).read_text(encoding="utf-8"))
    (standard / name).write_text(json.dumps(schema | {"$schema": JSON_SCHEMA_2020_12}))
    (verdict,) = js_verdicts(node, [(name, bad)], schemas=standard)
    assert verdict == {"ajv": False, "hyperjump": True}


def test_carekit_agrees_with_hyperjump_and_with_ajv_except_where_ajv_is_lenient() -> None:
    node = _node()
    cases = corpus()
    records = [record for _, record in cases]
    ours = carekit_verdicts(records)
    # every record through its kind's file, and through the bundle
    theirs_kind = js_verdicts(node, [(schema_file_name(kind), r) for kind, r in cases])
    theirs_bundle = js_verdicts(node, [(BUNDLE_FILE, r) for _, r in cases])
    assert len(theirs_kind) == len(theirs_bundle) == len(cases)
    valid = sum(ours)
    assert 0.2 * len(cases) < valid < 0.8 * len(cases)  # the corpus has both verdicts
    hyperjump, ajv = [], []
    for (kind, record), verdict, by_kind, by_bundle in zip(
        cases, ours, theirs_kind, theirs_bundle, strict=True
    ):
        expected_by_kind = verdict and record.get("kind") == kind
        if by_kind["hyperjump"] != expected_by_kind or by_bundle["hyperjump"] != verdict:
            hyperjump.append(record)
        if by_kind["ajv"] != expected_by_kind or by_bundle["ajv"] != verdict:
            ajv.append(record)
    assert hyperjump == []
    unexplained = [r for r in ajv if not any(ajv_lenient(v) for v in _strings(r))]
    assert unexplained == []
    assert ajv  # the corpus does try ajv's leniency (else the exception would be untested)


def test_a_repeated_member_name_is_the_documented_exception() -> None:
    """Valid records with one member repeated (same or another valid value, top level and
    nested): ajv and hyperjump, behind ``JSON.parse``, call them valid; carekit reports each
    with exactly one ``duplicate-key`` error and nothing else."""
    node = _node()
    texts = []
    for n, kind in enumerate(kinds()):
        record = sample_record(kind, seed=n)
        raw = orjson.dumps(record)
        texts.append(raw[:-1] + b',"kind":' + orjson.dumps(kind) + b"}")
        actor = orjson.dumps(record["actor"])
        texts.append(raw.replace(actor, actor[:-1] + b',"kind":"system"}', 1))
    theirs = js_verdicts(node, [(BUNDLE_FILE, text) for text in texts], as_text=True)
    assert all(v == {"ajv": True, "hyperjump": True} for v in theirs)
    result = check_task(Task("repeats.ndjson", "lines", data=b"\n".join(texts) + b"\n"))
    assert [(f.line, f.keyword) for f in result.findings] == [
        (line, "duplicate-key") for line in range(1, len(texts) + 1)
    ]


DOCS = Path(__file__).resolve().parents[2] / "docs" / "validate.md"


def _docs_snippets() -> list[str]:
    section = DOCS.read_text(encoding="utf-8").split("## Validate without Python", 1)[1]
    return re.findall(r"```js\n(.*?)```", section, flags=re.DOTALL)


def test_the_documented_ajv_and_hyperjump_commands_run_and_find_exactly_the_invalid_records(
    tmp_path: Path,
) -> None:
    node = _node()
    snippets = _docs_snippets()
    assert len(snippets) == 2
    good = [sample_record(kind, seed=5) for kind in kinds()]
    bad = [
        {**sample_record("citizen", seed=1), "id": "urn:uuid:" + sample_record("citizen")["id"]},
        {**sample_record("citizen", seed=2), "created_at": "2026-02-30T10:00:00+01:00"},
        {**sample_record("dream", seed=3), "schema_version": "1.0\n"},
        {**sample_record("citizen", seed=4), "updated_at": "2016-12-31T23:59:60Z"},
    ]
    (tmp_path / "export.ndjson").write_text(
        "".join(json.dumps(r) + "\n" for r in [*good, *bad]), encoding="utf-8"
    )
    (tmp_path / "schemas").symlink_to(published_dir())
    (tmp_path / "node_modules").symlink_to(JS / "node_modules")
    (tmp_path / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    printed = []
    for n, snippet in enumerate(snippets):
        script = tmp_path / f"snippet{n}.mjs"
        script.write_text(snippet, encoding="utf-8")
        done = subprocess.run(
            [node, str(script)],
            check=False,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        printed.append(done.stdout.splitlines())
    ajv, hyperjump = printed
    assert len(hyperjump) == len(bad)  # every bad record, nothing else
    assert len(ajv) == len(bad) - 1  # all but the urn:uuid: id (ajv-formats is lenient there)


def _x_keywords(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("x-"):
                found.add(key)
            else:
                found |= _x_keywords(value)
    elif isinstance(node, list):
        for item in node:
            found |= _x_keywords(item)
    return found


def test_the_docs_declare_every_annotation_keyword_the_schemas_use() -> None:
    """Strict ajv needs every ``x-`` keyword declared: the documented list is complete."""
    used: set[str] = set()
    for name in (*[schema_file_name(kind) for kind in kinds()], BUNDLE_FILE):
        used |= _x_keywords(json.loads((published_dir() / name).read_text(encoding="utf-8")))
    section = DOCS.read_text(encoding="utf-8").split("## Validate without Python", 1)[1]
    declared = re.findall(r"ajv\.addVocabulary\(\[(.*?)\]\)", section, flags=re.DOTALL)
    assert len(declared) == 2  # in the text and in the ajv snippet
    for listed in declared:
        assert set(re.findall(r'"(x-[A-Za-z]+)"', listed)) == used


def test_the_dialect_declares_every_annotation_keyword_the_schemas_use() -> None:
    used: set[str] = set()
    for name in (*[schema_file_name(kind) for kind in kinds()], BUNDLE_FILE):
        used |= _x_keywords(json.loads((published_dir() / name).read_text(encoding="utf-8")))
    assert used == set(ANNOTATION_KEYWORDS)
