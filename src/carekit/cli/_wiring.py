"""Connect the commands that live in other packages to ``carekit.open()`` and the plugins.

The root command puts a :class:`CliState` in ``ctx.obj``.  It carries

* the record loader the ``render`` command uses (``carekit.render.loader``),
* the installed plugins (``carekit.plugins``), for template overrides and jargon terms,
* the :class:`~carekit.cli.notify.NotifyEnv` the notification commands open stores with:
  channels and routing come from the settings file (``--config`` / ``$CAREKIT_CONFIG``).

Settings file (TOML)::

    [channels.email]             # an installed channel plugin, and its settings
    host = "smtp.kommune.dk"
    port = 587
    starttls = true
    from = "carekit@kommune.dk"

    [routing]
    link_template = "https://omsorg.example.dk/records/{record_id}"
    fallback_team = "team-nord"

    [[routing.recipients]]
    id = "team-nord"
    kind = "team"
    display_name = "Hjemmeplejen Nord"
    addresses = { email = "nord@kommune.dk" }

    [audit]                      # the Ed25519 key that signs chain checkpoints
    signing_key_file = "/etc/carekit/audit-ed25519.pem"   # or signing_key = "<base64>"

    [store]                      # the store key that wraps each citizen's data key
    data_key_file = "/etc/carekit/data.key"   # 'carekit store new-key -o FILE'

    [retention]                  # minimum years kept after a record's last change
    "*" = 5                      # (the municipality decides; see docs/privacy.md)
    information_record = 10
"""

from __future__ import annotations

import getpass
import os
import re
import tomllib
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import click

from carekit.app import open_app
from carekit.errors import ConfigurationError
from carekit.i18n import Text
from carekit.model import Actor, ActorKind, Channel, Purpose, Record
from carekit.plugins import Plugins

__all__ = ["CONFIG_ENV", "CliState", "Settings", "load_settings", "settings_data_key"]

CONFIG_ENV = "CAREKIT_CONFIG"


@attrs.frozen
class Settings:
    """What the settings file says (empty when there is none)."""

    channels: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    routing: Mapping[str, Any] = attrs.field(factory=dict)
    path: Path | None = None
    audit: Mapping[str, Any] = attrs.field(factory=dict)
    store: Mapping[str, Any] = attrs.field(factory=dict)
    retention: Mapping[str, Any] = attrs.field(factory=dict)

    def data_key(self) -> str | None:
        """``[store] data_key_file`` (a path) or ``data_key`` (base64), if set."""
        value = self.store.get("data_key_file") or self.store.get("data_key")
        return value if isinstance(value, str) and value else None


#: The sections a settings file may have.
SECTIONS = ("channels", "routing", "audit", "store", "retention")


def _known(names: Sequence[str], conjunction: str) -> str:
    """``a, b og c`` / ``a, b and c``."""
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1] if len(names) > 1 else names[0]


def _toml_problem(path: Path, exc: tomllib.TOMLDecodeError) -> Text:
    """Why *path* is not TOML, with the line and column the parser stopped at."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    if match is None:  # pragma: no cover - tomllib always names the place
        return Text(
            f"Indstillingsfilen {path} er ikke gyldig TOML; ret syntaksen.",
            f"Settings file {path} is not valid TOML; fix the syntax.",
        )
    line, column = match.groups()
    reason = str(exc)[: match.start()].strip()
    return Text(
        f"Indstillingsfilen {path} er ikke gyldig TOML (linje {line}, kolonne {column}); ret "
        "syntaksen der.",
        f"Settings file {path} is not valid TOML ({reason} at line {line}, column {column}); "
        "fix the syntax there.",
    )


def load_settings(path: Path | None) -> Settings:
    """Read the TOML settings file at *path* (or ``$CAREKIT_CONFIG``; none: empty settings)."""
    chosen = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    if chosen is None:
        return Settings()
    try:
        data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(
            Text(
                f"Indstillingsfilen {chosen} kan ikke læses ({exc.strerror}); tjek stien og "
                "rettighederne.",
                f"Cannot read settings file {chosen} ({exc.strerror}); check the path and its "
                "permissions.",
            )
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(
            Text(
                f"Indstillingsfilen {chosen} er ikke UTF-8-tekst (byte {exc.start}); gem den "
                "som UTF-8.",
                f"Settings file {chosen} is not UTF-8 text (byte {exc.start}); save it as UTF-8.",
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(_toml_problem(chosen, exc)) from None
    unknown = set(data) - set(SECTIONS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ConfigurationError(
            Text(
                f"Indstillingsfilen {chosen} har "
                + ("en ukendt sektion" if len(unknown) == 1 else "ukendte sektioner")
                + f": {names}. Kendte sektioner er {_known(SECTIONS, 'og')}.",
                f"Settings file {chosen} has unknown section"
                + ("" if len(unknown) == 1 else "s")
                + f": {names}. Known sections are {_known(SECTIONS, 'and')}.",
            )
        )
    for section in ("audit", "store", "retention"):
        if not isinstance(data.get(section, {}), dict):
            raise ConfigurationError(
                Text(
                    f"Indstillingsfilen {chosen}: [{section}] skal være en tabel.",
                    f"Settings file {chosen}: [{section}] must be a table.",
                )
            )
    audit = data.get("audit", {})
    channels = data.get("channels", {})
    routing = data.get("routing", {})
    if not isinstance(channels, dict) or not all(isinstance(v, dict) for v in channels.values()):
        raise ConfigurationError(
            Text(
                f"Indstillingsfilen {chosen}: hver kanal skal være en tabel, [channels.NAVN].",
                f"Settings file {chosen}: every channel must be a table, [channels.NAME].",
            )
        )
    if not isinstance(routing, dict):
        raise ConfigurationError(
            Text(
                f"Indstillingsfilen {chosen}: [routing] skal være en tabel.",
                f"Settings file {chosen}: [routing] must be a table.",
            )
        )
    return Settings(
        channels=channels,
        routing=routing,
        path=chosen,
        audit=audit,
        store=data.get("store", {}),
        retention=data.get("retention", {}),
    )


def settings_data_key(config: Path | None = None) -> str | None:
    """The data key the running command opens stores with: ``$CAREKIT_DATA_KEY`` /
    ``$CAREKIT_DATA_KEY_FILE``, else the settings file's ``[store]`` (``None``: plaintext)."""
    from carekit.store import DATA_KEY_ENV, DATA_KEY_FILE_ENV  # noqa: PLC0415

    env = os.environ.get(DATA_KEY_ENV) or os.environ.get(DATA_KEY_FILE_ENV)
    if env:
        return env
    if config is None:
        ctx = click.get_current_context(silent=True)
        state = ctx.find_root().obj if ctx is not None else None
        config = getattr(state, "config", None)
    return load_settings(config).data_key()


def _routing(settings: Settings) -> Any:
    from carekit.notify import Recipient, Routing, StaticDirectory  # noqa: PLC0415

    conf = settings.routing
    try:
        recipients = [Recipient(**r) for r in conf.get("recipients", [])]
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(
            Text(
                "En modtager i [[routing.recipients]] er ugyldig: hver skal have id (tekst), kind "
                "(staff, team, citizen eller relative) og må have display_name, addresses (en "
                f"tabel) og lang (da eller en). Fejl: {exc}",
                "A recipient in [[routing.recipients]] is invalid: each needs id (text) and kind "
                "(staff, team, citizen or relative) and may have display_name, addresses (a "
                f"table) and lang (da or en). Error: {exc}",
            )
        ) from None
    by_id = {r.id: r for r in recipients}
    fallback = conf.get("fallback_team")
    if fallback is not None and (not isinstance(fallback, str) or fallback not in by_id):
        raise ConfigurationError(
            Text(
                f"routing.fallback_team {fallback!r} er ikke en af modtagerne i "
                "[[routing.recipients]]; brug en modtagers id.",
                f"routing.fallback_team {fallback!r} is not one of the [[routing.recipients]]; "
                "use a recipient's id.",
            )
        )
    directory = StaticDirectory(
        recipients=recipients,
        teams=dict(conf.get("teams", {})),
        relatives={k: list(v) for k, v in conf.get("relatives", {}).items()},
    )
    return Routing(
        directory=directory,
        fallback_team=by_id.get(fallback) if fallback else None,
        link_template=conf.get("link_template"),
    )


def _channels(settings: Settings, plugins: Plugins) -> dict[str, Any]:
    installed = {info.name: info for info in plugins.notification_channels()}
    channels = {}
    for name, conf in settings.channels.items():
        info = installed.get(name)
        if info is None:
            known_da = ", ".join(sorted(installed)) or "ingen"
            known_en = ", ".join(sorted(installed)) or "none"
            raise ConfigurationError(
                Text(
                    f"Indstillingerne nævner kanalen {name!r}, men den er ikke installeret. "
                    f"Installerede kanaler: {known_da}.",
                    f"The settings name channel {name!r}, but no such channel is installed. "
                    f"Installed channels: {known_en}.",
                )
            )
        channels[name] = info.factory(conf)
    return channels


def reader_actor(name: str | None, role: str | None) -> Actor:
    """The reader of a command: ``--as NAME`` (``$CAREKIT_ACTOR``) with ``--role``, else the
    login name of whoever runs it — a read is never logged as "unknown"."""
    chosen = (name or "").strip()
    if chosen:
        return Actor(id=chosen, kind=ActorKind.STAFF, name=chosen, role=(role or None))
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        login = f"uid-{os.getuid()}" if hasattr(os, "getuid") else "cli"
    return Actor(id=f"os:{login}", kind=ActorKind.STAFF, name=login, role=(role or None))


def current_reader() -> Actor:
    """The reader of the running command (see :func:`reader_actor`)."""
    ctx = click.get_current_context(silent=True)
    state = ctx.find_root().obj if ctx is not None else None
    if isinstance(state, CliState):
        return state.reader
    return reader_actor(os.environ.get("CAREKIT_ACTOR"), os.environ.get("CAREKIT_ACTOR_ROLE"))


class CliState(dict[str, Any]):
    """``ctx.obj`` of the root command (a dict, so commands can look keys up)."""

    def __init__(
        self, config: Path | None = None, *, reader: str | None = None, role: str | None = None
    ):
        super().__init__()
        self.config = config
        #: Who reads through this command (``--as``/``$CAREKIT_ACTOR``, ``--role``).
        self.reader = reader_actor(reader, role)
        self["carekit.render.loader"] = self.load_citizen_records
        self["carekit.plugins"] = self.plugins
        self._plugins: Plugins | None = None

    def plugins(self) -> Plugins:
        """The installed plugins (loaded once, on first use)."""
        if self._plugins is None:
            self._plugins = Plugins.load()
        return self._plugins

    def load_citizen_records(self, db: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
        """The latest version of every record of *citizen_id* in the store at *db* (logged as
        one ``render`` read by the command's reader)."""
        with open_app(
            db,
            actor=self.reader,
            purpose=Purpose.CARE,
            channel=Channel.CLI,
            data_key=settings_data_key(self.config),
        ) as app:
            return app.citizen_records(citizen_id, operation="render")

    @property
    def notify_env(self) -> Any:
        """The :class:`~carekit.cli.notify.NotifyEnv` that opens stores with the configured
        channels and routing (from the settings file)."""
        from carekit.cli.notify import NotifyApp, NotifyEnv  # noqa: PLC0415

        def open_notify(db: str | None) -> NotifyApp:
            settings = load_settings(self.config)
            app = open_app(db, data_key=settings.data_key())
            try:
                return NotifyApp(
                    store=app.store,
                    channels=_channels(settings, app.plugins),
                    routing=_routing(settings),
                )
            except BaseException:
                app.close()  # a bad channel or routing setting never leaks the store
                raise

        opener: Callable[[str | None], NotifyApp] = open_notify
        return NotifyEnv(open=opener)
