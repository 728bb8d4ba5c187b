"""``carekit render``: exit codes, where the records come from, warnings on stderr."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

import carekit.render
from carekit.cli.render import LOADER_KEY, PLUGINS_KEY, render_command
from carekit.demo import demo_citizens, demo_records
from carekit.hookspecs import hookimpl
from carekit.model import Record, SafetyPlan
from carekit.plugins import Plugins, PluginSelection
from carekit.render import pdf_available
from carekit.testing.readers import open_reading

ELSE_ID = str(demo_citizens()[0].id)
MOGENS_ID = str(demo_citizens()[1].id)


def run(*args: str, obj: object = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(render_command, list(args), obj=obj)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_demo_document_goes_to_stdout_and_warnings_to_stderr() -> None:
    code, out, err = run("safety-plan", "--citizen", ELSE_ID, "--demo")
    assert code == 0
    assert out.startswith("<!doctype html>")
    assert "Hvis du får ondt" in out
    assert "Advarsel: plan-not-agreed" in err
    assert "1 advarsel(er)" in err


def test_strict_exits_1_when_there_are_warnings(tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    code, _, err = run("safety-plan", "--citizen", ELSE_ID, "--demo", "--strict", "-o", str(target))
    assert code == 1
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert f"Skrev {target}." in err


def test_strict_exits_0_without_warnings() -> None:
    code, _, err = run("home-card", "--citizen", ELSE_ID, "--demo", "--strict")
    assert code == 0
    assert "Warning" not in err


def test_english_messages_with_lang_en() -> None:
    code, out, err = run("safety-plan", "--citizen", ELSE_ID, "--demo", "--lang", "en")
    assert code == 0
    assert '<html lang="en"' in out
    assert "1 warning(s)" in err


def test_cpr_is_masked_on_staff_documents_unless_reveal_cpr_is_given() -> None:
    _, out, _ = run("home-card", "--citizen", ELSE_ID, "--demo")
    assert "010137-XXXX" in out
    assert "010137-4002" not in out
    _, out, _ = run("home-card", "--citizen", ELSE_ID, "--demo", "--reveal-cpr")
    assert "010137-4002" in out


def test_citizen_sheets_carry_no_cpr_even_with_reveal_cpr() -> None:
    _, out, _ = run("network", "--citizen", ELSE_ID, "--demo", "--reveal-cpr")
    assert "010137" not in out
    assert "CPR" not in out


@pytest.mark.skipif(not pdf_available(), reason="PDF TESTS NOT RUN: weasyprint is not installed")
def test_pdf_is_written_to_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    code, _, _ = run(
        "visits", "--citizen", MOGENS_ID, "--demo", "--format", "pdf", "--output", str(target)
    )
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("care-plan", "--citizen", ELSE_ID, "--demo"), "Dokumentet 'care-plan' findes ikke"),
        (("network", "--citizen", "010137-4002", "--demo"), "er ikke et borger-id"),
        (("network", "--citizen", str(uuid.UUID(int=1)), "--demo"), "findes ikke i de data"),
        (("network", "--citizen", ELSE_ID), "Der er ingen kilde til posterne"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_no_traceback(
    args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert "4002" not in err


def test_usage_error_in_english() -> None:
    code, _, err = run("care-plan", "--citizen", ELSE_ID, "--demo", "--lang", "en")
    assert code == 2
    assert "There is no document 'care-plan'. Choose one of: safety-plan" in err


def test_missing_record_exits_1() -> None:
    def loader(db_url: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
        return [r for r in demo_records() if not isinstance(r, SafetyPlan)]

    code, out, err = run("visits", "--citizen", ELSE_ID, obj={LOADER_KEY: loader})
    assert code == 1
    assert out == ""
    assert "ingen gældende sikkerhedsplan" in err


def test_loader_from_ctx_obj_gets_the_db_url_and_citizen_id() -> None:
    calls: list[tuple[str | None, uuid.UUID]] = []

    def loader(db_url: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
        calls.append((db_url, citizen_id))
        return demo_records()

    code, out, _ = run(
        "network", "--citizen", ELSE_ID, "--db", "sqlite:///x.db", obj={LOADER_KEY: loader}
    )
    assert code == 0
    assert "Hvem er hvem?" in out
    assert calls == [("sqlite:///x.db", uuid.UUID(ELSE_ID))]


def test_a_file_path_given_to_db_reaches_the_loader_as_a_sqlite_url(tmp_path: Path) -> None:
    calls: list[str | None] = []

    def loader(db_url: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
        calls.append(db_url)
        return demo_records()

    db = tmp_path / "care.sqlite"
    code, out, _ = run(
        "alignment", "--citizen", MOGENS_ID, "--db", str(db), obj={LOADER_KEY: loader}
    )
    assert code == 0
    assert "Vi har ikke haft snakken endnu" in out
    assert calls == [f"sqlite:///{db.as_posix()}"]


def test_the_command_has_no_module_global_record_loader() -> None:
    from carekit.cli import render

    assert not hasattr(render, "set_record_loader")
    assert not hasattr(render, "get_record_loader")


def test_a_failing_loader_is_reported_without_a_traceback() -> None:
    def loader(db_url: str | None, citizen_id: uuid.UUID) -> Sequence[Record]:
        raise ConnectionError("connection refused for 0101374002")

    code, _, err = run(
        "network", "--citizen", ELSE_ID, "--db", "postgresql://x", obj={LOADER_KEY: loader}
    )
    assert code == 2
    assert "Kunne ikke hente posterne: connection refused for 010137-XXXX" in err
    assert "Traceback" not in err


def test_template_dir_overrides_a_template(tmp_path: Path) -> None:
    (tmp_path / "_vendor_header.html").write_text("<p>Solhøj</p>", encoding="utf-8")
    code, out, _ = run("network", "--citizen", MOGENS_ID, "--demo", "--template-dir", str(tmp_path))
    assert code == 0
    assert "<p>Solhøj</p>" in out


class _VendorTemplates:
    """A plugin that ships template overrides through ``carekit_document_templates``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @hookimpl
    def carekit_document_templates(self) -> list[Path]:
        return [self.directory]


def _plugins_with_templates(directory: Path) -> Plugins:
    return Plugins.load(
        selection=PluginSelection.from_env({"CAREKIT_DISABLE_PLUGIN_AUTOLOAD": "1"}),
        plugins=[_VendorTemplates(directory)],
    )


def test_a_plugin_override_named_like_the_shipped_template_is_used(tmp_path: Path) -> None:
    """Overrides are named like the shipped templates, ``safety-plan.html`` (not ``.html.j2``)."""
    shipped = Path(carekit.render.__file__).parent / "templates" / "safety-plan.html"
    assert shipped.is_file()
    (tmp_path / shipped.name).write_text(
        "<!doctype html><p>Solhøjs egen plan for {{ citizen.display_name }}</p>",
        encoding="utf-8",
    )
    plugins = _plugins_with_templates(tmp_path)
    code, out, _ = run(
        "safety-plan", "--citizen", ELSE_ID, "--demo", obj={PLUGINS_KEY: lambda: plugins}
    )
    assert code == 0
    assert out.startswith("<!doctype html><p>Solhøjs egen plan for ")
    assert "Hvis du får ondt" not in out


def test_a_file_named_html_j2_is_not_an_override(tmp_path: Path) -> None:
    (tmp_path / "safety-plan.html.j2").write_text("<p>never used</p>", encoding="utf-8")
    plugins = _plugins_with_templates(tmp_path)
    code, out, _ = run(
        "safety-plan", "--citizen", ELSE_ID, "--demo", obj={PLUGINS_KEY: lambda: plugins}
    )
    assert code == 0
    assert "never used" not in out
    assert "Hvis du får ondt" in out


def test_after_the_demo_walk_the_cli_shows_the_held_talk_without_a_warning(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from carekit.demo import run_demo

    db = tmp_path / "demo.sqlite"
    with open_reading(db) as app:
        run_demo(app, echo=lambda line: None)

    def carekit_render(name: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "carekit", "render", name, "--citizen", ELSE_ID]
        return subprocess.run(
            [*command, "--db", str(db), "--strict"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    alignment = carekit_render("alignment")
    assert alignment.returncode == 0, alignment.stderr
    assert "alignment-not-held" not in alignment.stderr
    assert "Vi har ikke haft snakken endnu" not in alignment.stdout
    assert "Vi taler sammen igen den 11. december 2026." in alignment.stdout
    plan = carekit_render("safety-plan")
    assert plan.returncode == 0, plan.stderr
    assert "CPR" not in plan.stdout


def test_as_of_renders_the_visits_of_that_day(tmp_path: Path) -> None:
    import subprocess
    import sys

    from carekit.demo import run_demo

    db = tmp_path / "demo.sqlite"
    with open_reading(db) as app:
        run_demo(app, echo=lambda _line: None)

    def visits(as_of: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "carekit", "render", "visits", "--citizen", ELSE_ID]
        return subprocess.run(
            [*command, "--db", str(db), "--strict", "--as-of", as_of],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    tuesday = visits("2026-11-24")
    assert tuesday.returncode == 0, tuesday.stderr
    assert "I dag, 24. november 2026" in tuesday.stdout
    assert "Bob Madsen kommer i stedet." in tuesday.stdout
    wrong = visits("24/11")
    assert wrong.returncode == 2
    assert "--as-of" in wrong.stderr
