"""click's own messages in Danish, inside carekit's commands.

click marks every message it prints with gettext (``_("No such option {name!r}.")``) but has
no Danish catalogue, and gettext's global domain is the host process's to configure, not a
library's.  So :func:`install` replaces the ``_`` and ``ngettext`` that click's modules bound
at import with two functions that look the message up in :data:`DANISH` - and only while a
*carekit* command runs in Danish (``--lang da``, or no ``--lang``: Danish is the default).
Anywhere else, including another program's click commands in the same process, they return
click's English text unchanged, exactly as gettext without a catalogue does.

Only error messages are translated.  ``--help`` stays English throughout (the command
help texts are English, and "Usage:"/"Options:" headings in Danish over English text would
be worse than either), as docs/cli.md says.

:data:`DANISH` is keyed by click's message ids; ``tests/core/test_click_da.py`` checks that
each id still occurs in the installed click, so an upgrade that rewords a message is noticed.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Final

import click

from carekit.cli._options import CHOSEN_LANG, LANG_KEY, lang_in_args

__all__ = ["CLICK_MODULES", "DANISH", "DANISH_PLURAL", "install", "running", "translating"]

#: True while ``carekit``'s root group runs (:func:`running`): click shows a usage error
#: after its contexts have closed, so the language is then read from ``CHOSEN_LANG``.
_RUNNING: ContextVar[bool] = ContextVar("carekit_cli_running", default=False)

#: click's modules that bind ``_`` / ``ngettext`` at import and print error messages.
CLICK_MODULES: Final = ("click.core", "click.exceptions", "click.parser", "click.types")

#: click's singular messages, by message id, in Danish (placeholders kept).
DANISH: Final[Mapping[str, str]] = {
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Prøv '{command} {option}' for at få hjælp.",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler tilvalget",
    "Missing parameter": "Mangler parameteren",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler parameteren: {param_name}",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "Missing command.": "Der mangler en kommando.",
    "unknown error": "ukendt fejl",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kan ikke åbnes: {message}",
    "Aborted!": "Afbrudt!",
    "Value must be an iterable.": "Værdien skal være en række værdier.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tager {nargs} værdier.",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt tal.",
    "{value} is not in the range {range}.": "{value} er uden for intervallet {range}.",
    "{value!r} is not a valid UUID.": "{value!r} er ikke et gyldigt UUID.",
    "{name} {filename!r} does not exist.": "{filename!r} findes ikke.",
    "{name} {filename!r} is a file.": "{filename!r} er en fil, ikke en mappe.",
    "{name} {filename!r} is a directory.": "{filename!r} er en mappe, ikke en fil.",
    "{name} {filename!r} is not readable.": "{filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "{filename!r} kan ikke skrives.",
    "{name} {filename!r} is not executable.": "{filename!r} kan ikke køres.",
}

#: click's messages with a plural, by (singular id, plural id), as (singular, plural) Danish.
DANISH_PLURAL: Final[Mapping[tuple[str, str], tuple[str, str]]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Mente du {possibility}?",
        "(Mente du en af disse: {possibilities}?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Uventet ekstra argument ({args})",
        "Uventede ekstra argumenter ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tilvalget {name!r} skal have en værdi.",
        "Tilvalget {name!r} skal have {nargs} værdier.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} er ikke {choice}.",
        "{value!r} er ikke en af {choices}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Tager {nargs} værdier, men fik 1.",
        "Tager {nargs} værdier, men fik {len}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Der skal {len_type} værdier til, men der kom {len_value}.",
        "Der skal {len_type} værdier til, men der kom {len_value}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} passer ikke til formatet {format}.",
        "{value!r} passer ikke til nogen af formaterne {formats}.",
    ),
}


@contextlib.contextmanager
def running(args: Sequence[str] = ()) -> Iterator[None]:
    """The block in which ``carekit``'s command line runs (its root group's ``main``) with the
    raw arguments *args*: a ``--lang`` among them counts from the start, so an error click
    finds while it reads the arguments (before ``--lang`` is processed) is in that language."""
    running_token = _RUNNING.set(True)
    lang_token = CHOSEN_LANG.set(lang_in_args(args))
    try:
        yield
    finally:
        CHOSEN_LANG.reset(lang_token)
        _RUNNING.reset(running_token)


def translating() -> bool:
    """True while a carekit command runs in Danish: inside a click context of a command
    defined by carekit (or a carekit plugin), or inside :func:`running` after the contexts
    closed, with ``--lang da`` or no ``--lang`` (Danish is the default)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        chosen = ctx.meta.get(LANG_KEY) or (CHOSEN_LANG.get() if _RUNNING.get() else None)
        if chosen is not None:
            return bool(chosen == "da")
        if _is_carekit(ctx):
            return True
    if _RUNNING.get():
        return CHOSEN_LANG.get() in (None, "da")
    return False


def _is_carekit(ctx: click.Context) -> bool:
    context: click.Context | None = ctx
    while context is not None:
        callback = context.command.callback
        module = getattr(callback, "__module__", "") or type(context.command).__module__
        if module.startswith(("carekit.", "carekit_")):
            return True
        context = context.parent
    return False


def _gettext(message: str) -> str:
    return DANISH.get(message, message) if translating() else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    if not translating():
        return chosen
    danish = DANISH_PLURAL.get((singular, plural))
    if danish is None:
        return chosen
    return danish[0] if n == 1 else danish[1]


_installed: list[Callable[[str], str]] = []


def install() -> None:
    """Let click's error messages speak Danish inside carekit's commands (idempotent)."""
    if _installed:
        return
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    _installed.append(_gettext)
