"""``-o`` never destroys data: not the store, not an input, not an existing file without
``--force``; and a write is whole or nothing (carekit.cli._output)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from carekit.cli import cli
from carekit.cli._mounts import mount_all
from carekit.cli._output import (
    OutputRefusedError,
    OutputWriteError,
    check_output,
    store_files,
    write_output,
)
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.store import sqlite_url
from carekit.testing.readers import open_reading

mount_all(cli)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "s.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    return db


def citizen() -> str:
    return str(demo_citizens()[0].record_id)


# ------------------------------------------------------------------ the store
def test_export_fhir_onto_its_own_store_is_refused_and_the_store_kept(store: Path) -> None:
    before = digest(store)
    result = run("export", "fhir", "--db", str(store), "-o", str(store))
    assert result.exit_code == 2
    assert "lageret" in result.output  # the command's language: Danish by default
    assert "Traceback" not in result.output
    assert digest(store) == before
    with open_reading(store) as app:
        assert len(app.citizens.list()) == 2


@pytest.mark.parametrize(
    "spelling",
    [
        "{dir}/./s.sqlite",
        "{dir}/sub/../s.sqlite",
        "{dir}/link.sqlite",  # a symbolic link to the store
        "{dir}/hard.sqlite",  # a hard link to the store
        "{dir}/s.sqlite-wal",
        "{dir}/s.sqlite-shm",
    ],
)
def test_every_spelling_of_the_store_is_refused(store: Path, spelling: str) -> None:
    (store.parent / "sub").mkdir()
    (store.parent / "link.sqlite").symlink_to(store)
    os.link(store, store.parent / "hard.sqlite")
    target = spelling.format(dir=store.parent)
    with pytest.raises(OutputRefusedError) as caught:
        check_output(target, store=sqlite_url(store), force=True)
    assert caught.value.reason == "store"
    assert caught.value.code == "cli.output_refused"
    assert "never overwritten" in caught.value.text.en
    assert "aldrig overskrevet" in caught.value.text.da


def test_render_onto_the_store_is_refused(store: Path) -> None:
    before = digest(store)
    result = run(
        "render", "safety-plan", "--citizen", citizen(), "--db", str(store), "-o", str(store)
    )
    assert result.exit_code == 2
    assert "lageret" in result.output
    assert digest(store) == before


def test_store_files_are_the_sqlite_file_and_its_companions(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    assert [p.name for p in store_files(sqlite_url(db))] == [
        "c.sqlite",
        "c.sqlite-wal",
        "c.sqlite-shm",
        "c.sqlite-journal",
    ]
    assert store_files("memory://") == []
    assert store_files(None) == []


# ------------------------------------------------------------------ inputs
def test_render_onto_a_template_override_is_refused(store: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    override = templates / "safety_plan.html.j2"
    override.write_text("{# mine #}", encoding="utf-8")
    result = run(
        "render",
        "safety-plan",
        "--demo",
        "--citizen",
        citizen(),
        "--template-dir",
        str(templates),
        "-o",
        str(override),
        "--force",
    )
    assert result.exit_code == 2
    assert "inddata" in result.output
    assert override.read_text(encoding="utf-8") == "{# mine #}"


def test_the_settings_file_is_an_input_of_every_command(store: Path, tmp_path: Path) -> None:
    settings = tmp_path / "carekit.toml"
    settings.write_text("[routing]\n", encoding="utf-8")
    for config_args, env in (
        (["--config", str(settings)], None),
        ([], {"CAREKIT_CONFIG": str(settings)}),
    ):
        result = run(
            *config_args,
            "render",
            "safety-plan",
            "--demo",
            "--citizen",
            citizen(),
            "--lang",
            "en",
            "-o",
            str(settings),
            "--force",
            env=env,
        )
        assert result.exit_code == 2, result.output
        assert "one of the command's inputs" in result.output
        assert settings.read_text(encoding="utf-8") == "[routing]\n"


def test_an_input_is_refused_even_with_force(tmp_path: Path) -> None:
    source = tmp_path / "records.ndjson"
    source.write_text("{}\n", encoding="utf-8")
    with pytest.raises(OutputRefusedError) as caught:
        write_output(tmp_path / "." / "records.ndjson", b"report", inputs=[source], force=True)
    assert caught.value.reason == "input"
    assert source.read_text(encoding="utf-8") == "{}\n"


# ------------------------------------------------------------------ existing files
def test_an_existing_file_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    target.write_text("the colleague's notes", encoding="utf-8")
    args = ["render", "safety-plan", "--demo", "--citizen", citizen(), "--lang", "en"]
    refused = run(*args, "-o", str(target))
    assert refused.exit_code == 2
    assert "already exists" in refused.output
    assert "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "the colleague's notes"
    replaced = run(*args, "-o", str(target), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.needs_plugin("carekit-fhir")
def test_export_writes_a_new_file_and_keeps_an_existing_one(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    assert run("export", "fhir", "--db", str(store), "-o", str(out)).exit_code == 0
    first = digest(out)
    assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Bundle"
    again = run("export", "fhir", "--db", str(store), "-o", str(out))
    assert again.exit_code == 2
    assert digest(out) == first
    assert run("export", "fhir", "--db", str(store), "-o", str(out), "--force").exit_code == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("force", [False, True])
def test_dev_null_is_written_through_and_stays_a_device(force: bool) -> None:
    args = ["render", "safety-plan", "--demo", "--citizen", citizen(), "-o", os.devnull]
    result = run(*args, *(["--force"] if force else []))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)  # never renamed over


def test_a_named_pipe_gets_the_whole_output(tmp_path: Path) -> None:
    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_output(pipe, b"report " * 10_000)
    reader.join(timeout=10)
    assert received == [b"report " * 10_000]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]  # no temporary file


def test_a_failed_write_to_a_device_is_a_write_error() -> None:
    with pytest.raises(OutputWriteError):
        write_output("/dev/full", b"x" * 100_000)


def test_dash_is_standard_output(store: Path) -> None:
    result = run("render", "safety-plan", "--demo", "--citizen", citizen(), "-o", "-")
    assert result.exit_code == 0
    assert "<html" in result.output.lower()


@pytest.mark.parametrize(
    ("where", "reason", "english"),
    [
        ("missing/deeper/out.html", "no_folder", "does not exist"),
        (".", "folder", "is a folder"),
    ],
)
def test_a_missing_folder_or_a_folder_is_a_clear_error(
    tmp_path: Path, where: str, reason: str, english: str
) -> None:
    target = tmp_path / where
    with pytest.raises(OutputRefusedError) as caught:
        check_output(target)
    assert caught.value.reason == reason
    assert english in caught.value.text.en
    result = run(
        "render", "safety-plan", "--demo", "--citizen", citizen(), "--lang", "en", "-o", str(target)
    )
    assert result.exit_code == 2
    assert english in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ atomic
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.txt"
    target.write_bytes(b"old report")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputWriteError) as caught:
        write_output(target, b"new report " * 1000, force=True)
    assert "No space left on device" in caught.value.text.en
    assert "Intet er ændret" in caught.value.text.da
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_a_file_that_appears_while_writing_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bundle.json"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"theirs")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(OutputRefusedError) as caught:
        write_output(target, b"mine")
    assert caught.value.reason == "exists"
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.json"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "private.html"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_output(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_output(tmp_path / "new.html", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.html").stat().st_mode & 0o777 == 0o644
