"""How the conformance kits fail: the rule broken, what the kit saw, how to fix it."""

from __future__ import annotations

from typing import NoReturn

import pytest

__all__ = ["broken", "check"]


def broken(rule: str, fix: str, seen: object = "", *, contract: str = "storage") -> NoReturn:
    """Fail the current test saying which rule of the *contract* (storage, channel, EHR
    adapter …) the plugin broke, what the kit saw and how to fix it (never a bare
    ``assert``)."""
    text = f"{contract} contract broken: {rule}"
    if seen != "":
        text += f"\n  the kit saw: {seen}"
    text += f"\n  how to fix: {fix}"
    pytest.fail(text, pytrace=False)


def check(ok: object, rule: str, fix: str, seen: object = "", *, contract: str = "storage") -> None:
    """:func:`broken` unless *ok* is true."""
    if not ok:
        broken(rule, fix, seen, contract=contract)
