"""``Application.erase_citizen``: GDPR erasure (article 17) by crypto-shredding, after the
municipality's retention rules.

Order of the checks, each refusing with nothing changed:

1. the reason is given and holds no CPR number (it is kept in the append-only audit, which
   is never erased — so it must not hold personal data);
2. the store can erase (:class:`~carekit.store.SupportsErasure`; else
   :class:`~carekit.store.ErasureNotSupportedError`);
3. no record of the citizen is still under the minimum retention of its kind
   (:class:`RetentionRules`, counted from the record's last change), unless
   *override_retention* names why (kept in the audit with the reason);
4. the store's own checks (a data key is given, no version stored in plaintext; see
   :meth:`carekit.store.SQLiteStore.erase_citizen`).

See ``docs/privacy.md`` for what is kept and what is destroyed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from carekit.errors import ConfigurationError, InvalidArgumentError, RecordNotFoundError
from carekit.i18n import Text
from carekit.model import RECORD_TYPES
from carekit.privacy import find_cprs
from carekit.store import (
    ErasureNotSupportedError,
    ErasureRefusedError,
    ErasureReport,
    SupportsErasure,
)

if TYPE_CHECKING:
    from carekit.app._app import Application

__all__ = ["HeldRecord", "RetentionError", "RetentionRules", "erase_citizen"]


@attrs.frozen
class RetentionRules:
    """Minimum retention in whole years per record kind, counted from a record's last
    change; ``"*"`` is the default for kinds not named.  Empty: no minimum (the
    municipality has not configured any).  From the settings file::

        [retention]
        "*" = 5
        information_record = 10
    """

    years: Mapping[str, int] = attrs.field(factory=dict)

    @classmethod
    def from_settings(
        cls, values: Mapping[str, object], *, source: str = "[retention]"
    ) -> RetentionRules:
        """Rules from a settings table; an unknown kind or a value that is not a whole
        number of years (0–100) raises :class:`~carekit.errors.ConfigurationError`."""
        known = set(RECORD_TYPES) | {"*"}
        years: dict[str, int] = {}
        for kind, value in values.items():
            if kind not in known:
                raise ConfigurationError(
                    Text(
                        f"{source}: ukendt postart {kind!r}; brug en af "
                        f"{', '.join(sorted(known))}.",
                        f"{source}: unknown record kind {kind!r}; use one of "
                        f"{', '.join(sorted(known))}.",
                    )
                )
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise ConfigurationError(
                    Text(
                        f"{source}: {kind} skal være et helt antal år (0–100), ikke {value!r}.",
                        f"{source}: {kind} must be a whole number of years (0–100), not {value!r}.",
                    )
                )
            years[kind] = value
        return cls(years)

    def years_for(self, kind: str) -> int:
        """The minimum retention of *kind* in years (0: none)."""
        return self.years.get(kind, self.years.get("*", 0))


@attrs.frozen
class HeldRecord:
    """A record still under retention: its id, kind, last change and the day it may go."""

    record_id: str
    kind: str
    last_change: dt.datetime
    until: dt.date


class RetentionError(ErasureRefusedError):
    """Erasure refused because records are still under their minimum retention (``held``)."""

    code = "store.retention"

    def __init__(self, citizen_id: str, held: tuple[HeldRecord, ...]):
        self.held = held
        lines = [
            Text(
                f"{h.kind} {h.record_id}: sidst ændret {h.last_change.date().isoformat()}, "
                f"skal opbevares til {h.until.isoformat()}",
                f"{h.kind} {h.record_id}: last changed {h.last_change.date().isoformat()}, "
                f"kept until {h.until.isoformat()}",
            )
            for h in held
        ]
        lines.append(
            Text(
                "Posterne er omfattet af kommunens opbevaringsregler ([retention] i "
                "indstillingsfilen). Slet efter fristen, eller giv en begrundelse for at "
                "tilsidesætte dem (--override-retention BEGRUNDELSE).",
                "The records are under the municipality's retention rules ([retention] in "
                "the settings file). Erase after the deadline, or give a reason to override "
                "them (--override-retention REASON).",
            )
        )
        super().__init__(citizen_id, tuple(lines))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def held_records(
    app: Application, citizen_id: str, rules: RetentionRules, today: dt.date
) -> tuple[HeldRecord, ...]:
    """The citizen's records still under retention on *today*, from the audit (the last
    create or update of each record); :class:`~carekit.errors.RecordNotFoundError` when the
    store has no record of the citizen."""
    last: dict[str, tuple[str, dt.datetime]] = {}
    for entry in app.store.audit_log(citizen_id=citizen_id):
        if entry.action in ("create", "update") and entry.record_id and entry.kind:
            last[entry.record_id] = (entry.kind, entry.at)
    if citizen_id not in last:
        raise RecordNotFoundError(citizen_id)
    held = []
    for rid, (kind, at) in sorted(last.items()):
        years = rules.years_for(kind)
        until = _add_years(at.date(), years)
        if years and until > today:
            held.append(HeldRecord(rid, kind, at, until))
    return tuple(held)


def _check_reason(value: object, parameter: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(
            parameter,
            Text(
                "en begrundelse (tekst), fx sagsnummeret for borgerens anmodning",
                "a reason (text), e.g. the case number of the citizen's request",
            ),
            value,
        )
    if find_cprs(value):
        raise InvalidArgumentError(
            parameter,
            Text(
                "en begrundelse uden CPR-nummer (den gemmes i revisionsloggen, som aldrig slettes)",
                "a reason without a CPR number (it is kept in the audit log, which is never "
                "erased)",
            ),
            "<CPR>",
        )
    return value.strip()


def erase_citizen(
    app: Application,
    citizen_id: str,
    *,
    reason: str,
    retention: RetentionRules,
    override_retention: str | None,
) -> ErasureReport:
    """Check the reason, the backend and retention, then erase (see the module docstring)."""
    who = app._require_reader("erase_citizen")
    text = _check_reason(reason, "reason")
    store = app.store
    if not isinstance(store, SupportsErasure):
        raise ErasureNotSupportedError(type(store).__name__)
    held = held_records(app, citizen_id, retention, app.clock().date())
    if held:
        if override_retention is None:
            raise RetentionError(citizen_id, held)
        why = _check_reason(override_retention, "override_retention")
        text = f"{text} [retention overridden for {len(held)} record(s): {why}]"
    return store.erase_citizen(citizen_id, actor_id=who.actor.id, reason=text)
