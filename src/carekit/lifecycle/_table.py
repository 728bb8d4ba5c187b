"""The data structure of a workflow table: states, actions, guards and effects as data.

A :class:`Workflow` is declarative.  The engine (:mod:`carekit.workflows`) interprets it, the
JSON Schemas take their status enums from it, and the docs diagrams are generated from it.
Guards and effects are referred to here by name and described in words; their code lives in
the engine, which checks that every named guard and effect is implemented.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from carekit.i18n import Text

__all__ = ["Action", "Effect", "Guard", "State", "Workflow"]


@attrs.frozen
class State:
    """A state of a workflow.  ``invariants`` are the guards every record in this state
    satisfies, whichever way it got there (an action, an ``update()``, an import): the
    application refuses a write that would leave a record in this state without them."""

    name: str
    label: Text
    final: bool = False
    invariants: tuple[Guard, ...] = attrs.field(default=(), kw_only=True)


@attrs.frozen
class Guard:
    """A condition an action requires, described in words for people."""

    name: str
    text: Text


@attrs.frozen
class Effect:
    """What an action does besides moving the status, by name (its code lives in the engine,
    :data:`carekit.workflows.EFFECTS`) and described in words for people."""

    name: str
    text: Text


@attrs.frozen
class Action:
    """``sources`` → ``target`` when every guard holds; then the effects run and ``event`` is
    emitted."""

    name: str
    sources: tuple[str, ...]
    target: str
    label: Text
    event: str
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()

    @property
    def effect_names(self) -> tuple[str, ...]:
        """The names of the action's effects, in the order they run."""
        return tuple(e.name for e in self.effects)


@attrs.frozen
class Workflow:
    """A state machine over one record kind's ``status`` field."""

    name: str  # kebab-case, as used on the command line: "trial-action"
    kind: str  # the record kind whose status it drives: "trial_action"
    title: Text
    practices: tuple[str, ...]
    states: tuple[State, ...]
    initial: str
    actions: tuple[Action, ...]

    def __attrs_post_init__(self) -> None:
        names = [s.name for s in self.states]
        if len(set(names)) != len(names):
            raise ValueError(f"workflow {self.name}: duplicate state names")
        if self.initial not in names:
            raise ValueError(f"workflow {self.name}: initial state {self.initial!r} unknown")
        action_names = [a.name for a in self.actions]
        if len(set(action_names)) != len(action_names):
            raise ValueError(f"workflow {self.name}: duplicate action names")
        for action in self.actions:
            for state in (*action.sources, action.target):
                if state not in names:
                    raise ValueError(
                        f"workflow {self.name}: action {action.name} names unknown state {state!r}"
                    )
            if any(self.state(s).final for s in action.sources):
                raise ValueError(f"workflow {self.name}: action {action.name} leaves a final state")

    @property
    def state_names(self) -> tuple[str, ...]:
        """The names of every state, in table order."""
        return tuple(s.name for s in self.states)

    def state(self, name: str) -> State:
        """The state called *name*; :class:`KeyError` if the workflow has none."""
        for state in self.states:
            if state.name == name:
                return state
        raise KeyError(f"workflow {self.name} has no state {name!r}")

    def action(self, name: str) -> Action:
        """The action called *name*; :class:`KeyError` if the workflow has none."""
        for action in self.actions:
            if action.name == name:
                return action
        raise KeyError(f"workflow {self.name} has no action {name!r}")

    def allowed(self, state: str) -> tuple[Action, ...]:
        """The actions allowed from *state* (before guards)."""
        return tuple(a for a in self.actions if state in a.sources)

    def final_states(self) -> tuple[str, ...]:
        """The names of the final states (no action leads out of them), in table order."""
        return tuple(s.name for s in self.states if s.final)

    def invariants(self, state: str) -> tuple[Guard, ...]:
        """What every record in *state* satisfies (see :class:`State`)."""
        return self.state(state).invariants

    def guards(self) -> Iterator[Guard]:
        """Every guard the workflow names (actions' guards and states' invariants), once."""
        seen: set[str] = set()
        named = [g for a in self.actions for g in a.guards]
        named += [g for s in self.states for g in s.invariants]
        for guard in named:
            if guard.name not in seen:
                seen.add(guard.name)
                yield guard
