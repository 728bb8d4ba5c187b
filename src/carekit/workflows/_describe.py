"""Plain-text and JSON descriptions of the workflow tables (for the CLI and docs)."""

from __future__ import annotations

from typing import Any

from carekit.i18n import Lang, Text
from carekit.lifecycle import Workflow

__all__ = ["describe", "workflow_as_dict"]

_WORDS = {
    "practices": Text("Praksis", "Practices"),
    "states": Text("Tilstande", "States"),
    "start": Text("start", "start"),
    "end": Text("slut", "end"),
    "actions": Text("Handlinger", "Actions"),
    "requires": Text("Kræver", "Requires"),
    "effect": Text("Virkning", "Effect"),
    "event": Text("Hændelse", "Event"),
    "endings": Text("Sluttilstande", "End states"),
}


def _w(key: str, lang: Lang) -> str:
    return _WORDS[key].get(lang)


def describe(workflow: Workflow, lang: Lang = "da") -> str:
    """The workflow as text: states, actions (from → to), guards in words, effects, events
    and the endings."""
    lines = [
        f"{workflow.title.get(lang)} ({workflow.name})",
        f"{_w('practices', lang)}: {', '.join(workflow.practices)}",
        "",
        f"{_w('states', lang)}:",
    ]
    width = max(len(s.name) for s in workflow.states)
    for state in workflow.states:
        marks = []
        if state.name == workflow.initial:
            marks.append(_w("start", lang))
        if state.final:
            marks.append(_w("end", lang))
        mark = f"  ({', '.join(marks)})" if marks else ""
        lines.append(f"  {state.name:<{width}}  {state.label.get(lang)}{mark}")
    lines += ["", f"{_w('actions', lang)}:"]
    for action in workflow.actions:
        lines.append(
            f"  {action.name}: {', '.join(action.sources)} → {action.target}"
            f"  — {action.label.get(lang)}"
        )
        lines += [f"      {_w('requires', lang)}: {g.text.get(lang)}" for g in action.guards]
        lines += [f"      {_w('effect', lang)}: {e.text.get(lang)}" for e in action.effects]
        lines.append(f"      {_w('event', lang)}: {action.event}")
    endings = ", ".join(f"{s.name} ({s.label.get(lang)})" for s in workflow.states if s.final)
    lines += ["", f"{_w('endings', lang)}: {endings}"]
    return "\n".join(lines) + "\n"


def workflow_as_dict(workflow: Workflow) -> dict[str, Any]:
    """The workflow table as JSON-ready data (labels in both languages)."""
    return {
        "name": workflow.name,
        "kind": workflow.kind,
        "title": workflow.title.as_dict(),
        "practices": list(workflow.practices),
        "initial": workflow.initial,
        "states": [
            {"name": s.name, "label": s.label.as_dict(), "final": s.final} for s in workflow.states
        ],
        "actions": [
            {
                "name": a.name,
                "from": list(a.sources),
                "to": a.target,
                "label": a.label.as_dict(),
                "guards": [{"name": g.name, "text": g.text.as_dict()} for g in a.guards],
                "effects": [{"name": e.name, "text": e.text.as_dict()} for e in a.effects],
                "event": a.event,
            }
            for a in workflow.actions
        ],
    }
