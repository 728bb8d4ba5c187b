"""carekit-example: the example carekit plugin that ``docs/writing-an-adapter.md`` walks
through - a ``file-drop`` notification channel, a municipal validation rule, an event
listener and a vendor schema extension.  Copy it to start your own."""

from carekit_example._channel import (
    FILE_FORMAT,
    FileDropChannel,
    FileDropConfig,
    FileDropConfigError,
    file_name_for,
    payload_for,
)
from carekit_example._extension import NAMESPACE, ROOM_NUMBER_EXTENSION, ROOM_NUMBER_SCHEMA
from carekit_example._listener import EventCounter
from carekit_example._rules import CONTACT_PERSON_RULE

__all__ = [
    "CONTACT_PERSON_RULE",
    "FILE_FORMAT",
    "NAMESPACE",
    "ROOM_NUMBER_EXTENSION",
    "ROOM_NUMBER_SCHEMA",
    "EventCounter",
    "FileDropChannel",
    "FileDropConfig",
    "FileDropConfigError",
    "file_name_for",
    "payload_for",
]
