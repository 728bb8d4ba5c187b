"""The carekit command line: exit codes 0/1/2, never a traceback for a user error."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import carekit
import carekit.cli
from carekit.cli import CarekitGroup, cli
from carekit.cli._mounts import mount_all
from carekit.cli._options import lang_option
from carekit.demo import DEMO_IMPORTER, demo_citizens, demo_records
from carekit.errors import CarekitError
from carekit.i18n import Text
from carekit.model import RECORD_TYPES
from carekit.store import sqlite_url
from carekit.testing.readers import open_reading

mount_all(cli)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "care.sqlite"
    with open_reading(db) as app:
        app.import_records(demo_records(), actor=DEMO_IMPORTER)
    return db


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert carekit.__version__ in result.output


def test_schema_list_lists_every_kind() -> None:
    result = run("schema", "list", "--json")
    rows = json.loads(result.output)
    assert len(rows) >= 12
    assert {r["kind"] for r in rows} == set(RECORD_TYPES)
    text = run("schema", "list", "--lang", "en").output
    assert "Trial action" in text
    assert "DC-2" in text


def test_schema_show_and_unknown_kind() -> None:
    shown = json.loads(run("schema", "show", "trial_action").output)
    assert shown["$id"].endswith("trial_action.schema.json")
    result = run("schema", "show", "nope")
    assert result.exit_code == 2
    assert "Posttypen 'nope' findes ikke." in result.output  # Danish: the default


def test_schema_export_and_check(tmp_path: Path) -> None:
    assert run("schema", "export", str(tmp_path)).exit_code == 0
    assert len(list(tmp_path.glob("*.json"))) == len(RECORD_TYPES) + 1
    assert run("schema", "export", "--check", str(tmp_path)).exit_code == 0
    (tmp_path / "citizen.schema.json").write_text("{}", encoding="utf-8")
    assert run("schema", "export", "--check", str(tmp_path)).exit_code == 1


def test_plugins_json_lists_the_sqlite_backend() -> None:
    data = json.loads(run("plugins", "--json").output)
    names = {p["name"] for p in data["plugins"]}
    assert "sqlite" in names
    sqlite = next(p for p in data["plugins"] if p["name"] == "sqlite")
    assert sqlite["version"] == carekit.__version__
    assert "carekit_storage_backends" in sqlite["hooks"]
    assert {"sqlite", "memory"} <= {b["name"] for b in data["storage_backends"]}


def test_records_list_and_show_mask_the_cpr(demo_db: Path) -> None:
    listed = run("records", "list", "citizen", "--db", str(demo_db), "--json")
    assert listed.exit_code == 0
    rows = json.loads(listed.output)["items"]
    assert {r["record"]["display_name"] for r in rows} == {"Else", "Mogens"}
    assert all(r["record"]["cpr"].endswith("-XXXX") for r in rows)
    else_ = demo_citizens()[0]
    shown = json.loads(run("records", "show", str(else_.id), "--db", str(demo_db)).output)
    assert shown["record"]["cpr"] == "010137-XXXX"
    revealed = run("records", "show", str(else_.id), "--db", str(demo_db), "--reveal-cpr")
    assert json.loads(revealed.output)["record"]["cpr"] == else_.cpr
    assert run("records", "show", "nope", "--db", str(demo_db)).exit_code == 2
    assert run("records", "list", "nope", "--db", str(demo_db)).exit_code == 2


def test_due_as_of_a_date(demo_db: Path) -> None:
    result = run("due", "--as-of", "2026-11-27", "--db", str(demo_db), "--json")
    items = json.loads(result.output)
    assert {i["category"] for i in items} >= {"expectation_alignment", "consent_renewal"}
    english = run("due", "--as-of", "2026-11-27", "--db", str(demo_db), "--lang", "en").output
    assert "expectation alignment" in english
    assert run("due", "--as-of", "27-11-2026", "--db", str(demo_db)).exit_code == 2


def test_unknown_store_scheme_is_a_usage_error() -> None:
    result = run("due", "--db", "mongodb://x/y", "--lang", "en")
    assert result.exit_code == 2
    assert "installed backends" in result.output
    danish = run("due", "--db", "mongodb://x/y")  # Danish by default, no English inside
    assert danish.exit_code == 2
    assert "Intet lager-plugin til URL-skemaet 'mongodb'" in danish.output
    assert "installed" not in danish.output


def test_demo_walks_every_workflow(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    result = run("demo", "--db", str(db), "--lang", "en")
    assert result.exit_code == 0, result.output
    for text in (
        "Adopt the change as routine → Adopted as routine",
        "Adapt and try again → Adapted into a new cycle",
        "Abandon the trial action → Abandoned",
        "refused, as it should be",
        "Summary",
    ):
        assert text in result.output
    with open_reading(db) as app:
        kinds = {r.record.kind for r in app.store.query()}
        assert kinds == set(RECORD_TYPES)
        workflows = {e.name for e in app.events()}
        assert {
            "SafetyPlanActivated",
            "ExpectationsPartlyAligned",
            "DreamRealised",
            "TrialActionAdopted",
            "TrialActionAdapted",
            "TrialActionAbandoned",
            "LearningStoryShared",
            "LearningStoryWithdrawn",
            "NetworkMemberActivated",
        } <= workflows
    again = run("demo", "--db", str(db))  # a demo store may be replaced
    assert again.exit_code == 0


def test_demo_refuses_to_replace_other_data(tmp_path: Path) -> None:
    db = tmp_path / "real.sqlite"
    with open_reading(db) as app:
        other_id = uuid.UUID("00000000-0000-4000-8000-000000000001")
        other = demo_citizens()[0].model_copy(
            update={"id": other_id, "citizen_id": other_id, "contact_person_id": None}
        )
        app.add(other)
    result = run("demo", "--db", str(db), "--lang", "en")
    assert result.exit_code == 2
    assert "other data" in result.output
    with open_reading(db) as app:
        assert len(app.citizens.list()) == 1


@pytest.mark.needs_plugin("carekit-fhir")
def test_export_fhir_and_unknown_adapter(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    result = run("export", "fhir", "--db", str(demo_db), "--output", str(out))
    assert result.exit_code == 0, result.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "transaction"
    assert run("export", "nope", "--db", str(demo_db)).exit_code == 2
    assert run("export", "fhir", "--db", str(demo_db), "--citizen", "x").exit_code == 2


def test_render_through_the_store(demo_db: Path) -> None:
    else_ = demo_citizens()[0]
    result = run(
        "render", "visits", "--citizen", str(else_.id), "--db", str(demo_db), "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert "tel:" in result.output


def test_remind_with_a_settings_file_reaches_the_responsible_staff(
    demo_db: Path, tmp_path: Path
) -> None:
    settings = tmp_path / "carekit.toml"
    settings.write_text(
        '[routing]\nfallback_team = "team-nord"\n'
        '[[routing.recipients]]\nid = "team-nord"\nkind = "team"\n'
        'display_name = "Hjemmeplejen Nord"\naddresses = { webhook = "nord" }\n'
        '[[routing.recipients]]\nid = "staff-anna"\nkind = "staff"\n'
        'display_name = "Anna"\naddresses = { webhook = "anna" }\n'
        '[[routing.recipients]]\nid = "staff-sofie"\nkind = "staff"\n'
        'display_name = "Sofie"\naddresses = { webhook = "sofie" }\n',
        encoding="utf-8",
    )
    first = run("--config", str(settings), "remind", "--db", str(demo_db), "--as-of", "2026-11-27")
    assert first.exit_code == 0, first.output
    assert "0 uden modtager" in first.output
    second = run("--config", str(settings), "remind", "--db", str(demo_db), "--as-of", "2026-11-27")
    assert "0 nye påmindelser" in second.output


def test_a_broken_settings_file_is_a_clear_error(demo_db: Path, tmp_path: Path) -> None:
    settings = tmp_path / "bad.toml"
    settings.write_text("[channels.pigeon]\nx = 1\n", encoding="utf-8")
    result = run("--config", str(settings), "dispatch", "--db", str(demo_db))
    assert result.exit_code == 2
    assert "pigeon" in result.output
    assert "Traceback" not in result.output


def test_python_dash_m_carekit_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "carekit", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert carekit.__version__ in result.stdout


@pytest.mark.parametrize("form", ["url", "path"])
def test_demo_takes_the_store_as_a_url_or_a_path_like_every_command(
    tmp_path: Path, form: str
) -> None:
    db = tmp_path / "demo.sqlite"
    given = sqlite_url(db) if form == "url" else str(db)
    result = run("demo", "--db", given, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"The demo store is {db}." in result.output
    with open_reading(db) as app:
        assert {c.record_id for c in demo_citizens()} <= set(app.store.citizens())
    assert run("due", "--db", given, "--as-of", "2026-11-27", "--json").exit_code == 0


def test_demo_on_a_store_that_is_not_a_file(tmp_path: Path) -> None:
    result = run("demo", "--db", "memory://")
    assert result.exit_code == 0, result.output
    assert "Demo-databasen ligger i memory://" in result.output


def test_db_comes_from_carekit_db_as_a_path(demo_db: Path) -> None:
    result = run("records", "list", "citizen", "--json", env={"CAREKIT_DB": str(demo_db)})
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["items"]) == len(demo_citizens())


def test_shared_options_are_declared_once() -> None:
    """--db, --lang and --json come from carekit.cli._options on every command."""
    sources = [p for p in Path(carekit.cli.__file__).parent.glob("*.py") if p.name != "_options.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for option in ('"--db"', '"--lang"', '"--json"'):
            assert option not in text, f"{path.name} declares {option} itself"
    for package in ("validate", "notify", "render", "workflows", "language"):
        assert not (Path(carekit.__file__).parent / package / "cli.py").exists()


class _Bilingual(CarekitError):
    def __init__(self) -> None:
        self.text = Text("på dansk 0101374002", "in English 0101374002")
        super().__init__("str of the error")


def _group_raising(exc: Exception) -> click.Group:
    @click.group(cls=CarekitGroup)
    def root() -> None:
        pass

    @root.command("boom")
    @lang_option()
    def boom(lang: str) -> None:
        raise exc

    return root


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["boom"], "Fejl: på dansk 010137-XXXX"),
        (["boom", "--lang", "en"], "Error: in English 010137-XXXX"),
    ],
)
def test_a_carekit_error_is_printed_in_the_users_lang(args: list[str], shown: str) -> None:
    result = CliRunner().invoke(_group_raising(_Bilingual()), args)
    assert result.exit_code == 2
    assert result.output.strip() == shown


def test_a_carekit_error_without_text_is_printed_as_its_str() -> None:
    result = CliRunner().invoke(_group_raising(CarekitError("plain 0101374002")), ["boom"])
    assert result.exit_code == 2
    assert result.output.strip() == "Fejl: plain 010137-XXXX"  # Danish: the default
