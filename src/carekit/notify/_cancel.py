"""Cancelling a message that has not been sent: the visit was moved, the reminder is no longer
true.  A cancelled message is dead-lettered (``fail`` without ``retry_at``) with the reason as
its ``last_error``, so no dispatcher ever claims it again; ``carekit outbox retry`` would
revive it, as it revives any dead message."""

from __future__ import annotations

from carekit.privacy import mask_cpr_in_text
from carekit.store import OutboxItemNotFoundError, OutboxStateError, Store

__all__ = ["CANCELLED_PREFIX", "MAX_REASON", "cancel"]

#: ``last_error`` of a cancelled message starts with this.
CANCELLED_PREFIX = "cancelled: "
#: The longest reason kept (the outbox is not a record; say more in a record).
MAX_REASON = 200


def cancel(store: Store, item_id: str, *, reason: str) -> None:
    """Cancel the *pending* outbox item *item_id*: it is dead-lettered with ``last_error``
    ``cancelled: <reason>`` (CPR numbers masked, at most :data:`MAX_REASON` characters) and is
    never claimed, so never sent.

    Only a pending item can be cancelled: one in flight may be on its way to the receiver
    already, and a delivered one has arrived — both raise
    :class:`~carekit.store.OutboxStateError`; an unknown id raises
    :class:`~carekit.store.OutboxItemNotFoundError`.  A claim between this check and the
    cancel may still send the message (the operation is the store's ``fail``)."""
    status = _status(store, item_id)
    if status != "pending":
        raise OutboxStateError(item_id, status, "cancel", ("pending",))
    text = " ".join(mask_cpr_in_text(reason).split())[:MAX_REASON] or "-"
    store.fail(item_id, error=CANCELLED_PREFIX + text, retry_at=None)


def _status(store: Store, item_id: str) -> str:
    if any(item.id == item_id for item in store.outbox(status="pending")):
        return "pending"
    for item in store.outbox():  # only to say why not: in flight, delivered or dead
        if item.id == item_id:
            return item.status
    raise OutboxItemNotFoundError(item_id)
