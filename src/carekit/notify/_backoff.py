"""Exponential backoff with jitter for failed deliveries."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import attrs

from carekit.errors import ConfigurationError
from carekit.i18n import Text

__all__ = ["Backoff"]


def _positive(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value <= 0:
        raise ConfigurationError(
            Text(
                f"backoff {attribute.name} skal være større end 0, ikke {value}",
                f"backoff {attribute.name} must be > 0, got {value}",
            )
        )


def _at_least_one(_inst: object, _attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ConfigurationError(
            Text(
                f"max_attempts skal være mindst 1, ikke {value}",
                f"max_attempts must be at least 1, got {value}",
            )
        )


@attrs.frozen(kw_only=True)
class Backoff:
    """When to try a failed delivery again.

    After attempt *n* (1-based) the next try waits ``min(max_seconds, base_seconds * 2**(n-1))``
    scaled by a random factor in ``[1 - jitter, 1]`` ("equal jitter" for ``jitter=0.5``), so
    many failed items do not all come back at the same moment.  After ``max_attempts``
    attempts the item goes to the dead letters (:meth:`retry_at` returns ``None``).
    """

    base_seconds: float = attrs.field(default=30.0, validator=_positive)
    max_seconds: float = attrs.field(default=3600.0, validator=_positive)
    max_attempts: int = attrs.field(default=8, validator=_at_least_one)
    jitter: float = attrs.field(default=0.5)
    random: Callable[[], float] = attrs.field(default=random.random, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.jitter <= 1:
            raise ConfigurationError(
                Text(
                    f"backoff jitter skal være mellem 0 og 1, ikke {self.jitter}",
                    f"backoff jitter must be between 0 and 1, got {self.jitter}",
                )
            )

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number *attempt* (1-based)."""
        exponent = min(max(attempt - 1, 0), 62)
        ceiling = min(self.max_seconds, self.base_seconds * 2.0**exponent)
        return ceiling * (1.0 - self.jitter * self.random())

    def retry_at(self, attempt: int, now: dt.datetime) -> dt.datetime | None:
        """When to try again after failed attempt *attempt*, or ``None``: give up."""
        if attempt >= self.max_attempts:
            return None
        return now + dt.timedelta(seconds=self.delay(attempt))
