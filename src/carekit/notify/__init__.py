"""Notifications and reminders (issue #7; DC-6, ST-7, ST-12).

Events and due items become :class:`Notification` objects (ids and plain words, never record
content), go through the store's outbox, and are delivered *at least once* by the
:class:`Dispatcher` to every configured :class:`NotificationChannel`, each with an idempotency
key so receivers see them *exactly once*.  See ``docs/notifications.md``.
"""

from carekit.notify._backoff import Backoff
from carekit.notify._cancel import CANCELLED_PREFIX, cancel
from carekit.notify._consent import (
    SKIP_REASONS,
    RecordConsents,
    RelativeConsents,
    Skipped,
    SkipReason,
    StoreConsents,
)
from carekit.notify._dispatch import (
    DELIVERY_TOPIC,
    NOTIFY_TOPIC,
    Dispatcher,
    DispatchStats,
    enqueue_notification,
)
from carekit.notify._model import (
    CAP_BODY,
    CAP_IDEMPOTENCY_KEY,
    CAP_SIGNED,
    CAP_SUBJECT,
    RECIPIENT_KINDS,
    ChannelDeliveryError,
    ChannelInfo,
    DeliveryReceipt,
    Notification,
    NotificationChannel,
    Recipient,
    RecipientKind,
)
from carekit.notify._remind import RemindStats, due_items, remind
from carekit.notify._routing import (
    DEFAULT_EVENT_RULES,
    REMINDER_TYPES,
    Audience,
    Directory,
    EventRule,
    Routed,
    Routing,
    StaticDirectory,
)
from carekit.notify._templates import (
    DEFAULT_TEMPLATES,
    TEMPLATE_VALUES,
    MessageTemplate,
    Rendered,
    TemplateSet,
    format_date,
)

__all__ = [
    "CANCELLED_PREFIX",
    "CAP_BODY",
    "CAP_IDEMPOTENCY_KEY",
    "CAP_SIGNED",
    "CAP_SUBJECT",
    "DEFAULT_EVENT_RULES",
    "DEFAULT_TEMPLATES",
    "DELIVERY_TOPIC",
    "NOTIFY_TOPIC",
    "RECIPIENT_KINDS",
    "REMINDER_TYPES",
    "SKIP_REASONS",
    "TEMPLATE_VALUES",
    "Audience",
    "Backoff",
    "ChannelDeliveryError",
    "ChannelInfo",
    "DeliveryReceipt",
    "Directory",
    "DispatchStats",
    "Dispatcher",
    "EventRule",
    "MessageTemplate",
    "Notification",
    "NotificationChannel",
    "Recipient",
    "RecipientKind",
    "RecordConsents",
    "RelativeConsents",
    "RemindStats",
    "Rendered",
    "Routed",
    "Routing",
    "SkipReason",
    "Skipped",
    "StaticDirectory",
    "StoreConsents",
    "TemplateSet",
    "cancel",
    "due_items",
    "enqueue_notification",
    "format_date",
    "remind",
]
