"""Valid sample records built from the published schemas (for templates, tests, benchmarks).

:func:`sample_record` walks a kind's published schema and fills in a value for every required
property (and, with ``full=True``, the optional ones too), so the result is valid against the
schema whatever the schema says today.  Values are pseudonymous: no real CPR numbers.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from carekit.schema import published_schema

__all__ = ["sample_record"]

_WORDS = (
    "borger",
    "tryghed",
    "plan",
    "aftale",
    "besøg",
    "hjemmepleje",
    "drøm",
    "pårørende",
    "kaffe",
    "have",
    "gåtur",
    "musik",
    "aften",
    "morgen",
    "kontakt",
    "netværk",
)

# Values known to satisfy each published pattern (checked by the tests against the schemas).
_PATTERN_VALUES: dict[str, tuple[str, ...]] = {
    r"^1\.[0-9]+$": ("1.0", "1.2"),
    r"^\+?[0-9][0-9 ]{2,19}$": ("+45 12 34 56 78", "112", "70 10 20 30"),
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": ("kontakt@kommune.dk", "anna.hansen@example.org"),
    r"^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}$": ("010190-0000",),
    r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$": ("dk.vendor", "dk.kommune.felt"),
    r"^[a-z0-9][a-z0-9-]{0,62}$": ("livshistorie", "marte-meo"),  # foundation keys (DC-4)
    # a visit's time window (ST-12): a "From" before every "Until", so samples keep the rule
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": ("08:00", "08:30"),
}
_UNTIL = ("16:00", "16:30")


class _Builder:
    def __init__(self, root: dict[str, Any], rng: random.Random, full: bool):
        self.root = root
        self.rng = rng
        self.full = full

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/$defs/"):  # pragma: no cover - published schemas are local
                raise ValueError(f"cannot build a sample for $ref {ref!r}")
            node = self.root["$defs"][ref.removeprefix("#/$defs/")]
        return node

    def value(self, node: dict[str, Any]) -> Any:  # noqa: PLR0911 - one return per JSON type
        node = self.resolve(node)
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return self.rng.choice(node["enum"])
        if "anyOf" in node:
            branches = [b for b in node["anyOf"] if self.resolve(b).get("type") != "null"]
            return self.value(self.rng.choice(branches))
        kind = node.get("type")
        if kind == "string":
            return self.string(node)
        if kind == "integer":
            low = node.get("minimum", 0)
            return self.rng.randint(low, node.get("maximum", low + 20))
        if kind == "number":
            return round(self.rng.uniform(node.get("minimum", 0), node.get("maximum", 100)), 2)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "array":
            low = node.get("minItems", 0)
            count = self.rng.randint(max(low, 1), max(low, 2)) if self.full else low
            return [self.value(node.get("items", {})) for _ in range(count)]
        if kind == "object" or "properties" in node:
            return self.obj(node)
        if kind == "null":
            return None
        return "x"

    def string(self, node: dict[str, Any]) -> str:
        fmt = node.get("format")
        if fmt == "uuid":
            return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if fmt == "date":
            return (dt.date(2024, 1, 1) + dt.timedelta(days=self.rng.randint(0, 900))).isoformat()
        if fmt == "date-time":
            moment = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
                seconds=self.rng.randint(0, 80_000_000)
            )
            return moment.isoformat().replace("+00:00", self.rng.choice(("Z", "+00:00")))
        if "pattern" in node:
            values = _PATTERN_VALUES[node["pattern"]]
            if node.get("title") == "Until" and "08:00" in values:
                values = _UNTIL
            return self.rng.choice(values)
        words = " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(1, 8)))
        return words.capitalize()

    def obj(self, node: dict[str, Any]) -> dict[str, Any]:
        props: dict[str, Any] = node.get("properties", {})
        required = set(node.get("required", ()))
        out: dict[str, Any] = {}
        for name, sub in props.items():
            if name in required or (self.full and self.rng.random() < 0.8):
                out[name] = self.value(sub)
        return out


def sample_record(kind: str, *, seed: int | None = None, full: bool = True) -> dict[str, Any]:
    """A record of *kind* that is valid against its published schema.

    ``full=False`` fills only required properties; ``seed`` makes the result reproducible.
    """
    schema = published_schema(kind)
    rng = random.Random(None if seed is None else f"{kind}:{seed}")  # noqa: S311 - sample data, not secrets
    record = _Builder(schema, rng, full).obj(schema)
    record["kind"] = kind
    record.setdefault("id", str(uuid.UUID(int=rng.getrandbits(128), version=4)))
    return record
