"""``check_foundation`` and ``carekit foundation check`` (#19 point 5, DC-4): a unit's
professional foundation document is checked before the workflows use it; every finding names
the line and the JSON pointer and says in Danish and English what to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from carekit._pointer import json_pointer
from carekit.cli.foundation import foundation_group
from carekit.model import ProfessionalFoundation, foundation_problems
from carekit.workflows import WorkflowConfig, check_foundation
from carekit.workflows._foundation import _lines

GOOD: dict[str, Any] = {
    "unit": "Bostedet Lyngen",
    "updated_on": "2026-11-01",
    "elements": [
        {"key": "marte-meo", "kind": "approach", "title": "Marte Meo"},
        {"key": "livshistorie", "kind": "training", "title": "Livshistorisk arbejde"},
    ],
    "vocabulary": ["prøvehandling", "tegn"],
}


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_a_good_foundation_passes_and_can_be_given_to_the_workflows() -> None:
    check = check_foundation(_text(GOOD))
    assert check.ok
    assert check.foundation is not None
    config = WorkflowConfig(foundations=(check.foundation,))
    assert config.foundation_for(" bostedet lyngen ") == check.foundation


def test_a_key_used_twice_and_a_placeholder_title_are_found_on_their_lines() -> None:
    data = json.loads(_text(GOOD))
    data["elements"].append({"key": "marte-meo", "kind": "literature", "title": "x"})
    data["vocabulary"].append("Tegn")
    text = _text(data)
    check = check_foundation(text)
    assert check.foundation is not None  # valid by the schema, wrong beyond it
    found = [(f.pointer, f.line) for f in check.findings]
    lines = text.splitlines()
    assert [p for p, _ in found] == ["/elements/2/key", "/elements/2/title", "/vocabulary/2"]
    assert '"key": "marte-meo"' in lines[found[0][1] - 1]
    assert '"title": "x"' in lines[found[1][1] - 1]
    assert '"Tegn"' in lines[found[2][1] - 1]
    key = check.findings[0].message
    assert "bruges allerede af element 1" in key.da
    assert "already used by element 1" in key.en
    assert "Titlen siger ikke noget" in check.findings[1].message.da
    assert "already listed" in check.findings[2].message.en


def test_schema_errors_name_the_pointer_and_a_missing_member_the_objects_line() -> None:
    data = json.loads(_text(GOOD))
    del data["elements"][1]["title"]
    data["elements"][0]["key"] = "Marte Meo"
    text = _text(data)
    check = check_foundation(text)
    assert check.foundation is None
    by_pointer = {f.pointer: f for f in check.findings}
    assert set(by_pointer) == {"/elements/0/key", "/elements/1/title"}
    lines = text.splitlines()
    assert '"key": "Marte Meo"' in lines[by_pointer["/elements/0/key"].line - 1]
    # no title: the line where the element starts
    assert lines[by_pointer["/elements/1/title"].line - 1].strip() == "{"
    assert by_pointer["/elements/1/title"].message.da
    assert by_pointer["/elements/1/title"].message.en


@pytest.mark.parametrize(
    ("raw", "line", "da", "en"),
    [
        (b'{\n  "unit": "A",\n  "elements": [,]\n}', 3, "ikke gyldig JSON", "not valid JSON"),
        (b"\xff\xfe", 1, "ikke UTF-8", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_json_is_one_finding_with_its_line(
    raw: bytes, line: int, da: str, en: str
) -> None:
    (finding,) = check_foundation(raw).findings
    assert (finding.pointer, finding.line) == ("", line)
    assert da in finding.message.da
    assert en in finding.message.en
    assert finding.render("en", "f.json").startswith(f"f.json:{line}: /: ")


def test_foundation_problems_of_a_clean_foundation_are_none() -> None:
    assert list(foundation_problems(ProfessionalFoundation.model_validate(GOOD))) == []


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


def _pointers(value: Any, parts: tuple[str | int, ...] = ()) -> list[str]:
    out = [json_pointer(parts)]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _pointers(item, (*parts, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _pointers(item, (*parts, i))
    return out


@given(_json, st.sampled_from([None, 2]))
def test_every_pointer_of_any_json_document_has_the_line_it_starts_on(
    value: Any, indent: int | None
) -> None:
    text = json.dumps(value, indent=indent)
    lines = _lines(text)
    assert set(_pointers(value)) <= set(lines)
    assert all(1 <= n <= text.count("\n") + 1 for n in lines.values())


# ----------------------------------------------------------------------- the command
def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(foundation_group, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_the_command_prints_file_line_pointer_and_exits_1_on_findings(tmp_path: Path) -> None:
    good, bad = tmp_path / "lyngen.json", tmp_path / "bad.json"
    good.write_text(_text(GOOD), "utf-8")
    data = json.loads(_text(GOOD))
    data["elements"][1]["title"] = "-"
    bad.write_text(_text(data), "utf-8")
    code, out, _ = _run(str(good))
    assert code == 0
    assert out == f"{good}: i orden — fundamentet for 'Bostedet Lyngen' med 2 elementer.\n"
    code, out, _ = _run(str(good), str(bad), "--lang", "en")
    assert code == 1
    first, summary = out.splitlines()[1:3]
    assert first.startswith(f"{bad}:")
    assert ": /elements/1/title: The title says nothing." in first
    assert summary == f"{bad}: 1 thing to fix. Fix it and run the command again."
    code, out, _ = _run(str(bad), "--json")
    assert code == 1
    [report] = json.loads(out)
    assert report["ok"] is False
    assert report["findings"][0]["pointer"] == "/elements/1/title"
    assert report["findings"][0]["da"].startswith("Titlen siger ikke noget")


def test_a_missing_file_is_a_usage_error_in_danish(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "nope.json"))
    assert code == 2
    assert "Kan ikke læse" in err
    assert "Tjek stien" in err
