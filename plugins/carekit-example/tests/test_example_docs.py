"""``docs/writing-an-adapter.md`` stays true: the code it quotes is the code that runs, and its
hook table covers every hook carekit has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from carekit_example import plugin as example_plugin

from carekit import hookspecs

REPO = Path(__file__).resolve().parents[3]
DOC = REPO / "docs" / "writing-an-adapter.md"
_QUOTE = re.compile(r"<!-- from (?P<path>\S+) -->\n```python\n(?P<code>.*?)```", re.DOTALL)


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _quotes() -> list[tuple[str, str]]:
    return [(m["path"], m["code"]) for m in _QUOTE.finditer(_doc())]


def test_the_page_quotes_the_channel_the_rule_and_the_conformance_test() -> None:
    quoted = {path for path, _ in _quotes()}
    assert {
        "plugins/carekit-example/src/carekit_example/_channel.py",
        "plugins/carekit-example/src/carekit_example/_rules.py",
        "plugins/carekit-example/tests/test_example_conformance.py",
    } <= quoted


@pytest.mark.parametrize(("path", "code"), _quotes(), ids=[Path(p).name for p, _ in _quotes()])
def test_quoted_code_is_the_code_in_the_plugin(path: str, code: str) -> None:
    source = (REPO / path).read_text(encoding="utf-8")
    assert code in source, f"docs/writing-an-adapter.md quotes {path} but the code changed"


@pytest.mark.parametrize("hook", [n for n in hookspecs.__all__ if n.startswith("carekit_")])
def test_hook_table_lists_every_hook(hook: str) -> None:
    assert re.search(rf"^\| `{hook}\(", _doc(), re.MULTILINE), f"{hook} missing from the table"


def test_every_hook_function_in_the_plugin_is_marked_with_hookimpl() -> None:
    hooks = [name for name in dir(example_plugin) if name.startswith("carekit_")]
    assert hooks
    for name in hooks:
        assert hasattr(hookspecs, name), f"{name} is not a carekit hook"
        assert hasattr(getattr(example_plugin, name), "carekit_impl"), f"{name} is not marked"
