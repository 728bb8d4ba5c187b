"""RFC 6901 JSON pointers: the one place carekit builds them.

``json_pointer(["care", 0, "a/b~c"])`` → ``/care/0/a~1b~0c``: each part is escaped, ``~`` as
``~0`` first and then ``/`` as ``~1`` (RFC 6901 § 3), so :func:`pointer_parts` gives the parts
back.  ``json_pointer([])`` is ``""``, the whole document.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["escape", "json_pointer", "pointer_parts", "unescape"]


def escape(part: str | int) -> str:
    """One reference token: ``~`` → ``~0``, then ``/`` → ``~1``."""
    return str(part).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """The part a reference token stands for: ``~1`` → ``/``, then ``~0`` → ``~``."""
    return token.replace("~1", "/").replace("~0", "~")


def json_pointer(parts: Iterable[str | int]) -> str:
    """The JSON pointer of the path *parts* (keys and list indexes)."""
    return "".join("/" + escape(part) for part in parts)


def pointer_parts(pointer: str) -> list[str]:
    """The parts of *pointer* (``""`` → ``[]``); list indexes come back as strings."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return [unescape(token) for token in pointer[1:].split("/")]
