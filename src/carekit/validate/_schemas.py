"""Validators per record kind whose verdict is JSON Schema 2020-12's, at jsonschema-rs speed.

The verdict is the specification's, with format assertion (see :mod:`carekit.validate._spec`):
RFC 4122 ``uuid``, RFC 3339 ``date``/``date-time`` as the official test suite defines them, and
ECMA-262 patterns.  The published schema is rewritten before jsonschema-rs sees it:

* **Regular expressions** are translated token by token (:func:`translate_pattern`) so that no
  engine-dependent class or anchor is left: ``\\s``, ``\\d``, ``\\w`` and ``.`` become explicit
  ECMA-262 character sets.  A published pattern outside the translatable subset is an error.
* **Formats.**  Two validators are built per kind:

  - the *exact* one gets carekit's own format functions as custom formats, so every format
    verdict is the specification's by construction;
  - the *fast* one keeps jsonschema-rs's native format checks **and** adds a strict canonical
    pattern to every ``uuid``/``date``/``date-time`` string.  It accepts a subset of what the
    exact check accepts (no leap seconds, no year 0000), so "fast says valid" implies "valid";
    anything the fast validator rejects is decided (and detailed) with the exact checks.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

import jsonschema_rs

from carekit.model import kinds
from carekit.schema import DIALECT, JSON_SCHEMA_2020_12, published_schema
from carekit.validate._spec import FORMATS, translate_pattern

__all__ = ["KindValidators", "validators_for"]

#: Canonical shapes: strings matching these (and passing jsonschema-rs's native check) pass the
#: exact format check too.  ``$`` here is jsonschema-rs's: the very end of the text.
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_CANONICAL: dict[str, str] = {
    "uuid": r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    "date": rf"^{_YEAR}-(?:0[1-9]|1[0-2])-[0-3][0-9]$",
    "date-time": (
        rf"^{_YEAR}-(?:0[1-9]|1[0-2])-[0-3][0-9][Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
        r"(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
    ),
}

#: Strings these match are accepted by the exact format check, so the exact validator
#: can skip calling it (``fullmatch``: no final newline).  A ``date-time`` day up to 28 exists in
#: every month; later days, leap seconds and anything unusual go to the exact function.
_SURELY_VALID: dict[str, Callable[[str], object]] = {
    "uuid": re.compile(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    ).fullmatch,
    "date-time": re.compile(
        r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])[Tt]"
        r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
        r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
    ).fullmatch,
}

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


def _format_function(name: str) -> Callable[[str], bool]:
    """The exact check of format *name* as a jsonschema-rs custom format (a format carekit's
    schemas do not use is only an annotation)."""
    func = FORMATS.get(name)
    if func is None:
        return lambda _value: True
    surely_valid = _SURELY_VALID.get(name)
    if surely_valid is None:
        return func

    def check(value: str) -> bool:
        return surely_valid(value) is not None or func(value)

    return check


class _Rewriter:
    def __init__(self, *, fast: bool):
        self.fast = fast
        self.formats: dict[str, Callable[[str], bool]] = {}
        self.translated: dict[str, str] = {}  # translated pattern -> original pattern

    def _extra(self, node: dict[str, Any], extra: dict[str, Any]) -> None:
        node["allOf"] = [*node.get("allOf", []), extra]

    def translate(self, pattern: str) -> str:
        translated = translate_pattern(pattern, "rust")
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
            out["pattern"] = self.translate(node["pattern"])
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
        if schema.get("$schema") == DIALECT:
            # carekit's dialect is 2020-12 with format assertion (``validate_formats`` below)
            # and annotations only: jsonschema-rs knows it as 2020-12
            schema = {**schema, "$schema": JSON_SCHEMA_2020_12}
        fast = _Rewriter(fast=True)
        fast_schema = fast.walk(schema)
        exact = _Rewriter(fast=False)
        exact_schema = exact.walk(schema)
        self._originals = exact.translated
        #: format name behind each canonical pattern, and the exact check of that format:
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
        """The verdict of JSON Schema 2020-12 (formats asserted, ECMA-262 patterns)."""
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
        return str(schema_path[-1]) if schema_path else ""


@functools.cache
def validators_for(kind: str) -> KindValidators:
    """Cached per process; raises :class:`carekit.errors.UnknownKindError` for unknown kinds."""
    return KindValidators(kind, published_schema(kind))


def all_kinds() -> tuple[str, ...]:
    return kinds()
