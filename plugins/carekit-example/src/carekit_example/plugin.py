"""The ``carekit`` entry point of carekit-example: one function per hook.

carekit loads this module through the entry point ``example = "carekit_example.plugin"``
and calls the functions below.  Each returns small descriptors; the work is done in the
private modules next to this one.
"""

from __future__ import annotations

from collections.abc import Sequence

from carekit.events import DomainEvent
from carekit.hookspecs import hookimpl
from carekit.model import Rule
from carekit.notify import CAP_BODY, CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, ChannelInfo
from carekit.plugins import SchemaExtension
from carekit_example._channel import FileDropChannel
from carekit_example._extension import ROOM_NUMBER_EXTENSION
from carekit_example._listener import EventCounter
from carekit_example._rules import CONTACT_PERSON_RULE

__all__ = [
    "carekit_notification_channels",
    "carekit_on_event",
    "carekit_schema_extensions",
    "carekit_validation_rules",
    "event_counts",
]

#: The events this process has seen, by name.  A plugin module lives once per process, so
#: this counter is shared by every application that loads the plugin; register your own
#: ``EventCounter()`` through ``carekit.open(url, plugins=[...])`` to count per application.
event_counts = EventCounter()


@hookimpl
def carekit_notification_channels() -> Sequence[ChannelInfo]:
    return [
        ChannelInfo(
            name="file-drop",
            description="One JSON file per notification in a directory (atomic, idempotent)",
            factory=FileDropChannel.from_mapping,
            capabilities=frozenset({CAP_IDEMPOTENCY_KEY, CAP_SUBJECT, CAP_BODY}),
        )
    ]


@hookimpl
def carekit_validation_rules() -> Sequence[Rule]:
    return [CONTACT_PERSON_RULE]


@hookimpl
def carekit_on_event(event: DomainEvent) -> None:
    event_counts.add(event)


@hookimpl
def carekit_schema_extensions() -> Sequence[SchemaExtension]:
    return [ROOM_NUMBER_EXTENSION]
