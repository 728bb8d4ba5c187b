"""The options every ``carekit`` command shares, declared once: ``--db``, ``--lang``, ``--json``.

* ``--db`` takes a store URL (``sqlite:///care.sqlite``, ``memory://``, ``postgresql://…``) or a
  SQLite file path, on every command (``demo`` included); :func:`db_url` turns a path into a
  ``sqlite://`` URL and passes URLs through.  Without ``--db``: ``$CAREKIT_DB``.
* ``--lang da|en`` picks the language of the output and of error messages; the chosen language
  is remembered in the click context (:func:`current_lang`), so an error raised anywhere under
  a command is printed in it.
* ``--json`` prints JSON instead of text.
* :data:`DATE` is the type of every date option (``--as-of``, ``--date``, ``--since``,
  ``--from``, ``--to``): an ISO date ``YYYY-MM-DD`` given to the command as a
  :class:`datetime.date`, and a bad one refused in the language of ``--lang``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar

import click

from carekit.i18n import DEFAULT_LANG, Lang, Text, check_lang
from carekit.privacy import mask_cpr_in_text, mask_urls_in_text

__all__ = [
    "CHOSEN_LANG",
    "DATE",
    "DB_ENV",
    "LANG_KEY",
    "IsoDate",
    "current_lang",
    "db_option",
    "db_url",
    "error_line",
    "error_message",
    "json_option",
    "lang_in_args",
    "lang_option",
    "unknown_kind",
]

#: Environment variable naming the store when ``--db`` is not given.
DB_ENV = "CAREKIT_DB"
#: Key in ``click.Context.meta`` (shared by a command and its parents) of the ``--lang`` value.
LANG_KEY = "carekit.lang"

F = TypeVar("F", bound=Callable[..., Any])

#: The ``--lang`` of the carekit command line running in this thread (None: not given), kept
#: after click's contexts have closed, for click's own messages shown then
#: (:mod:`carekit.cli._click_da`).
CHOSEN_LANG: ContextVar[Lang | None] = ContextVar("carekit_cli_lang", default=None)


def db_url(value: str) -> str:
    """The store URL for a ``--db`` value: a URL (``scheme://…``) as it is, a file path as the
    ``sqlite://`` URL of that file (:func:`carekit.store.resolve_url`, the one place a path
    becomes a store URL)."""
    from carekit.store import resolve_url  # noqa: PLC0415 - keeps `carekit --help` cheap

    return resolve_url(value)


def _resolve_db(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    return None if value is None or value == "" else db_url(value)


def db_option(help: str | None = None) -> Callable[[F], F]:
    """``--db URL|PATH`` (env ``CAREKIT_DB``): the store, given to the command as a URL or None."""
    return click.option(
        "--db",
        "db",
        metavar="URL|PATH",
        envvar=DB_ENV,
        default=None,
        callback=_resolve_db,
        help=help
        or "Store URL (sqlite:///path, memory://, postgresql://…) or a SQLite file path. "
        "Default: $CAREKIT_DB, else ./carekit.sqlite.",
    )


def _remember_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.meta[LANG_KEY] = check_lang(value)
        CHOSEN_LANG.set(ctx.meta[LANG_KEY])
    return value


def lang_option(
    help: str = "Language of the output.",
    *,
    default: Lang | None = DEFAULT_LANG,
) -> Callable[[F], F]:
    """``--lang da|en``.  With ``default=None`` the command picks the language itself."""
    return click.option(
        "--lang",
        "lang",
        type=click.Choice(["da", "en"]),
        default=default,
        show_default=default is not None,
        callback=_remember_lang,
        is_eager=True,
        help=help,
    )


def json_option(help: str = "Print JSON.") -> Callable[[F], F]:
    """``--json``: print JSON instead of text (the command gets ``as_json``)."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def current_lang(ctx: click.Context | None = None) -> Lang:
    """The ``--lang`` the user gave to the running command (Danish when none)."""
    context = ctx or click.get_current_context(silent=True)
    if context is None:
        return DEFAULT_LANG
    chosen = context.meta.get(LANG_KEY)
    return check_lang(chosen) if isinstance(chosen, str) else DEFAULT_LANG


_ERROR = Text("Fejl: {message}", "Error: {message}")


def unknown_kind(kind: str, kinds: Iterable[str], lang: Lang | None = None) -> str:
    """The message for a record kind carekit does not have, in *lang* (default: the running
    command's ``--lang``), listing the kinds it has."""
    names = ", ".join(kinds)
    return Text(
        f"Posttypen {kind!r} findes ikke. Typerne er: {names}.",
        f"unknown kind {kind!r}; kinds: {names}",
    ).get(lang or current_lang())


def lang_in_args(args: Sequence[str]) -> Lang | None:
    """The ``--lang`` written in the raw arguments *args* (the last one wins, as click reads
    it), for what is printed before click has read them: an unknown option, a missing value."""
    found: Lang | None = None
    for n, arg in enumerate(args):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and n + 1 < len(args):
            value = args[n + 1]
        if value in ("da", "en"):
            found = check_lang(value)
    return found


def error_line(message: str, lang: Lang | None = None) -> str:
    """The line a failed command prints: ``Fejl: …`` / ``Error: …`` in *lang* (default: the
    running command's ``--lang``), CPR numbers masked."""
    return _ERROR.format(message=mask_cpr_in_text(message)).get(lang or current_lang())


def error_message(exc: BaseException, lang: Lang) -> str:
    """What the user sees for *exc*: its bilingual ``text`` in *lang* when it has one
    (a :class:`carekit.i18n.Text`), else ``str(exc)``; CPR numbers and any password in a
    quoted URL (:func:`carekit.privacy.mask_urls_in_text`) masked either way."""
    text = getattr(exc, "text", None)
    shown = text.get(lang) if isinstance(text, Text) else str(exc)
    return mask_urls_in_text(mask_cpr_in_text(shown))


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BAD_DATE = Text(
    "{value!r} er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-19.",
    "{value!r} is not a date. Write it as YYYY-MM-DD, e.g. 2026-11-19.",
)
_BAD_VALUE = Text("Ugyldig værdi for {param}: {message}", "Invalid value for {param}: {message}")


class _BadParameter(click.BadParameter):
    """click's ``BadParameter`` with its "Invalid value for" lead-in in the chosen language."""

    def __init__(self, message: str, lang: Lang, ctx: click.Context | None, param: Any) -> None:
        super().__init__(message, ctx=ctx, param=param)
        self.lang = lang

    def format_message(self) -> str:
        hint = self.param_hint or (self.param.get_error_hint(self.ctx) if self.param else None)
        if not hint:
            return self.message
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(f"'{item}'" for item in hint)
        return _BAD_VALUE.get(self.lang).format(param=hint, message=self.message)


class IsoDate(click.ParamType[dt.date]):
    """A calendar date written ``YYYY-MM-DD`` (ISO 8601), converted to :class:`datetime.date`.

    The one date type of the command line, so every date option accepts the same spelling
    and refuses a bad one with the same bilingual message (``--lang`` is eager, so its
    language is known when the date is converted)."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            if _ISO_DATE.fullmatch(text) is None:
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            lang = current_lang(ctx)
            raise _BadParameter(
                _BAD_DATE.get(lang).format(value=str(value)), lang, ctx, param
            ) from None


#: The type of every date option (:class:`IsoDate`).
DATE = IsoDate()
