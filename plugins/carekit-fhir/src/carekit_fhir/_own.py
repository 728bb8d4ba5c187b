"""Resources carekit wrote: the record from the record extension's ``content``, checked element
by element against what carekit exports from it; and, for every imported resource, the
report of elements no mapping carried."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from carekit.errors import RecordValidationError
from carekit.model import Record, parse_record
from carekit.privacy import is_valid_cpr, normalise_cpr
from carekit_fhir import _codes as c
from carekit_fhir._common import ext_value, find_ext
from carekit_fhir._reading import ImportContext

__all__ = ["SERVER_ASSIGNED", "differences", "own_record", "report_unused"]

#: Top-level elements a FHIR server assigns (``id``, ``meta``: versionId, lastUpdated, source,
#: profile): never compared, never reported.
SERVER_ASSIGNED = frozenset({"resourceType", "id", "meta"})


def own_record(resource: Any, where: str, ctx: ImportContext) -> Record | None:
    """The record carekit exported as *resource*, or None (not carekit's, or reported)."""
    extensions = getattr(resource, "extension", None)
    envelope = find_ext(extensions, c.EXT_RECORD)
    if envelope is None:
        return None
    content = ext_value(envelope.extension, "content")
    if not isinstance(content, str):
        return None
    index = next(i for i, e in enumerate(extensions or ()) if e is envelope)
    location = f"{where}.extension[{index}]"
    try:
        data = json.loads(content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        ctx.add(
            "error",
            location,
            "carekit-postens indhold i record-udvidelsen er ikke et JSON-objekt.",
            "The carekit record content in the record extension is not a JSON object.",
            code="record-invalid",
            resource=resource.get_resource_type(),
            element="extension",
        )
        return None
    if _repeated_members(content, ctx, location, resource):
        return None
    if data.get("kind") == "citizen":
        for ident in resource.identifier or ():
            if ident.system == c.CPR_SYSTEM and ident.value and is_valid_cpr(ident.value):
                data["cpr"] = normalise_cpr(ident.value)
                break
    try:
        record = parse_record(data)
    except RecordValidationError as error:
        for problem in error.problems:
            ctx.add(
                "error",
                f"{location}{problem.pointer}",
                problem.message.da,
                problem.message.en,
                code="record-invalid",
                resource=resource.get_resource_type(),
                element="extension",
            )
        return None
    ctx.ids[id(resource)] = record.id
    return record


def _repeated_members(content: str, ctx: ImportContext, location: str, resource: Any) -> bool:
    """Report every repeated member name in the record content (a JSON reader would keep
    only one of the values, silently); true when there was one."""
    try:
        parse_record(content)
    except RecordValidationError as error:
        repeated = [p for p in error.problems if p.keyword == "duplicate-key"]
    else:
        return False
    for problem in repeated:
        ctx.add(
            "error",
            f"{location}{problem.pointer}",
            problem.message.da,
            problem.message.en,
            code="record-invalid",
            resource=resource.get_resource_type(),
            element="extension",
        )
    return bool(repeated)


def _same_reference(incoming: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    """Two references to the same record (a server may rewrite ``urn:uuid`` to ``Type/id``)."""
    ident = incoming.get("identifier")
    return (
        isinstance(ident, Mapping)
        and ident.get("system") == c.RECORD_ID_SYSTEM
        and ident == expected.get("identifier")
        and "reference" in incoming
    )


def differences(incoming: Any, expected: Any, path: str, top: bool = True) -> Iterator[str]:
    """The paths of *incoming* whose value is not in *expected* (additions in *expected* are
    not losses and are not listed)."""
    if isinstance(incoming, Mapping) and isinstance(expected, Mapping):
        skip = {"reference", "type"} if _same_reference(incoming, expected) else set()
        for key, value in incoming.items():
            if key in skip or (top and key in SERVER_ASSIGNED):
                continue
            if key not in expected:
                yield f"{path}.{key}"
            else:
                yield from differences(value, expected[key], f"{path}.{key}", top=False)
        return
    if isinstance(incoming, list) and isinstance(expected, list):
        for i, value in enumerate(incoming):
            if i >= len(expected):
                yield f"{path}[{i}]"
            else:
                yield from differences(value, expected[i], f"{path}[{i}]", top=False)
        return
    if incoming != expected:
        yield path


_SPLIT = re.compile(r"[.\[]")


def report_unused(resource: Any, where: str, ctx: ImportContext) -> None:
    """A ``not-carried`` warning for every element of *resource* no mapping used, at the
    highest level where nothing inside was used (``….gender``, ``….address``,
    ``….extension[3]``)."""
    used = {p for p in ctx.used if p == where or p.startswith((f"{where}.", f"{where}["))}
    ancestors = {p[: m.start()] for p in used for m in _SPLIT.finditer(p)}

    def walk(node: Any, path: str, top: bool) -> None:
        if path in used:
            return
        if path not in ancestors and not isinstance(node, list):
            url = node.get("url") if isinstance(node, Mapping) else None
            what_da = f" (udvidelsen {url})" if isinstance(url, str) else ""
            what_en = f" (the extension {url})" if isinstance(url, str) else ""
            ctx.add(
                "warning",
                path,
                f"carekit har intet felt til dette element{what_da}; det er ikke overført.",
                f"carekit has no field for this element{what_en}; it was not imported.",
                code="not-carried",
                resource=resource.get_resource_type(),
                element=path.rsplit(".", 1)[-1].split("[", maxsplit=1)[0],
            )
            return
        if isinstance(node, Mapping):
            for key, value in node.items():
                if not (top and key in SERVER_ASSIGNED):
                    walk(value, f"{path}.{key}", False)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]", False)

    walk(ctx.raw.get(id(resource)) or resource.model_dump(mode="json"), where, True)
