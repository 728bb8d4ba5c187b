"""``carekit store new-key`` and ``carekit audit new-key`` write one new file, readable by its
owner only, and never overwrite a file that exists (one helper: ``create_secret_file``)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from carekit.cli import cli


@pytest.mark.parametrize("group", ["store", "audit"])
def test_a_key_file_is_new_private_and_never_overwritten(tmp_path: Path, group: str) -> None:
    key = tmp_path / "key"
    made = CliRunner().invoke(cli, [group, "new-key", "-o", str(key)])
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    assert before.strip()
    again = CliRunner().invoke(cli, [group, "new-key", "-o", str(key), "--lang", "en"])
    assert again.exit_code == 2
    assert "an existing key is never overwritten" in again.output
    assert key.read_bytes() == before
    danish = CliRunner().invoke(cli, [group, "new-key", "-o", str(key)])
    assert "en eksisterende nøgle overskrives aldrig" in danish.output
