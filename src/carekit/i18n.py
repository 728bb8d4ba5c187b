"""Bilingual text: every label and message carekit shows exists in Danish and English.

Users see Danish by default; code identifiers stay English.  A :class:`Text` is the
smallest unit: a pair of strings.  Pick one with ``text.get("da")`` or ``str(text)``
(Danish).
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["DEFAULT_LANG", "LANGS", "Lang", "Text", "check_lang"]

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
DEFAULT_LANG: Lang = "da"


@attrs.frozen
class Text:
    """A text in Danish and English."""

    da: str
    en: str

    def get(self, lang: Lang = DEFAULT_LANG) -> str:
        """The text in *lang* (``"da"`` or ``"en"``)."""
        return self.en if lang == "en" else self.da

    def format(self, **values: object) -> Text:
        """Both languages with ``str.format`` placeholders filled in."""
        return Text(self.da.format(**values), self.en.format(**values))

    def as_dict(self) -> dict[str, str]:
        """The text as ``{"da": …, "en": …}``."""
        return {"da": self.da, "en": self.en}

    def __str__(self) -> str:
        return self.da


def check_lang(value: str) -> Lang:
    """Return *value* as a :data:`Lang`, or raise ``ValueError`` naming the choices."""
    if value == "da":
        return "da"
    if value == "en":
        return "en"
    raise ValueError(f"unknown language {value!r}; choose one of: da, en")
