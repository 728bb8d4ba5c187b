"""Validators per record kind whose verdict equals python-jsonschema's, at jsonschema-rs speed.

The reference is ``Draft202012Validator(schema, format_checker=FORMAT_CHECKER)``
(python-jsonschema with ``jsonschema[format-nongpl]``).  jsonschema-rs differs from it in a few
places, so the published schema is rewritten before jsonschema-rs sees it:

* **Regular expressions.**  Python's ``$`` also matches before a final ``\\n`` and its ``\\s``
  is ``str.isspace`` (which includes ``\\x1c``-``\\x1f`` but not ``\\ufeff``); jsonschema-rs
  follows ECMA 262.  ``$`` and ``\\s``/``\\S`` are translated to explicit forms; a pattern using
  anything else whose meaning could differ is checked by Python's own ``re`` via a custom format.
* **Formats.**  Two validators are built per kind:

  - the *exact* one gets python-jsonschema's own format functions as custom formats, so every
    format verdict is the reference's by construction;
  - the *fast* one keeps jsonschema-rs's native format checks **and** adds a strict canonical
    pattern to every ``uuid``/``date``/``date-time`` string.  It accepts a subset of what the
    reference accepts, so "fast says valid" implies "reference says valid"; anything the fast
    validator rejects is decided (and detailed) by the exact one.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

from carekit.model import kinds
from carekit.schema import published_schema

__all__ = ["PY_WHITESPACE", "KindValidators", "translate_pattern", "validators_for"]

#: Every character Python's ``re`` matches with ``\s`` in a str pattern (``str.isspace``).
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WS_CLASS_BODY = PY_WHITESPACE  # literal characters are valid inside a character class

# Escapes whose meaning is the same in Python ``re`` and in jsonschema-rs: a literal character.
_LITERAL_ESCAPES = frozenset(".^$*+?()[]{}|\\/-")

#: Canonical shapes: strings matching these (and passing jsonschema-rs's native check) pass the
#: python-jsonschema format check too.  ``$`` here is jsonschema-rs's: the very end of the text.
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_CANONICAL: dict[str, str] = {
    "uuid": r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    "date": rf"^{_YEAR}-(?:0[1-9]|1[0-2])-[0-3][0-9]$",
    "date-time": (
        rf"^{_YEAR}-(?:0[1-9]|1[0-2])-[0-3][0-9][Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
        r"(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
    ),
}

#: Strings these match are accepted by the reference's format check, so the exact validator
#: can skip calling it (``fullmatch``: no final newline).  A ``date-time`` day up to 28 exists in
#: every month; later days, leap seconds and anything unusual go to the reference function.
_SURELY_VALID: dict[str, Callable[[str], object]] = {
    "uuid": re.compile(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    ).fullmatch,
    "date-time": re.compile(
        r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])[Tt]"
        r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
        r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
    ).fullmatch,
}

_PY_FORMAT_PREFIX = "carekit-py-re-"

#: Keywords that only annotate (Draft 2020-12 meta-data vocabulary, ``$comment``) and carekit's
#: own ``x-`` keywords: the fast validator's schema leaves them out (~5% faster ``is_valid``).
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    }
)


class UntranslatablePatternError(ValueError):
    """A pattern uses regex syntax whose meaning may differ between Python and jsonschema-rs."""


def translate_pattern(pattern: str) -> str:  # noqa: PLR0912 - one branch per regex token kind
    """*pattern* (Python ``re`` semantics) rewritten so jsonschema-rs matches the same strings.

    Raises :class:`UntranslatablePatternError` for syntax it cannot prove equivalent.
    """
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern):
                raise UntranslatablePatternError(pattern)
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(_WS_CLASS_BODY if in_class else f"[{_WS_CLASS_BODY}]")
            elif nxt == "S" and not in_class:
                out.append(f"[^{_WS_CLASS_BODY}]")
            elif nxt in _LITERAL_ESCAPES:
                out.append(char + nxt)
            else:
                raise UntranslatablePatternError(pattern)
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                raise UntranslatablePatternError(pattern)  # nested sets / set operations
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a literal ] first in the class
                out.append("\\]")
                i += 1
        elif char == "$":
            out.append(r"(?:\n?$)")  # Python: end of text or before a final newline
        elif char == "." or (char == "(" and pattern[i + 1 : i + 2] == "?"):
            raise UntranslatablePatternError(pattern)  # ``.`` and extensions: let Python decide
        else:
            out.append(char)
        i += 1
    if in_class:
        raise UntranslatablePatternError(pattern)
    return "".join(out)


def _format_function(name: str) -> Callable[[str], bool]:
    """The reference's check for format *name* as a jsonschema-rs custom format."""
    entry = Draft202012Validator.FORMAT_CHECKER.checkers.get(name)
    if entry is None:
        return lambda _value: True  # python-jsonschema ignores formats it does not know
    func, raises = entry
    surely_valid = _SURELY_VALID.get(name)

    def check(value: str) -> bool:
        if surely_valid is not None and surely_valid(value) is not None:
            return True
        try:
            return bool(func(value))
        except raises:  # the reference counts exactly these as "does not conform"
            return False

    return check


def _regex_function(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda value: compiled.search(value) is not None


class _Rewriter:
    def __init__(self, *, fast: bool):
        self.fast = fast
        self.formats: dict[str, Callable[[str], bool]] = {}
        self.py_patterns: dict[str, str] = {}  # custom format name -> original pattern
        self.translated: dict[str, str] = {}  # translated pattern -> original pattern

    def _extra(self, node: dict[str, Any], extra: dict[str, Any]) -> None:
        node["allOf"] = [*node.get("allOf", []), extra]

    def translate(self, pattern: str) -> str:
        translated = translate_pattern(pattern)
        self.translated[translated] = pattern
        return translated

    def walk(self, node: Any) -> Any:  # noqa: PLR0912 - one branch per keyword family
        if isinstance(node, list):
            return [self.walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("const", "enum"):
                out[key] = copy.deepcopy(value)
            elif key in _ANNOTATIONS or key.startswith("x-"):
                if not self.fast:  # no effect on any verdict; jsonschema-rs checks faster without
                    out[key] = copy.deepcopy(value)
            elif key in ("properties", "$defs", "dependentSchemas"):
                out[key] = {name: self.walk(sub) for name, sub in value.items()}
            elif key == "patternProperties":
                out[key] = {self.translate(p): self.walk(sub) for p, sub in value.items()}
            else:
                out[key] = self.walk(value)
        if isinstance(node.get("pattern"), str):
            pattern = node["pattern"]
            try:
                out["pattern"] = self.translate(pattern)
            except UntranslatablePatternError:
                del out["pattern"]
                name = f"{_PY_FORMAT_PREFIX}{len(self.py_patterns)}"
                self.py_patterns[name] = pattern
                self.formats[name] = _regex_function(pattern)
                self._extra(out, {"format": name})
        if isinstance(node.get("format"), str):
            name = node["format"]
            if self.fast and name in _CANONICAL:
                # native check + canonical shape; a uuid's shape says it all
                if "pattern" in out:
                    self._extra(out, {"pattern": _CANONICAL[name]})
                else:
                    out["pattern"] = _CANONICAL[name]
                if name == "uuid":
                    del out["format"]
            else:
                self.formats[name] = _format_function(name)
        return out


class KindValidators:
    """The fast and the exact jsonschema-rs validator of one record kind."""

    def __init__(self, kind: str, schema: dict[str, Any]):
        self.kind = kind
        fast = _Rewriter(fast=True)
        fast_schema = fast.walk(schema)
        exact = _Rewriter(fast=False)
        exact_schema = exact.walk(schema)
        self.py_patterns = exact.py_patterns
        self._originals = exact.translated
        #: format name behind each canonical pattern, and the reference check of that format:
        #: what the fast validator tightened, to be settled per value when it rejects a record
        self.canonical_formats: dict[str, str] = {shape: name for name, shape in _CANONICAL.items()}
        self.reference_formats: dict[str, Callable[[str], bool]] = {
            name: _format_function(name) for name in _CANONICAL
        }
        self.fast: Any = jsonschema_rs.validator_for(
            fast_schema, validate_formats=True, formats=fast.formats or None
        )
        self.exact: Any = jsonschema_rs.validator_for(
            exact_schema, validate_formats=True, formats=exact.formats
        )

    def is_valid(self, record: object) -> bool:
        """The reference verdict (python-jsonschema, Draft 2020-12, formats checked)."""
        return bool(self.fast.is_valid(record) or self.exact.is_valid(record))

    def tightened_format(self, keyword: str, details: dict[str, Any]) -> str | None:
        """The format name when a fast-validator error comes from a check it tightened (the
        native ``uuid``/``date``/``date-time`` check or their canonical pattern), else ``None``.
        """
        if keyword == "format":
            name = details.get("format")
            return name if name in _CANONICAL else None
        if keyword == "pattern":
            return self.canonical_formats.get(details.get("pattern"))  # type: ignore[arg-type]
        return None

    def original_pattern(self, translated: object) -> str | None:
        """The published pattern behind a translated one."""
        return self._originals.get(translated) if isinstance(translated, str) else None

    def keyword_of(self, schema_path: list[str | int], format_name: str | None = None) -> str:
        """The published-schema keyword behind an error of the exact validator."""
        if format_name is not None and format_name.startswith(_PY_FORMAT_PREFIX):
            return "pattern"
        return str(schema_path[-1]) if schema_path else ""


@functools.cache
def validators_for(kind: str) -> KindValidators:
    """Cached per process; raises :class:`carekit.errors.UnknownKindError` for unknown kinds."""
    return KindValidators(kind, published_schema(kind))


def all_kinds() -> tuple[str, ...]:
    return kinds()
