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
"""

from __future__ import annotations

import os
import tomllib
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from carekit.app import open_app
from carekit.errors import ConfigurationError
from carekit.i18n import Text
from carekit.model import Record
from carekit.plugins import Plugins

__all__ = ["CONFIG_ENV", "CliState", "Settings", "load_settings"]

CONFIG_ENV = "CAREKIT_CONFIG"


@attrs.frozen
class Settings:
    """What the settings file says (empty when there is none)."""

    channels: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    routing: Mapping[str, Any] = attrs.field(factory=dict)
    path: Path | None = None
    audit: Mapping[str, Any] = attrs.field(factory=dict)


def load_settings(path: Path | None) -> Settings:
    """Read the TOML settings file at *path* (or ``$CAREKIT_CONFIG``; none: empty settings)."""
    chosen = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    if chosen is None:
        return Settings()
    try:
        data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"cannot read settings file {chosen}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(
            Text(
                f"Indstillingsfilen {chosen} er ikke UTF-8-tekst (byte {exc.start}); gem den "
                "som UTF-8.",
                f"Settings file {chosen} is not UTF-8 text (byte {exc.start}); save it as UTF-8.",
            )
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"settings file {chosen} is not valid TOML: {exc}") from None
    unknown = set(data) - {"channels", "routing", "audit"}
    if unknown:
        raise ConfigurationError(
            f"settings file {chosen}: unknown section(s) {', '.join(sorted(unknown))}; "
            "known: channels, routing, audit"
        )
    audit = data.get("audit", {})
    if not isinstance(audit, dict):
        raise ConfigurationError(f"settings file {chosen}: [audit] must be a table")
    channels = data.get("channels", {})
    routing = data.get("routing", {})
    if not isinstance(channels, dict) or not all(isinstance(v, dict) for v in channels.values()):
        raise ConfigurationError(f"settings file {chosen}: [channels.NAME] must be tables")
    if not isinstance(routing, dict):
        raise ConfigurationError(f"settings file {chosen}: [routing] must be a table")
    return Settings(channels=channels, routing=routing, path=chosen, audit=audit)


def _routing(settings: Settings) -> Any:
    from carekit.notify import Recipient, Routing, StaticDirectory  # noqa: PLC0415

    conf = settings.routing
    try:
        recipients = [Recipient(**r) for r in conf.get("recipients", [])]
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"[[routing.recipients]]: {exc}") from None
    by_id = {r.id: r for r in recipients}
    fallback = conf.get("fallback_team")
    if fallback is not None and (not isinstance(fallback, str) or fallback not in by_id):
        raise ConfigurationError(
            f"routing.fallback_team {fallback!r} is not one of the [[routing.recipients]]"
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
            raise ConfigurationError(
                f"settings name channel {name!r}, but no such channel is installed; installed: "
                f"{', '.join(sorted(installed)) or 'none'}"
            )
        channels[name] = info.factory(conf)
    return channels


class CliState(dict[str, Any]):
    """``ctx.obj`` of the root command (a dict, so commands can look keys up)."""

    def __init__(self, config: Path | None = None):
        super().__init__()
        self.config = config
        self["carekit.render.loader"] = self.load_citizen_records
        self["carekit.plugins"] = self.plugins
        self._plugins: Plugins | None = None

    def plugins(self) -> Plugins:
        """The installed plugins (loaded once, on first use)."""
        if self._plugins is None:
            self._plugins = Plugins.load()
        return self._plugins

    @staticmethod
    def load_citizen_records(db: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
        """The latest version of every record of *citizen_id* in the store at *db*."""
        with open_app(db) as app:
            return app.citizen_records(citizen_id)

    @property
    def notify_env(self) -> Any:
        """The :class:`~carekit.cli.notify.NotifyEnv` that opens stores with the configured
        channels and routing (from the settings file)."""
        from carekit.cli.notify import NotifyApp, NotifyEnv  # noqa: PLC0415

        def open_notify(db: str | None) -> NotifyApp:
            settings = load_settings(self.config)
            app = open_app(db)
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
