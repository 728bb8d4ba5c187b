"""carekit's verdicts are JSON Schema 2020-12's: the official JSON-Schema-Test-Suite's cases for
every format and pattern feature the published schemas use, through the format functions, the
validators of ``carekit validate`` (fast and exact), python-jsonschema made exact, whole records
checked by ``carekit validate`` and ``parse_record``; plus property tests of the translations."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.errors import RecordValidationError, UnknownKindError
from carekit.model import kinds, parse_record
from carekit.schema import MODEL_LIMITS, published_schema, published_schemas
from carekit.validate import sample_record
from carekit.validate._check import _details, check_task
from carekit.validate._reader import Task
from carekit.validate._schemas import KindValidators
from carekit.validate._spec import (
    ECMA_WHITESPACE,
    FORMATS,
    UntranslatablePatternError,
    is_date,
    is_date_time,
    is_uuid,
    spec_validator,
    translate_pattern,
)

SUITE = Path(__file__).resolve().parents[3] / "shared" / "json-schema-test-suite"
SUITE_2020 = SUITE / "tests" / "draft2020-12"
if not SUITE_2020.is_dir():  # a checkout elsewhere: the suite may sit beside it
    SUITE_2020 = Path("/work/shared/json-schema-test-suite/tests/draft2020-12")

#: the carekit field of each format: (kind, field)
FORMAT_FIELDS = {"uuid": ("citizen", "id"), "date-time": ("citizen", "created_at"),
                 "date": ("dream", "noticed_on")}  # fmt: skip


def _cases(relative: str) -> list[tuple[dict[str, Any], Any, bool, str]]:
    path = SUITE_2020 / relative
    if not path.is_file():
        pytest.fail(f"the JSON-Schema-Test-Suite is missing: {path}")
    return [
        (
            group["schema"],
            test["data"],
            test["valid"],
            f"{group['description']}: {test['description']}",
        )
        for group in json.loads(path.read_text(encoding="utf-8"))
        for test in group["tests"]
    ]


FORMAT_CASES = {name: _cases(f"optional/format/{name}.json") for name in FORMATS}
REGEX_CASES = _cases("optional/ecmascript-regex.json")


def _suite_id(case: tuple[Any, ...]) -> str:
    return str(case[3])[:70]


def _carekit_verdict(validators: KindValidators, data: Any) -> bool:
    """The verdict of ``carekit validate``'s validators: fast, and detailed by the exact ones."""
    verdict = validators.is_valid(data)
    assert verdict == (not _details(validators, data))
    return verdict


# -- the suite: formats ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_suite_runs_every_case_of_the_formats_carekit_uses(name: str) -> None:
    cases = FORMAT_CASES[name]
    counts = Counter(valid for _, _, valid, _ in cases)
    # uuid 28, date 81, date-time 33 in the suite this was written against: all of them run
    assert len(cases) >= 28
    assert counts[True]
    assert counts[False]


@pytest.mark.parametrize(
    ("name", "case"),
    [(name, case) for name, cases in FORMAT_CASES.items() for case in cases],
    ids=lambda v: v if isinstance(v, str) else _suite_id(v),
)
def test_format_suite_case(name: str, case: tuple[dict[str, Any], Any, bool, str]) -> None:
    schema, data, valid, _ = case
    if isinstance(data, str):
        assert FORMATS[name](data) == valid
    assert spec_validator(schema).is_valid(data) == valid
    assert _carekit_verdict(KindValidators("suite", schema), data) == valid


def _held_by_the_model(name: str, value: str) -> bool:
    """Whether a format-valid *value* is inside what the published schema allows beside the
    format (:data:`MODEL_LIMITS`: no year 0000, no leap second)."""
    limit = MODEL_LIMITS.get(name)
    return (
        limit is None or re.search(translate_pattern(limit["pattern"], "python"), value) is not None
    )


def _record_with(name: str, value: Any) -> tuple[str, dict[str, Any]]:
    kind, field = FORMAT_FIELDS[name]
    record = sample_record(kind, seed=3)
    record[field] = value
    return kind, record


def _validate_verdict(record: dict[str, Any]) -> bool:
    task = Task("t.ndjson", "lines", data=orjson.dumps(record) + b"\n")
    result = check_task(task)
    return not [f for f in result.findings if f.severity == "error"]


def _parse_verdict(record: dict[str, Any]) -> bool:
    try:
        parse_record(orjson.dumps(record))
    except (RecordValidationError, UnknownKindError):  # a kind that is not one: not valid
        return False
    return True


@pytest.mark.parametrize(
    ("name", "case"),
    [(n, c) for n, cases in FORMAT_CASES.items() for c in cases if isinstance(c[1], str)],
    ids=lambda v: v if isinstance(v, str) else _suite_id(v),
)
def test_format_suite_case_in_a_record(
    name: str, case: tuple[dict[str, Any], Any, bool, str]
) -> None:
    """In a record, a value is valid when the format allows it and the model can hold it; the
    published schema says so itself, so carekit validate, parse_record and python-jsonschema
    made exact all agree."""
    _, value, valid, _ = case
    kind, record = _record_with(name, value)
    expected = valid and _held_by_the_model(name, value)
    assert spec_validator(published_schema(kind)).is_valid(record) == expected
    assert _validate_verdict(record) == expected
    assert _parse_verdict(record) == expected


def test_leap_seconds_and_year_zero_are_valid_formats_but_not_valid_records() -> None:
    assert is_date_time("2016-12-31T23:59:60Z")
    assert is_date_time("2017-01-01T00:59:60+01:00")
    assert not is_date_time("2016-12-31T23:59:60+01:00")  # 22:59:60 UTC
    assert is_date("0000-02-29")
    assert is_date_time("0000-01-01T00:00:00Z")
    for value in ("2016-12-31T23:59:60Z", "0000-01-01T00:00:00Z"):
        _, record = _record_with("date-time", value)
        assert not _validate_verdict(record)
        assert not _parse_verdict(record)


# -- the suite's data in every kind of field ------------------------------------------------------

#: The keyword files of the suite for the keywords the published schemas use.
KEYWORD_FILES = ("type", "minLength", "maxLength", "minimum", "maximum", "pattern", "enum",
                 "const", "required", "additionalProperties", "anyOf", "items", "minItems",
                 "patternProperties", "properties", "ref", "defs")  # fmt: skip


def _suite_values() -> list[Any]:
    values: dict[bytes, Any] = {}
    cases = [c for f in KEYWORD_FILES for c in _cases(f"{f}.json")]
    formats = [c for group in FORMAT_CASES.values() for c in group]
    for _, data, _, _ in [*cases, *formats, *REGEX_CASES]:
        values[orjson.dumps(data, option=orjson.OPT_SORT_KEYS)] = data
    return list(values.values())


SUITE_VALUES = _suite_values()

#: One field of each shape the published schemas have: (kind, path in ``sample_record(kind,
#: seed=1, full=True)``).  Every other field repeats one of these shapes.
FIELD_SHAPES = [
    ("citizen", ("id",)),  # uuid
    ("trial_action", ("dream_ids", 0)),  # uuid in an array
    ("citizen", ("contact_person_id",)),  # nullable uuid
    ("citizen", ("created_at",)),  # date-time
    ("expectation_alignment", ("held_at",)),  # nullable date-time
    ("dream", ("noticed_on",)),  # nullable date
    ("trial_action", ("start_date",)),  # date
    ("safety_plan", ("plan_version",)),  # integer with a minimum
    ("safety_check_in", ("rating",)),  # integer with minimum and maximum
    ("citizen", ("interpreter_needed",)),  # boolean
    ("citizen", ("display_name",)),  # non-empty string
    ("citizen", ("life_story",)),  # nullable non-empty string
    ("citizen", ("residence",)),  # enum
    ("dream", ("status",)),  # workflow status
    ("citizen", ("kind",)),  # const
    ("citizen", ("schema_version",)),  # pattern with $
    ("citizen", ("cpr",)),  # CPR pattern
    ("network_member", ("phones", 0, "number")),  # phone pattern
    ("network_member", ("email",)),  # e-mail pattern with \\s
    ("network_member", ("phones", 0)),  # object in an array
    ("citizen", ("extensions",)),  # patternProperties
    ("citizen", ("actor",)),  # object
    ("dream", ("noticed_by",)),  # nullable object
    ("trial_action", ("signs",)),  # array of objects
    ("trial_action", ("dream_ids",)),  # array of uuids
]


def _put(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(record)
    parent: Any = record
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return record


@pytest.mark.parametrize("shape", FIELD_SHAPES, ids=lambda s: f"{s[0]}:{'/'.join(map(str, s[1]))}")
def test_every_suite_value_in_every_field_shape_gets_the_schema_verdict_everywhere(
    shape: tuple[str, tuple[Any, ...]],
) -> None:
    """Every data value of the suite's files for the keywords and formats the schemas use, put
    into one field of each shape: ``parse_record`` and ``carekit validate`` give the verdict of
    the published schema (python-jsonschema made exact), with no exception."""
    kind, path = shape
    base = sample_record(kind, seed=1, full=True)
    reference = spec_validator(published_schema(kind))
    original: Any = copy.deepcopy(base)
    for part in path:
        original = original.get(part, "anna@example.org") if part == "email" else original[part]
    values = [original, *SUITE_VALUES]  # the sample's own value: one valid record at least
    records = [_put(base, path, value) for value in values]
    expected = [reference.is_valid(record) for record in records]
    assert expected[0]
    assert False in expected
    data = b"".join(orjson.dumps(record) + b"\n" for record in records)
    result = check_task(Task("t.ndjson", "lines", data=data))
    invalid_lines = {f.line for f in result.findings if f.severity == "error"}
    for line, (record, verdict) in enumerate(zip(records, expected, strict=True), start=1):
        value = values[line - 1]
        assert (line not in invalid_lines) == verdict, value
        assert _parse_verdict(record) == verdict, value


# -- the suite: ECMA-262 patterns ----------------------------------------------------------------


def _patterns(schema: dict[str, Any]) -> list[str]:
    return [schema["pattern"]] if "pattern" in schema else list(schema["patternProperties"])


def _translatable(schema: dict[str, Any]) -> bool:
    try:
        for pattern in _patterns(schema):
            translate_pattern(pattern, "rust")
    except UntranslatablePatternError:
        return False
    return True


def test_regex_suite_cases_outside_the_translatable_subset_are_exactly_the_unicode_properties() -> (
    None
):
    refused = {
        p for schema, *_ in REGEX_CASES if not _translatable(schema) for p in _patterns(schema)
    }
    assert refused == {"\\p{Letter}cole", "^\\p{digit}+$"}
    translated = [c for c in REGEX_CASES if _translatable(c[0])]
    assert len(translated) >= 60  # every other case of the file runs below


@pytest.mark.parametrize("case", [c for c in REGEX_CASES if _translatable(c[0])], ids=_suite_id)
def test_regex_suite_case(case: tuple[dict[str, Any], Any, bool, str]) -> None:
    schema, data, valid, _ = case
    assert spec_validator(schema).is_valid(data) == valid
    assert _carekit_verdict(KindValidators("suite", schema), data) == valid


# -- the published schemas -----------------------------------------------------------------------


def _published_patterns() -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.add(value)
                elif key == "patternProperties":
                    found.update(value)
                if key not in ("const", "enum", "default", "examples"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for schema in published_schemas().values():
        walk(schema)
    return found


def test_every_published_pattern_translates_to_both_engines() -> None:
    patterns = _published_patterns()
    assert len(patterns) >= 5
    for pattern in patterns:
        assert translate_pattern(pattern, "python")
        assert translate_pattern(pattern, "rust")


ALPHABET = ["a", "Z", "1", "٣", "_", "-", ".", "@", "+", " ", "\n", "\r", "\x1c", "\x85",
            "\ufeff", "\u3000", "\u2028", "é", "T", ":", "0", "9"]  # fmt: skip


@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=14))
def test_translations_match_the_same_strings_in_python_and_rust(text: str) -> None:
    import jsonschema_rs

    for pattern in [*sorted(_published_patterns()), r"^\w+$", r"^\d\D$", r"\S\s", r"^a.b$"]:
        rust = jsonschema_rs.validator_for({"pattern": translate_pattern(pattern, "rust")})
        python = re.search(translate_pattern(pattern, "python"), text) is not None
        assert rust.is_valid(text) == python, pattern


def test_ecma_whitespace_is_what_ecma_262_calls_white_space_and_line_terminators() -> None:
    import unicodedata

    space_separators = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"}
    assert set(ECMA_WHITESPACE) == {"\t", "\x0b", "\x0c", "\ufeff", "\n", "\r", "\u2028",
                                    "\u2029"} | space_separators  # fmt: skip
    # Python's \s differs: it has \x1c-\x1f and \x85, and lacks \ufeff
    assert not re.search(translate_pattern(r"\s", "python"), "\x85\x1c")
    assert re.search(translate_pattern(r"^\s$", "python"), "\ufeff")


def test_dollar_is_the_end_of_the_text_in_both_engines() -> None:
    import jsonschema_rs

    for pattern in (r"^1\.[0-9]+$", r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$"):
        for text in ("1.0\n", "dk.acme\n"):
            assert not re.search(translate_pattern(pattern, "python"), text)
            assert not jsonschema_rs.validator_for(
                {"pattern": translate_pattern(pattern, "rust")}
            ).is_valid(text)


# -- property tests of the formats -------------------------------------------------------------

_NEAR_UUID = st.from_regex(
    r"[ +_0x{]?[0-9a-fA-F０-９_]{8}-?[0-9a-fA-F]{4}-{1,2}[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{12}[}\n ]?",
    fullmatch=True,
)
_NEAR_DATE_TIME = st.from_regex(
    r"[0-9]{4}-[01][0-9]-[0-3][0-9]([Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,9})?"
    r"([Zz]|[+-][0-2][0-9]:?[0-6][0-9])?)?\n?",
    fullmatch=True,
)


@given(_NEAR_UUID)
def test_uuid_is_exactly_the_rfc_4122_text_form(text: str) -> None:
    canonical = re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", text)
    assert is_uuid(text) == (canonical is not None and text.isascii())
    _check_all_engines("uuid", text)


@given(_NEAR_DATE_TIME)
def test_date_and_date_time_agree_with_python_where_python_can_tell(text: str) -> None:
    import datetime as dt

    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            exists = dt.date.fromisoformat(text) is not None
        except ValueError:
            exists = text.startswith("0000-") and is_date("2000" + text[4:])
        assert is_date(text) == exists
    _check_all_engines("date", text)
    _check_all_engines("date-time", text)


def _check_all_engines(name: str, text: str) -> None:
    """The format function, the fast+exact validators and python-jsonschema made exact agree;
    the fast validator alone never accepts what the exact check refuses."""
    schema = {"format": name}
    validators = KindValidators("prop", copy.deepcopy(schema))
    expected = FORMATS[name](text)
    assert spec_validator(schema).is_valid(text) == expected
    assert _carekit_verdict(validators, text) == expected
    if validators.fast.is_valid(text):
        assert expected


def test_the_kinds_still_load() -> None:
    for kind in kinds():
        assert KindValidators(kind, published_schema(kind)).is_valid(sample_record(kind, seed=1))


def test_parse_record_names_the_exact_pointer_and_the_format_of_a_bad_uuid_or_date_time() -> None:
    record = sample_record("trial_action", seed=1, full=True)
    record["dream_ids"][1] = "{" + record["dream_ids"][1] + "}"
    record["created_at"] = "2026-03-01 09:30:00Z"
    record["cycle"] = 2.0  # an integer in JSON Schema: read as 2
    with pytest.raises(RecordValidationError) as caught:
        parse_record(orjson.dumps(record))
    problems = {p.pointer: p for p in caught.value.problems}
    assert set(problems) == {"/dream_ids/1", "/created_at"}
    assert {p.keyword for p in problems.values()} == {"format"}
    assert "UUID" in problems["/dream_ids/1"].message.da
    assert "Input" not in problems["/created_at"].message.da
    del record["created_at"]
    record["dream_ids"][1] = record["dream_ids"][1][1:-1]
    assert parse_record(orjson.dumps(record)).cycle == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("char", [*ECMA_WHITESPACE, "\x85", "\x1c", "\x1f", "@", "é"])
def test_the_e_mail_pattern_means_ecma_262_white_space_in_parse_record_too(char: str) -> None:
    """pydantic's pattern engine (Rust) has its own ``\\s``: the model writes ECMA-262's out."""
    record = sample_record("network_member", seed=1)
    record["email"] = f"an{char}na@example.org"
    expected = spec_validator(published_schema("network_member")).is_valid(record)
    assert expected == (char not in ECMA_WHITESPACE and char != "@")
    assert _parse_verdict(record) == expected
    assert _validate_verdict(record) == expected
