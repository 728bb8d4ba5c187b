"""One bilingual error model: every carekit error has a stable code of its own and a
message in Danish and English (no English inside the Danish)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
from pathlib import Path

import pytest

import carekit.errors as errors_module
from carekit.errors import (
    CarekitError,
    ClosedError,
    ConflictError,
    InvalidArgumentError,
    RecordNotFoundError,
    StoreClosedError,
    UnknownBackendError,
    UnknownKindError,
)
from carekit.i18n import Text
from carekit.store import StoreCorruptError
from carekit.validate import InputNotFoundError

CLASSES = [
    getattr(errors_module, name)
    for name in errors_module.__all__
    if isinstance(getattr(errors_module, name), type)
    and issubclass(getattr(errors_module, name), CarekitError)
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_declares_its_own_stable_code(cls: type[CarekitError]) -> None:
    assert "code" in vars(cls), f"{cls.__name__} inherits its code"
    codes = [c.code for c in CLASSES]
    assert codes.count(cls.code) == 1


@pytest.mark.parametrize(
    "error",
    [
        RecordNotFoundError("r-1"),
        ConflictError("r-1", 1, 2),
        UnknownBackendError("mongodb://x", "mongodb", ["sqlite"]),
        UnknownKindError("castle", ["citizen"]),
        InvalidArgumentError("actor", Text("en Actor", "an Actor"), {"id": "x"}),
        ClosedError(),
        StoreClosedError(),
        StoreCorruptError("r-1", 2, Text("1 valideringsfejl", "1 validation error")),
        InputNotFoundError("export.ndjson"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_speak_danish_and_english(error: CarekitError) -> None:
    assert error.text.da != error.text.en
    assert str(error) == error.text.en
    assert error.render("da") == error.text.da
    for english in (" is ", " not ", " the ", "must"):
        assert english not in error.text.da, error.text.da


def test_cpr_numbers_are_masked_in_both_languages() -> None:
    error = RecordNotFoundError("010137-4002")
    assert "4002" not in error.text.da
    assert "4002" not in error.text.en


# -- every raise site gives Danish and English ---------------------------------------------

_REPO = Path(__file__).resolve().parents[2]


def _installed(src: Path) -> bool:
    """Whether the plugin whose sources are in *src* is installed (``tox -e core`` has none:
    there only carekit's own raise sites are scanned; the other environments scan all)."""
    return all(
        importlib.util.find_spec(package.name) is not None
        for package in src.iterdir()
        if (package / "__init__.py").is_file()
    )


_ROOTS = [
    _REPO / "src",
    *sorted(p / "src" for p in (_REPO / "plugins").iterdir() if _installed(p / "src")),
]


def _plain_str(node: ast.expr) -> bool:
    """Whether *node* builds a ``str`` in place (a literal, an f-string, a concatenation,
    ``"…".format()``/``join()``) - a message with one language only."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _plain_str(node.left) or _plain_str(node.right)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"format", "join"}
    )


def _raise_sites() -> list[tuple[str, int, type[CarekitError], ast.Call]]:
    sites: list[tuple[str, int, type[CarekitError], ast.Call]] = []
    for root in _ROOTS:
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__main__":
                continue
            module_name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names: dict[str, str] = {}  # name -> module, for imports inside functions
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.update((alias.asname or alias.name, node.module) for alias in node.names)
            module = None
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Raise)
                    and isinstance(node.exc, ast.Call)
                    and isinstance(node.exc.func, ast.Name)
                ):
                    continue
                module = module or importlib.import_module(module_name)
                name = node.exc.func.id
                cls = getattr(module, name, None)
                if cls is None and name in names:
                    cls = getattr(importlib.import_module(names[name]), name, None)
                if isinstance(cls, type) and issubclass(cls, CarekitError):
                    sites.append((f"{path.relative_to(root.parent)}", node.lineno, cls, node.exc))
    return sites


def test_no_carekit_error_is_raised_with_a_one_language_message() -> None:
    """A message built as a plain ``str`` is the same in Danish and English, so a Danish user
    reads English: every raise site of a carekit error passes a :class:`Text`."""
    sites = _raise_sites()
    assert len(sites) > 100  # the scan finds the raise sites (src and plugins)
    one_language = []
    for where, line, cls, call in sites:
        params = list(inspect.signature(cls.__init__).parameters)[1:]
        message_args = [
            arg
            for position, arg in enumerate(call.args)
            if position < len(params) and params[position] in {"message", "text"}
        ] + [kw.value for kw in call.keywords if kw.arg in {"message", "text"}]
        if any(_plain_str(arg) for arg in message_args):
            one_language.append(f"{where}:{line} {cls.__name__}")
    assert one_language == []
