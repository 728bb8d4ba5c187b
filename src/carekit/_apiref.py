"""The Python API reference, read from the code: every public module's ``__all__``.

A module is public when no part of its dotted name starts with ``_``.  Every name in a public
``__all__`` is described by its signature and the first paragraph of its docstring.  Classes
also list their public methods and properties, including those from carekit base classes
that are not public themselves (a method of a private base is part of the public class).

:func:`undocumented` is the completeness check: every public class (enums included),
function, method and property has a docstring of its own.  A class does not inherit one from
its base and an auto-generated ``dataclass`` docstring does not count; a method may inherit
its docstring from the carekit base method it overrides (as :func:`inspect.getdoc` does).
Constants and type aliases cannot carry a docstring at runtime; they are listed with their
value or a ``#:`` comment above their assignment when there is one.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ApiEntry",
    "ApiModule",
    "api_page",
    "collect",
    "first_paragraph",
    "public_modules",
    "undocumented",
]

#: Where the check looks for public modules.
PACKAGE = "carekit"


def public_modules(package: str = PACKAGE) -> list[str]:
    """Every public module of *package* (the package itself first), imported to be found."""
    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


@dataclass
class ApiEntry:
    """One documented name: a module-level name or a member of a class."""

    name: str  # as listed: "Application" or "Application.get"
    kind: str  # class, enum, function, method, property, classmethod, staticmethod, data
    signature: str
    doc: str  # the whole docstring, cleaned; "" when there is none
    origin: str  # where it is defined: "carekit.app._app:Application.get"
    members: list[ApiEntry] = field(default_factory=list)
    needs_doc: bool = True


@dataclass
class ApiModule:
    """A public module: its docstring's first paragraph and its ``__all__`` entries."""

    name: str
    doc: str
    has_all: bool
    entries: list[ApiEntry]
    #: names documented under another public module: name -> (that module, name there)
    elsewhere: dict[str, tuple[str, str]] = field(default_factory=dict)


def first_paragraph(doc: str) -> str:
    """The first paragraph of a cleaned docstring, on one line, with reST roles as code."""
    paragraph = doc.strip().split("\n\n", 1)[0]
    return _markdown(" ".join(line.strip() for line in paragraph.splitlines()))


def _markdown(text: str) -> str:
    text = re.sub(r":[a-z]+:`~?([^`]+)`", lambda m: "`" + m.group(1).rsplit(".", 1)[-1] + "`", text)
    text = text.replace("``", "`")
    return text.replace("|", "\\|")


def _own_class_doc(cls: type) -> str:
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return ""
    # dataclasses write "Name(field: type, ...)" as the docstring of an undocumented class
    if getattr(cls, "__dataclass_fields__", None) is not None and doc.startswith(
        cls.__name__ + "("
    ):
        return ""
    return inspect.cleandoc(doc)


def _default(value: Any) -> str:
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, (tuple, frozenset)) and not value:
        return repr(value)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if isinstance(name, str) and (inspect.isroutine(value) or inspect.isclass(value)):
        return name
    return type(value).__name__.upper() if type(value).__name__.isupper() else "…"


def _annotation(annotation: Any) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def signature(obj: Callable[..., Any], *, skip_first: bool = False) -> str:
    """``(a: int, *, b: str = 'x') -> bool``, with stable text for defaults (no addresses)."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(…)"
    parts: list[str] = []
    seen_keyword_only = False
    params = list(sig.parameters.values())
    if skip_first and params and params[0].name in ("self", "cls"):
        params = params[1:]
    for index, param in enumerate(params):
        if param.kind is param.KEYWORD_ONLY and not seen_keyword_only:
            parts.append("*")
            seen_keyword_only = True
        if param.kind is param.VAR_POSITIONAL:
            seen_keyword_only = True
            text = "*" + param.name
        elif param.kind is param.VAR_KEYWORD:
            text = "**" + param.name
        else:
            text = param.name
        annotation = _annotation(param.annotation)
        if annotation:
            text += f": {annotation}"
        if param.default is not param.empty:
            text += f" = {_default(param.default)}" if annotation else f"={_default(param.default)}"
        parts.append(text)
        following = params[index + 1] if index + 1 < len(params) else None
        if param.kind is param.POSITIONAL_ONLY and (
            following is None or following.kind is not param.POSITIONAL_ONLY
        ):
            parts.append("/")
    text = "(" + ", ".join(parts) + ")"
    returns = _annotation(sig.return_annotation)
    return text + (f" -> {returns}" if returns else "")


def _is_pydantic_model(cls: type) -> bool:
    return any(base.__module__.startswith("pydantic") for base in cls.__mro__[1:])


def _class_signature(cls: type) -> str:
    bases = [b for b in cls.__bases__ if b is not object]
    head = f"class {cls.__name__}"
    if bases:
        head += "(" + ", ".join(b.__name__ for b in bases) + ")"
    return head


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _members(cls: type, public_ids: set[int], package: str) -> Iterator[ApiEntry]:
    """Public methods and properties of *cls* from itself and its private *package* bases."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not _inside(klass.__module__, package):
            continue
        if klass is not cls and id(klass) in public_ids:
            continue  # documented with that public class
        for name, value in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            entry = _member(cls, klass, name, value, package)
            if entry is not None:
                seen.add(name)
                yield entry


def _member(cls: type, klass: type, name: str, value: Any, package: str) -> ApiEntry | None:
    origin = f"{klass.__module__}:{klass.__qualname__}.{name}"
    if isinstance(value, property):
        func = value.fget
        if func is None:
            return None
        sig = ""
        returns = _annotation(inspect.signature(func).return_annotation)
        if returns:
            sig = f": {returns}"
        return ApiEntry(f"{cls.__name__}.{name}", "property", sig, _doc_of(func), origin)
    if isinstance(value, (classmethod, staticmethod)):
        func = value.__func__
        kind = "classmethod" if isinstance(value, classmethod) else "staticmethod"
        sig = signature(func, skip_first=kind == "classmethod")
        return ApiEntry(
            f"{cls.__name__}.{name}", kind, sig, _method_doc(cls, name, func, package), origin
        )
    if inspect.isfunction(value):
        sig = signature(value, skip_first=True)
        return ApiEntry(
            f"{cls.__name__}.{name}", "method", sig, _method_doc(cls, name, value, package), origin
        )
    return None


def _doc_of(func: Callable[..., Any]) -> str:
    doc = getattr(func, "__doc__", None)
    return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else ""


def _method_doc(cls: type, name: str, func: Callable[..., Any], package: str) -> str:
    own = _doc_of(func)
    if own:
        return own
    # inherited from the carekit method it overrides, as inspect.getdoc does
    for klass in cls.__mro__[1:]:
        if _inside(klass.__module__, package) and name in vars(klass):
            candidate = vars(klass)[name]
            if isinstance(candidate, (classmethod, staticmethod)):
                candidate = candidate.__func__
            inherited = _doc_of(candidate) if callable(candidate) else ""
            if inherited:
                return inherited
    return ""


def _comment_doc(module: types.ModuleType, name: str) -> str:
    """The ``#:`` comment lines right above ``name = …`` in *module*'s source."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return ""
    lines = source.splitlines()
    pattern = re.compile(rf"^{re.escape(name)}\s*(:[^=]*)?=")
    for index, line in enumerate(lines):
        if pattern.match(line):
            comments: list[str] = []
            back = index - 1
            while back >= 0 and lines[back].startswith("#:"):
                comments.insert(0, lines[back][2:].strip())
                back -= 1
            return " ".join(comments)
    return ""


def _data_signature(module: types.ModuleType, name: str, value: Any) -> str:
    annotation = vars(module).get("__annotations__", {}).get(name)
    if annotation is not None:
        return f": {_annotation(annotation)}"
    if isinstance(value, (bool, int, float)) or value is None:
        return f" = {value!r}"
    if isinstance(value, str):
        return f" = {value!r}" if len(value) <= 60 else ": str"
    if isinstance(value, types.GenericAlias) or type(value).__module__ == "typing":
        return " = " + _annotation(value).replace("typing.", "")
    return f": {type(value).__name__}"


def _defining_module(obj: Any) -> types.ModuleType | None:
    name = getattr(obj, "__module__", None)
    if not isinstance(name, str):
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _entry(
    module: types.ModuleType, name: str, obj: Any, public_ids: set[int], package: str
) -> ApiEntry:
    if inspect.isclass(obj):
        kind = "enum" if issubclass(obj, enum.Enum) else "class"
        entry = ApiEntry(
            name,
            kind,
            _class_signature(obj),
            _own_class_doc(obj),
            f"{obj.__module__}:{obj.__qualname__}",
        )
        entry.members = list(_members(obj, public_ids, package))
        return entry
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return ApiEntry(
            name, "function", signature(obj), _doc_of(obj), f"{obj.__module__}:{obj.__qualname__}"
        )
    home = _defining_module(obj) if inspect.isroutine(obj) else None
    doc = _comment_doc(home or module, name) or _comment_doc(module, name)
    return ApiEntry(
        name,
        "data",
        _data_signature(module, name, obj),
        doc,
        f"{module.__name__}:{name}",
        needs_doc=False,
    )


def _identity(obj: Any) -> int | None:
    """An object listed by several modules is one entry (documented once).  Scalars and empty
    containers are not identified (two equal ones may be one interned object)."""
    if obj is None or isinstance(obj, (bool, int, float, str, bytes)):
        return None
    if isinstance(obj, (tuple, frozenset)) and not obj:
        return None
    return id(obj)


def _home(candidates: Sequence[str], obj: Any) -> str:
    """The public module a re-exported object is documented under: the one nearest to
    where it is defined (``carekit.app`` for ``carekit.app._app.Application``)."""
    defined_in = str(getattr(obj, "__module__", ""))

    def closeness(module: str) -> tuple[int, int]:
        inside = defined_in == module or defined_in.startswith(module + ".")
        return (1 if inside else 0, len(module))

    return max(candidates, key=closeness)


def collect(package: str = PACKAGE) -> list[ApiModule]:
    """Read the public API of every public module of *package* (default: carekit)."""
    names = public_modules(package)
    loaded = {name: importlib.import_module(name) for name in names}
    listed_by: dict[int, dict[str, str]] = {}  # object -> {module: name there}
    for name, module in loaded.items():
        for export in getattr(module, "__all__", ()):
            key = _identity(getattr(module, export))
            if key is not None:
                listed_by.setdefault(key, {}).setdefault(name, export)
    public_ids = {key for key, where in listed_by.items() if where}
    result = []
    for name, module in loaded.items():
        exports = getattr(module, "__all__", None)
        api = ApiModule(name, inspect.cleandoc(module.__doc__ or ""), exports is not None, [])
        for export in sorted(exports or (), key=lambda n: (n.startswith("_"), n.lower())):
            obj = getattr(module, export)
            key = _identity(obj)
            if key is not None:
                home = _home(list(listed_by[key]), obj)
                if home != name:
                    api.elsewhere[export] = (home, listed_by[key][home])
                    continue
            api.entries.append(_entry(module, export, obj, public_ids, package))
        result.append(api)
    return result


def undocumented(api: Iterable[ApiModule]) -> list[str]:
    """``module:qualname`` of every public class, function, method and property without a
    docstring (each once, where it is defined), and ``module:__all__`` of every public module
    without one.  Sorted."""
    missing: set[str] = set()
    for module in api:
        if not module.has_all:
            missing.add(f"{module.name}:__all__")
        if not module.doc:
            missing.add(f"{module.name}:__doc__")
        for entry in module.entries:
            for item in (entry, *entry.members):
                if item.needs_doc and not item.doc:
                    missing.add(item.origin)
    return sorted(missing)


def _anchor(module: str, name: str = "") -> str:
    return (module + ("." + name if name else "")).replace(".", "-").replace("_", "-").lower()


def _entry_lines(module: str, entry: ApiEntry) -> list[str]:
    heading = f"### `{entry.name}`" + (" (enum)" if entry.kind == "enum" else "")
    if entry.kind == "data":
        code = f"{entry.name}{entry.signature}"
    elif entry.kind in ("class", "enum"):
        code = entry.signature
    else:
        code = f"def {entry.name}{entry.signature}"
    lines = [f"{heading} {{#{_anchor(module, entry.name)}}}", "", "```python", code, "```", ""]
    if entry.doc:
        lines += [first_paragraph(entry.doc), ""]
    elif entry.needs_doc:
        lines += ["*Not documented yet.*", ""]
    if entry.members:
        lines += ["| member | |", "|---|---|"]
        for member in entry.members:
            short = member.name.split(".", 1)[1]
            if member.kind == "property":
                shown = f"`{short}{member.signature}` (property)"
            else:
                prefix = "" if member.kind == "method" else f"{member.kind} "
                shown = f"{prefix}`{short}{member.signature}`"
            text = first_paragraph(member.doc) if member.doc else "*not documented yet*"
            lines.append(f"| {shown.replace('|', chr(92) + '|')} | {text} |")
        lines.append("")
    return lines


def api_page(api: Sequence[ApiModule] | None = None) -> str:
    """``docs/api.md``: every public module, its names with signature and first paragraph."""
    modules = list(collect() if api is None else api)
    out = [
        "# Python API",
        "",
        "<!-- generated by `python -m carekit._docs write` from each public module's `__all__`"
        " and docstrings; do not edit -->",
        "",
        "Import from `carekit` and its public subpackages; never from a module whose name starts",
        "with an underscore.  Every public module lists its API in `__all__`; this page is",
        "generated from those lists and the docstrings (signature and first paragraph), and",
        "`python -m carekit._docs check` fails when a public name has no docstring.",
        "",
        "Modules: " + ", ".join(f"[`{m.name}`](#{_anchor(m.name)})" for m in modules) + ".",
        "",
    ]
    for module in modules:
        out += [f"## `{module.name}` {{#{_anchor(module.name)}}}", ""]
        if module.doc:
            out += [first_paragraph(module.doc), ""]
        if not module.has_all:
            out += ["*This module has no `__all__`.*", ""]
        if module.elsewhere:
            also = ", ".join(
                f"[`{n}`](#{_anchor(home, there)})"
                for n, (home, there) in sorted(module.elsewhere.items())
            )
            out += [f"Also exports (documented where they live): {also}.", ""]
        for entry in module.entries:
            out += _entry_lines(module.name, entry)
    return "\n".join(out).rstrip() + "\n"


def repository_root() -> Path:
    """The checkout this module runs from (``src/carekit/_apiref.py`` → the root)."""
    return Path(__file__).resolve().parents[2]
