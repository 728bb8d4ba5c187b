"""The file-drop channel beyond the shared contract: one file per key, atomic writes,
retryable errors naming the channel, and clear configuration errors."""

from __future__ import annotations

import json
import os
import string
from pathlib import Path

import pytest
from _example_support import ONLY_EXAMPLE
from carekit_example import (
    FILE_FORMAT,
    FileDropChannel,
    FileDropConfig,
    FileDropConfigError,
    file_name_for,
)
from carekit_example.plugin import carekit_notification_channels
from hypothesis import given
from hypothesis import strategies as st

import carekit
from carekit.errors import ConfigurationError, DeliveryError
from carekit.notify import (
    ChannelDeliveryError,
    Dispatcher,
    Notification,
    NotificationChannel,
    enqueue_notification,
)
from carekit.testing.notification import DEMO_CPR, demo_notification


def _channel(directory: Path) -> FileDropChannel:
    return FileDropChannel(FileDropConfig(directory=directory))


def _notification(key: str = "event:e-1:trial_action_adopted:team-nord") -> Notification:
    return demo_notification("file-drop", "team-nord", key=key)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.endswith(".json"))


# --------------------------------------------------------------------------- delivering
def test_send_writes_one_json_file_named_after_the_key(drop_dir: Path) -> None:
    notification = _notification()
    receipt = _channel(drop_dir).send(notification)
    (path,) = drop_dir.iterdir()
    assert path.name == file_name_for(notification.key)
    assert receipt.message_id == path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FILE_FORMAT
    assert data["key"] == notification.key
    assert data["record_id"] == "r-1"
    assert data["recipient"] == {"id": "staff-1", "kind": "staff", "address": "team-nord"}


def test_redelivery_overwrites_the_file_instead_of_adding_a_second(drop_dir: Path) -> None:
    channel = _channel(drop_dir)
    channel.send(_notification())
    channel.send(_notification())
    assert len(list(drop_dir.iterdir())) == 1


def test_redelivery_replaces_the_whole_content(drop_dir: Path) -> None:
    channel = _channel(drop_dir)
    first = _notification()
    channel.send(first)
    object.__setattr__(first, "body", "kort")  # a shorter text must not leave old bytes behind
    channel.send(first)
    data = json.loads(channel.path_for(first).read_text(encoding="utf-8"))
    assert data["body"] == "kort"


def test_different_keys_give_different_files(drop_dir: Path) -> None:
    channel = _channel(drop_dir)
    channel.send(_notification("event:e-1:x:staff-1"))
    channel.send(_notification("event:e-2:x:staff-1"))
    assert len(list(drop_dir.glob("*.json"))) == 2


def test_no_temporary_file_is_left_after_delivery(drop_dir: Path) -> None:
    _channel(drop_dir).send(_notification())
    assert _leftovers(drop_dir) == []


def test_body_cpr_is_masked_even_if_the_model_was_bypassed(drop_dir: Path) -> None:
    channel = _channel(drop_dir)
    notification = _notification()
    object.__setattr__(notification, "body", f"Borger {DEMO_CPR} er faldet")
    channel.send(notification)
    text = channel.path_for(notification).read_text(encoding="utf-8")
    assert DEMO_CPR not in text
    assert DEMO_CPR.replace("-", "") not in text


def test_files_get_the_configured_permissions(drop_dir: Path) -> None:
    channel = FileDropChannel(FileDropConfig(directory=drop_dir, file_mode=0o640))
    notification = _notification()
    channel.send(notification)
    assert channel.path_for(notification).stat().st_mode & 0o777 == 0o640


@given(st.text(min_size=1, max_size=200))
def test_file_name_is_stable_and_safe_for_every_key(key: str) -> None:
    name = file_name_for(key)
    assert name == file_name_for(key)
    assert name.endswith(".json")
    assert set(name.removesuffix(".json")) <= set(string.hexdigits.lower())
    assert len(name) == 64 + len(".json")


@given(st.text(min_size=1, max_size=80), st.text(min_size=1, max_size=80))
def test_distinct_keys_never_share_a_file_name(a: str, b: str) -> None:
    assert (file_name_for(a) == file_name_for(b)) == (a == b)


# --------------------------------------------------------------------------- failures
def test_missing_directory_is_a_retryable_error_naming_channel_and_directory(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "share-not-mounted"
    notification = _notification()
    with pytest.raises(ChannelDeliveryError) as info:
        _channel(missing).send(notification)
    error = info.value
    assert error.retryable is True
    assert error.channel == "file-drop"
    assert error.plugin == "file-drop"
    assert error.key == notification.key
    assert "ENOENT" in str(error)
    assert str(missing) in error.text.da
    assert str(missing) in error.text.en
    assert "Prøver igen" in error.text.da


def test_directory_that_is_a_file_is_a_retryable_error(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "drop"
    not_a_dir.write_text("", encoding="utf-8")
    with pytest.raises(DeliveryError) as info:
        _channel(not_a_dir).send(_notification())
    assert info.value.retryable is True
    assert info.value.plugin == "file-drop"


def test_failed_rename_leaves_neither_a_temporary_nor_a_partial_file(
    drop_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(DeliveryError) as info:
        _channel(drop_dir).send(_notification())
    assert info.value.retryable is True
    assert "EACCES" in str(info.value)
    assert list(drop_dir.iterdir()) == []


def test_failed_rename_keeps_the_earlier_delivery_intact(
    drop_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = _channel(drop_dir)
    notification = _notification()
    channel.send(notification)
    before = channel.path_for(notification).read_bytes()

    def refuse(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    object.__setattr__(notification, "body", "ny tekst")
    with pytest.raises(DeliveryError):
        channel.send(notification)
    assert channel.path_for(notification).read_bytes() == before
    assert _leftovers(drop_dir) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only directories")
def test_unwritable_directory_is_a_retryable_error(drop_dir: Path) -> None:
    drop_dir.chmod(0o500)
    try:
        with pytest.raises(DeliveryError) as info:
            _channel(drop_dir).send(_notification())
    finally:
        drop_dir.chmod(0o700)
    assert info.value.retryable is True


# --------------------------------------------------------------------------- configuration
def test_hook_describes_the_channel_and_its_factory_builds_it(drop_dir: Path) -> None:
    (info,) = carekit_notification_channels()
    assert info.name == "file-drop"
    channel = info.factory({"directory": str(drop_dir)})
    assert isinstance(channel, NotificationChannel)
    assert isinstance(channel, FileDropChannel)
    assert channel.config.directory == drop_dir
    assert channel.name == "file-drop"


def test_factory_takes_a_name_and_a_file_mode(drop_dir: Path) -> None:
    channel = FileDropChannel.from_mapping(
        {"directory": drop_dir, "name": "file-drop-plejehjem", "file_mode": 0o640}
    )
    assert channel.name == "file-drop-plejehjem"
    assert channel.config.file_mode == 0o640


@pytest.mark.parametrize(
    ("config", "setting", "hint"),
    [
        ({}, "directory", "directory = "),
        ({"directory": ""}, "directory", "directory = "),
        ({"directory": 42}, "directory", "directory = "),
        ({"directory": "/x", "dir": "/y"}, "dir", "Known settings: directory, file_mode, name"),
        ({"directory": "/x", "file_mode": "rw"}, "file_mode", "0o640"),
        ({"directory": "/x", "file_mode": 0o1777}, "file_mode", "0o640"),
        ({"directory": "/x", "file_mode": True}, "file_mode", "0o640"),
        ({"directory": "/x", "name": ""}, "name", "'name' must be a text"),
    ],
)
def test_bad_configuration_says_which_setting_and_how_to_fix_it_in_both_languages(
    config: dict[str, object], setting: str, hint: str
) -> None:
    with pytest.raises(FileDropConfigError) as info:
        FileDropChannel.from_mapping(config)
    error = info.value
    assert isinstance(error, ConfigurationError)
    assert error.setting == setting
    assert hint in str(error)
    assert error.render("en") == str(error)
    assert error.render("da") != error.render("en")
    assert "file-drop" in error.render("da")


# --------------------------------------------------------------------------- with the dispatcher
def test_dispatcher_delivers_through_the_channel_built_by_the_hook(drop_dir: Path) -> None:
    (info,) = carekit_notification_channels()
    channel = info.factory({"directory": str(drop_dir)})
    with carekit.open("memory://", selection=ONLY_EXAMPLE) as app:
        assert enqueue_notification(app.store, _notification())
        stats = Dispatcher(app.store, [channel]).drain()
    assert stats.delivered == 1
    assert [p.name for p in drop_dir.glob("*.json")] == [file_name_for(_notification().key)]


def test_dispatcher_retries_later_when_the_directory_is_missing(tmp_path: Path) -> None:
    channel = FileDropChannel.from_mapping({"directory": str(tmp_path / "not-mounted")})
    with carekit.open("memory://", selection=ONLY_EXAMPLE) as app:
        enqueue_notification(app.store, _notification())
        stats = Dispatcher(app.store, [channel]).drain()
    assert stats.delivered == 0
    assert stats.retried == 1
    assert stats.dead == 0
