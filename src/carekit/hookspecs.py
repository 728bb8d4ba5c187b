"""Every hook carekit calls, in one module.  Hooks are prefixed ``carekit_``.

Write a plugin as a module (or object) with functions named like these hooks, mark them with
:data:`carekit.hookimpl`, and expose the module through the ``carekit`` entry-point group::

    [project.entry-points.carekit]
    myvendor = "myvendor_carekit.plugin"

Each hook's docstring states its **calling rule** (which implementations are called, how
results combine) and its **error policy** (what a raising implementation does):

* *collecting* hooks (descriptors, rules, templates, terms) call every implementation and
  concatenate the results; an implementation that raises stops the operation with a
  :class:`~carekit.errors.PluginError` naming the plugin — configuration errors must be loud.
* *fan-out* hooks (events) call every implementation; one that raises does not stop the
  others and never undoes or hides the stored change: its error is collected, logged
  (without personal data) and returned as a :class:`~carekit.errors.PluginError` naming
  the plugin.

Always call hooks through :class:`carekit.plugins.Plugins`, the typed facade: it calls
them through pluggy (so pluggy's call order holds: the last registered plugin first, with
``tryfirst`` / ``trylast`` and ``wrapper=True`` implementations honoured) and applies the
error policy.

The descriptor this module defines, :class:`SchemaExtension`, lives here (and is re-exported
by :mod:`carekit.plugins`) so that the hookspecs import nothing from the plugin layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

if TYPE_CHECKING:
    from carekit.ehr import EHRAdapterInfo
    from carekit.events import DomainEvent
    from carekit.language import JargonTerm
    from carekit.model import Rule
    from carekit.notify import ChannelInfo
    from carekit.store import StorageBackend

__all__ = [
    "PROJECT_NAME",
    "SchemaExtension",
    "carekit_document_templates",
    "carekit_ehr_adapters",
    "carekit_jargon_terms",
    "carekit_notification_channels",
    "carekit_on_event",
    "carekit_schema_extensions",
    "carekit_storage_backends",
    "carekit_validation_rules",
    "hookimpl",
    "hookspec",
]

#: pluggy's project name for carekit's hooks (markers and the manager use it).
PROJECT_NAME = "carekit"
#: Marks the hook specifications below.
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Marks a plugin's hook implementations (also ``carekit.hookimpl``).
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@attrs.frozen
class SchemaExtension:
    """A vendor's JSON Schema for ``record.extensions[namespace]`` on some record kinds
    (all kinds when ``kinds`` is empty); returned by :func:`carekit_schema_extensions`."""

    namespace: str
    schema: dict[str, Any]
    kinds: tuple[str, ...] = ()
    description: str = ""


@hookspec
def carekit_storage_backends() -> Sequence[StorageBackend]:
    """Return storage backend descriptors (name, URL schemes, factory, capabilities).

    Calling rule: every implementation is called; the descriptors are collected.
    ``carekit.open(url)`` picks the backend whose ``schemes`` contain the URL's scheme; two
    backends claiming one scheme is a configuration error naming both plugins.

    Error policy: an implementation that raises stops ``carekit.open()`` with a
    ``PluginError`` naming the plugin.  A storage error during an operation stops that
    operation; nothing is half-written.
    """
    raise NotImplementedError


@hookspec
def carekit_notification_channels() -> Sequence[ChannelInfo]:
    """Return notification channel descriptors (name, factory from config, capabilities).

    Calling rule: every implementation is called; the descriptors are collected.

    Error policy: an implementation that raises here stops start-up with a ``PluginError``.
    A channel that fails to *deliver* never undoes or hides a stored change: the dispatcher
    retries it with backoff and finally dead-letters it, naming the channel's plugin.
    """
    raise NotImplementedError


@hookspec
def carekit_ehr_adapters() -> Sequence[EHRAdapterInfo]:
    """Return EHR adapter descriptors (e.g. FHIR R4 with DK Core).

    Calling rule: every implementation is called; the descriptors are collected.

    Error policy: an implementation that raises stops the operation with a ``PluginError``
    naming the plugin.  Adapter errors while exporting or importing come back as findings.
    """
    raise NotImplementedError


@hookspec
def carekit_validation_rules() -> Sequence[Rule]:
    """Return extra validation rules, each with a severity (``error``, ``warning``, ``info``).

    A municipality adds its own rules this way, e.g. "every safety plan names a contact
    person".  ``error`` findings block saving through the application; the others are
    reported.

    Calling rule: every implementation is called; the rules are collected and run after the
    built-in ones.

    Error policy: a hook that raises stops with a ``PluginError``; a *rule* that raises while
    checking a record becomes an ``error`` finding naming the rule and plugin — a broken
    rule never lets a record pass silently.
    """
    raise NotImplementedError


@hookspec
def carekit_on_event(event: DomainEvent) -> None:
    """Called after a change has been committed, once per domain event.

    Calling rule: every implementation is called, in pluggy's call order (the last
    registered first; ``tryfirst`` / ``trylast`` move an implementation).

    Error policy: fan-out.  An implementation that raises does not stop the others, and never
    undoes or hides the stored change; its error is collected and reported as a
    ``PluginError`` naming the plugin.  Listeners receive ids and states, never record
    content.  For guaranteed delivery use a notification channel (outbox) instead.
    """
    raise NotImplementedError


@hookspec
def carekit_schema_extensions() -> Sequence[SchemaExtension]:
    """Return vendor schema extensions: a namespace (``dk.acme``), the record kinds it
    applies to, and a JSON Schema for ``record.extensions[namespace]``.

    Calling rule: every implementation is called; extensions are collected; two plugins
    claiming one namespace is a configuration error.

    Error policy: an implementation that raises stops with a ``PluginError``.  Extension data
    that does not match its schema is an ``error`` finding at ``/extensions/<namespace>``.
    """
    raise NotImplementedError


@hookspec
def carekit_document_templates() -> Sequence[Path]:
    """Return directories of Jinja2 templates overriding the citizen-facing documents.

    A file named like a shipped template (e.g. ``safety-plan.html`` or
    ``_vendor_header.html``) replaces it.

    Calling rule: every implementation is called; directories of later-registered plugins
    take precedence over earlier ones, and all over carekit's own.

    Error policy: a directory that does not exist is a ``PluginError`` naming the plugin.
    """
    raise NotImplementedError


@hookspec
def carekit_jargon_terms(lang: str) -> Sequence[JargonTerm]:
    """Return extra jargon terms (with plain alternatives) for the plain-language checker.

    Calling rule: every implementation is called with the language (``da`` or ``en``); the
    terms are added to carekit's own lists.

    Error policy: an implementation that raises stops the check with a ``PluginError``.
    """
    raise NotImplementedError
