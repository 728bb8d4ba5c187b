"""What leaves carekit in a FHIR Bundle: no CPR number in free text, the CPR identifier only
when asked.

Every string in the bundle (names, notes, descriptions, ``valueString`` extensions, the record
``content`` JSON, narratives, ``text/*`` attachments after base64 decoding) passes through
:func:`carekit.privacy.mask_cpr_in_text`, so a CPR number written in free text leaves as
``DDMMYY-XXXX``.  Identifiers, references and ``urn:uuid`` full URLs are untouched: the scanner
never matches digits inside a UUID.  Base64 ``data`` of another content type (an image) is
not text and is sent as it is: masking would only corrupt it.

The DK Core CPR identifier (system ``urn:oid:1.2.208.176.1.2``) is **left out** unless the
caller asks for it (``include_cpr=True``, ``carekit export fhir --include-cpr``).  It is left
out rather than masked because a receiving Danish system validates that identifier against
DK Core (ten digits, a real CPR number) and matches patients on it: ``010190XXXX`` would be
refused, or worse, matched.  Without the identifier the Patient is still identified by the
carekit record identifier (``urn:ietf:rfc:3986`` | ``urn:uuid:<id>``), which is what the
conditional updates use.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from carekit.privacy import mask_cpr_in_text
from carekit_fhir import _codes as c

__all__ = ["mask_bundle"]


def mask_bundle(bundle: Mapping[str, Any], *, include_cpr: bool = False) -> dict[str, Any]:
    """A copy of *bundle* with every CPR number in its strings masked and (unless
    *include_cpr*) every CPR identifier removed.  Masking a masked bundle changes nothing."""
    return _mask_object(bundle, include_cpr=include_cpr)


def _mask(value: Any, *, include_cpr: bool) -> Any:
    if isinstance(value, str):
        return mask_cpr_in_text(value)
    if isinstance(value, Mapping):
        return _mask_object(value, include_cpr=include_cpr)
    if isinstance(value, list | tuple):
        return [_mask(v, include_cpr=include_cpr) for v in value]
    return value


def _is_cpr_identifier(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("system") == c.CPR_SYSTEM


def _mask_object(value: Mapping[str, Any], *, include_cpr: bool) -> dict[str, Any]:
    if include_cpr and _is_cpr_identifier(value):
        return dict(value)  # asked for: the identifier leaves whole
    out: dict[str, Any] = {}
    for key, given in value.items():
        item = given
        if key == "identifier" and not include_cpr:
            if _is_cpr_identifier(item):
                continue  # a Reference.identifier that is the CPR number
            if isinstance(item, list):
                item = [i for i in item if not _is_cpr_identifier(i)]
                if not item:
                    continue
        if key == "data" and isinstance(item, str):  # base64 (Attachment, Binary)
            text = _is_text(value.get("contentType"))
            out[key] = _mask_text_attachment(item) if text else item
        else:
            out[key] = _mask(item, include_cpr=include_cpr)
    return out


def _is_text(content_type: Any) -> bool:
    return isinstance(content_type, str) and content_type.lower().startswith("text/")


def _mask_text_attachment(data: str) -> str:
    """A plain-text attachment is free text too: decoded, masked, encoded again (data that
    is not base64 UTF-8 text is masked as it stands)."""
    try:
        text = base64.b64decode(data, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return mask_cpr_in_text(data)
    masked = mask_cpr_in_text(text)
    if masked == text:
        return data
    return base64.b64encode(masked.encode("utf-8")).decode("ascii")
