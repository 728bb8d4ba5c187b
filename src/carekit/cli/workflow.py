"""``carekit workflow``: list the workflows and show one as text, Mermaid or JSON.

The ``carekit`` group mounts :data:`workflow_group`.  Exit codes: 0 success, 2 usage error
(such as an unknown workflow name, with the list of workflows).
"""

from __future__ import annotations

import json

import click

from carekit.cli._options import json_option, lang_option
from carekit.i18n import check_lang
from carekit.lifecycle import WORKFLOWS, workflow_named
from carekit.workflows._describe import describe, workflow_as_dict
from carekit.workflows._mermaid import to_mermaid

__all__ = ["workflow_group"]


@click.group("workflow")
def workflow_group() -> None:
    """Workflows (arbejdsgange): states, actions and guards of each record kind."""


@workflow_group.command("list")
@json_option("Print JSON instead of a table.")
@lang_option()
def list_command(as_json: bool, lang: str) -> None:
    """List the workflows with their titles and practices."""
    if as_json:
        data = [
            {
                "name": w.name,
                "kind": w.kind,
                "title": w.title.as_dict(),
                "practices": list(w.practices),
            }
            for w in WORKFLOWS
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    language = check_lang(lang)
    width = max(len(w.name) for w in WORKFLOWS)
    for w in WORKFLOWS:
        click.echo(f"{w.name:<{width}}  {w.title.get(language)}  ({', '.join(w.practices)})")


@workflow_group.command("show")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "mermaid", "json"]),
    default="text",
    show_default=True,
    help="text for people, mermaid for diagrams, json for programs.",
)
@lang_option()
def show_command(name: str, fmt: str, lang: str) -> None:
    """Show the workflow NAME (e.g. trial-action)."""
    try:
        workflow = workflow_named(name)
    except KeyError:
        names = ", ".join(w.name for w in WORKFLOWS)
        raise click.BadParameter(
            f"ingen arbejdsgang hedder {name!r}; vælg en af: {names} / "
            f"no workflow is called {name!r}; choose one of: {names}",
            param_hint="NAME",
        ) from None
    language = check_lang(lang)
    if fmt == "json":
        click.echo(json.dumps(workflow_as_dict(workflow), ensure_ascii=False, indent=2))
    elif fmt == "mermaid":
        click.echo(to_mermaid(workflow, language), nl=False)
    else:
        click.echo(describe(workflow, language), nl=False)
