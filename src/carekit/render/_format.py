"""Small formatting helpers shared by the documents: phone links, dates, weekdays, labels.

:func:`format_date` is carekit's one date formatter (:mod:`carekit._dates`), re-exported here
for the templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from carekit._dates import format_date
from carekit.i18n import Lang, Text
from carekit.model import AnswerTime, Weekday

__all__ = [
    "answers_text",
    "field_label",
    "format_date",
    "phone_display",
    "tel_href",
    "weekdays_text",
]

_WEEKDAYS = (
    ("mandag", "Monday"), ("tirsdag", "Tuesday"), ("onsdag", "Wednesday"),
    ("torsdag", "Thursday"), ("fredag", "Friday"), ("lørdag", "Saturday"), ("søndag", "Sunday"),
)  # fmt: skip
_EVERY_DAY = Text("alle dage", "every day")
_AND = Text("og", "and")
_TO = Text("til", "to")
_DANISH_LOCAL = re.compile(r"^[0-9]{8}$")


def tel_href(number: str) -> str:
    """The ``tel:`` URI of *number*: spaces removed, a Danish eight-digit number gets +45.

    ``"+45 70 20 30 40"`` → ``"tel:+4570203040"``, ``"70 20 30 40"`` → ``"tel:+4570203040"``,
    ``"112"`` → ``"tel:112"``.
    """
    compact = re.sub(r"[^0-9+]", "", number)
    if _DANISH_LOCAL.match(compact):
        compact = "+45" + compact
    return "tel:" + compact


def phone_display(number: str) -> str:
    """*number* as it was written, with runs of white space made single non-breaking spaces
    so that a number never breaks over two lines."""
    return re.sub(r"\s+", "\u00a0", number.strip())


def _join(items: Sequence[str], lang: Lang) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND.get(lang)} {items[-1]}"


def weekdays_text(days: Iterable[Weekday], lang: Lang) -> str:
    """Weekdays as words, Monday first, three or more days in a row as a span:
    ``[Weekday.TUESDAY]`` → ``tirsdag``; Monday to Friday → ``mandag til fredag``; Monday,
    Tuesday, Wednesday and Saturday → ``mandag til onsdag og lørdag``; all seven →
    ``alle dage``."""
    order = list(Weekday)
    numbers = sorted({order.index(d) for d in days})
    if len(numbers) == 7:
        return _EVERY_DAY.get(lang)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    column = 1 if lang == "en" else 0
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            first, last = _WEEKDAYS[run[0]][column], _WEEKDAYS[run[-1]][column]
            parts.append(f"{first} {_TO.get(lang)} {last}")
        else:
            parts.extend(_WEEKDAYS[n][column] for n in run)
    return _join(parts, lang)


_WHEN: dict[AnswerTime, Text] = {
    AnswerTime.WEEKDAYS: Text("på hverdage", "on weekdays"),
    AnswerTime.EVENINGS: Text("aften", "evenings"),
    AnswerTime.NIGHTS: Text("nat", "nights"),
    AnswerTime.WEEKENDS: Text("weekend og helligdage", "weekends and holidays"),
    AnswerTime.ALWAYS: Text("hele døgnet", "around the clock"),
}
_ANSWERS = Text("Svarer", "Answers")


def answers_text(answers: Iterable[AnswerTime], hours: str | None, lang: Lang) -> str:
    """When a number is answered, as a short sentence the citizen can read: ``Svarer på
    hverdage kl. 8-15.``, ``Answers evenings, nights, weekends and holidays.``;
    *hours* follows the times.  ``always`` makes every other time redundant."""
    times = list(dict.fromkeys(answers))
    if not times:
        return ""
    if AnswerTime.ALWAYS in times:
        times = [AnswerTime.ALWAYS]
    parts = [_WHEN[t].get(lang) for t in times]
    when = ", ".join(parts)
    text = f"{_ANSWERS.get(lang)} {when}"
    return f"{text} {hours}." if hours else f"{text}."


def field_label(model: type[BaseModel], name: str) -> Text:
    """The bilingual label a model field carries (``x-label``), the one source of labels."""
    extra = model.model_fields[name].json_schema_extra
    if not isinstance(extra, dict):
        raise KeyError(f"{model.__name__}.{name} has no label")
    label = extra["x-label"]
    if not isinstance(label, dict):
        raise KeyError(f"{model.__name__}.{name} has no label")
    return Text(str(label["da"]), str(label["en"]))
