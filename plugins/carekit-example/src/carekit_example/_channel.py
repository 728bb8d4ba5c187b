"""The ``file-drop`` notification channel: one JSON file per notification in a directory.

Many legacy care systems integrate by *file drop*: they poll a directory and pick up what
appears there.  This channel writes each notification as ``<sha256 of its key>.json``:

* **atomically** - the JSON is written to a hidden temporary file in the same directory,
  flushed to disk and then renamed over the final name with :func:`os.replace`, so a
  receiver polling for ``*.json`` never reads half a file;
* **idempotently** - the file name is derived from the notification's idempotency key, so a
  re-delivery of the same notification (the dispatcher delivers *at least once*) overwrites
  the earlier file instead of adding a second one.  The key is also inside the file, so a
  receiver that has already moved the first file away can drop the repeat;
* **without personal data beyond the notification** - ids, type, language, the rendered
  subject and body (CPR-masked once more here) and the deep link; never record content.

A missing or unwritable directory raises :class:`~carekit.notify.ChannelDeliveryError` with
``retryable=True`` naming the channel: the dispatcher retries with backoff, and the directory
(often a network share) may be back by then.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from carekit.errors import ConfigurationError
from carekit.i18n import Lang, Text
from carekit.notify import ChannelDeliveryError, DeliveryReceipt, Notification
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "FILE_FORMAT",
    "FileDropChannel",
    "FileDropConfig",
    "FileDropConfigError",
    "file_name_for",
    "payload_for",
]

#: Written into every file so that receivers can tell versions of the format apart.
FILE_FORMAT: Final = "carekit-example/file-drop/1"
_KNOWN: Final = frozenset({"directory", "name", "file_mode"})


class FileDropConfigError(ConfigurationError):
    """The ``file-drop`` settings are wrong.  ``setting`` names the offending setting,
    ``text`` says what to do in Danish and English; ``str(error)`` is the English text."""

    def __init__(self, setting: str, text: Text) -> None:
        self.setting = setting
        self.text = text
        super().__init__(text)

    def render(self, lang: Lang = "en") -> str:
        return self.text.get(lang)


@attrs.frozen(kw_only=True)
class FileDropConfig:
    """Where to drop files.  ``file_mode`` is the permission of the dropped files (default
    ``0o600``: only the user carekit runs as can read them; use e.g. ``0o640`` and a shared
    group when the receiving system runs as another user)."""

    directory: Path
    file_mode: int = 0o600

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> FileDropConfig:
        """Build from settings: ``directory`` (required), ``file_mode``, ``name``."""
        unknown = sorted(set(config) - _KNOWN)
        if unknown:
            names = ", ".join(unknown)
            known = ", ".join(sorted(_KNOWN))
            raise FileDropConfigError(
                unknown[0],
                Text(
                    f"file-drop: ukendt indstilling {names}. Kendte indstillinger: {known}.",
                    f"file-drop: unknown setting {names}. Known settings: {known}.",
                ),
            )
        directory = config.get("directory")
        if not isinstance(directory, (str, os.PathLike)) or not os.fspath(directory):
            raise FileDropConfigError(
                "directory",
                Text(
                    "file-drop: angiv 'directory', mappen som filerne skal lægges i, "
                    "f.eks. directory = '/var/spool/carekit'.",
                    "file-drop: set 'directory', the folder to drop files into, "
                    "e.g. directory = '/var/spool/carekit'.",
                ),
            )
        mode = config.get("file_mode", 0o600)
        if isinstance(mode, bool) or not isinstance(mode, int) or not 0 <= mode <= 0o777:
            raise FileDropConfigError(
                "file_mode",
                Text(
                    f"file-drop: 'file_mode' skal være en filrettighed som 0o640, ikke {mode!r}.",
                    f"file-drop: 'file_mode' must be a permission such as 0o640, not {mode!r}.",
                ),
            )
        return cls(directory=Path(directory), file_mode=mode)


def file_name_for(key: str) -> str:
    """The file name for a notification key: the same key always gives the same name, and
    the name is safe on every file system (the key itself holds ``:`` and recipient ids)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json"


def payload_for(notification: Notification, channel: str) -> dict[str, Any]:
    """What goes into the file: ids and the rendered texts, never record content."""
    return {
        "format": FILE_FORMAT,
        "key": notification.key,
        "type": notification.type,
        "lang": notification.lang,
        "recipient": {
            "id": notification.recipient.id,
            "kind": notification.recipient.kind,
            "address": notification.recipient.address(channel),
        },
        "record_id": notification.record_id,
        "citizen_id": notification.citizen_id,
        "link": mask_cpr_in_text(notification.link) if notification.link else None,
        # Notification masks CPR numbers on construction; mask again in case a caller
        # built one some other way.  A channel is the last place data leaves carekit.
        "subject": mask_cpr_in_text(notification.subject),
        "body": mask_cpr_in_text(notification.body),
        "created_at": notification.created_at.isoformat() if notification.created_at else None,
    }


class FileDropChannel:
    """Drops every notification into one directory (the receiver routes by recipient id)."""

    requires_address = False

    def __init__(self, config: FileDropConfig, *, name: str = "file-drop") -> None:
        self.config = config
        self.name = name

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> FileDropChannel:
        """The channel from settings; raises :class:`FileDropConfigError` when they are wrong."""
        name = config.get("name", "file-drop")
        if not isinstance(name, str) or not name:
            raise FileDropConfigError(
                "name",
                Text(
                    "file-drop: 'name' skal være en tekst, f.eks. 'file-drop-plejehjem'.",
                    "file-drop: 'name' must be a text, e.g. 'file-drop-nursing-home'.",
                ),
            )
        return cls(FileDropConfig.from_mapping(config), name=name)

    def path_for(self, notification: Notification) -> Path:
        """Where :meth:`send` puts *notification*."""
        return self.config.directory / file_name_for(notification.key)

    def send(self, notification: Notification) -> DeliveryReceipt:
        data = json.dumps(
            payload_for(notification, self.name), ensure_ascii=False, indent=2, sort_keys=True
        ).encode("utf-8")
        target = self.path_for(notification)
        try:
            _write_atomically(target, data, self.config.file_mode)
        except OSError as exc:
            reason = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
            raise ChannelDeliveryError(
                Text(
                    f"Kan ikke lægge filen i mappen {self.config.directory} ({reason}). Tjek at "
                    "mappen findes, og at carekit må skrive i den. Prøver igen senere.",
                    f"cannot write into the directory {self.config.directory} ({reason}); check "
                    "that it exists and that carekit may write to it. Will retry.",
                ),
                channel=self.name,
                retryable=True,
                key=notification.key,
            ) from None
        return DeliveryReceipt(
            channel=self.name, key=notification.key, message_id=target.name, detail=str(target)
        )


def _write_atomically(target: Path, data: bytes, mode: int) -> None:
    """Write *data* to *target* so that readers see the old file or the new one, never a
    part: a temporary file in the same directory (same file system), flushed, renamed."""
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(data)
            tmp_file.flush()
            os.fsync(tmp_file.fileno())
        tmp.chmod(mode)
        tmp.replace(target)  # os.replace: an atomic rename on the same file system
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
