"""ST-2: what a person reads never shows an internal code where a label exists.

Checked on the demo's output in Danish and English and on every document rendered from the
store after the demo walk: no workflow action, state, guard or effect name, no record kind and
no value of a labelled enum appears as a code (snake_case anywhere; any code in quotes or
beside an arrow)."""

from __future__ import annotations

import re

import pytest

import carekit.model as model
from carekit.demo import demo_citizens, run_demo
from carekit.lifecycle import WORKFLOWS
from carekit.model import RECORD_TYPES, LabelledEnum, Record
from carekit.render import DOCUMENTS, render_document
from carekit.testing.readers import open_reading


def _codes() -> set[str]:
    codes: set[str] = set(RECORD_TYPES)
    for workflow in WORKFLOWS:
        codes |= {s.name for s in workflow.states}
        for action in workflow.actions:
            codes.add(action.name)
            codes |= {g.name for g in action.guards}
            codes |= {e.name for e in action.effects}
    for name in model.__all__:
        value = getattr(model, name)
        if (
            isinstance(value, type)
            and issubclass(value, LabelledEnum)
            and value is not LabelledEnum
        ):
            codes |= {member.value for member in value}
    return codes


CODES = _codes()
SNAKE = {c for c in CODES if "_" in c}


def offending(text: str) -> list[str]:
    """The codes *text* shows: snake_case codes as words; any code alone in quotes, or in
    lower case alone in the action slot before → or the state slot after it."""
    found = [c for c in SNAKE if re.search(rf"(?<![\w/.-]){re.escape(c)}(?![\w/.-])", text)]
    pattern = r"['\"«»“”](\w+)['\"«»“”]|(?:^|: )([a-z_]+) →|→ ([a-z_]+)$"
    for match in re.finditer(pattern, text, re.M):
        word = next(g for g in match.groups() if g)
        if word in CODES:
            found.append(word)
    return sorted(set(found))


def test_the_checker_finds_the_slips_it_is_meant_to_find() -> None:
    assert offending("Sikkerhedsplan: agree → Aftalt") == ["agree"]
    assert offending("the story is now 'withdrawn'") == ["withdrawn"]
    assert offending("Status: partly_aligned") == ["partly_aligned"]
    assert offending("Sikkerhedsplan: Aftal planen → Aftalt med borgeren") == []


@pytest.fixture(scope="module")
def walked() -> tuple[dict[str, str], list[Record]]:
    output: dict[str, str] = {}
    records: list[Record] = []
    for lang in ("da", "en"):
        lines: list[str] = []
        with open_reading("memory://") as app:
            run_demo(app, lang=lang, echo=lines.append)
            records = [row.record for row in app.store.query()]
        # Event names are the outbox's names for what happened; they have no label.
        output[lang] = "\n".join(
            line for line in lines if "hændelse:" not in line and "event:" not in line
        )
    return output, records


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_demo_output_shows_labels_not_codes(
    walked: tuple[dict[str, str], list[Record]], lang: str
) -> None:
    output, _ = walked
    assert offending(output[lang]) == []


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_documents_after_the_walk_show_labels_not_codes(
    walked: tuple[dict[str, str], list[Record]], name: str, lang: str
) -> None:
    _, records = walked
    for citizen in demo_citizens():
        doc = render_document(name, records, citizen_id=citizen.id, lang=lang)  # type: ignore[arg-type]  # "da"/"en" are Lang
        assert offending(doc.language_report.text) == [], (name, citizen.display_name)
