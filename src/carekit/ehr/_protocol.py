"""The EHR-adapter contract: what an adapter to an electronic health record system offers.

An adapter turns carekit records into the EHR's exchange format (a FHIR transaction Bundle for
the FHIR adapter), reads that format back into records, and pushes to a server.  Bad input is
never a traceback: it comes back as :class:`Finding` objects with a location and a bilingual
message.  Capabilities an adapter does not have raise :class:`CapabilityNotSupportedError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, Protocol, runtime_checkable

import attrs

from carekit.errors import PluginError
from carekit.i18n import Lang, Text
from carekit.model import Record
from carekit.privacy import mask_cpr_in_text

__all__ = [
    "CAPABILITIES",
    "EXPORT",
    "IMPORT",
    "PUSH",
    "CapabilityNotSupportedError",
    "EHRAdapter",
    "EHRAdapterInfo",
    "EHRError",
    "Finding",
    "FindingSeverity",
    "ImportResult",
    "PushResult",
    "StatusMapping",
]

#: The adapter can build a bundle from records (``export_bundle``).
EXPORT = "export"
#: The adapter can read a bundle into records (``import_bundle``).
IMPORT = "import"
#: The adapter can send a bundle to a server (``push``).
PUSH = "push"
#: Every capability carekit knows.
CAPABILITIES: frozenset[str] = frozenset({EXPORT, IMPORT, PUSH})

FindingSeverity = Literal["error", "warning", "information"]


@attrs.frozen
class Finding:
    """One thing worth telling about a bundle that was read, or a push that was made.

    ``location`` is a FHIRPath-like path (``Bundle.entry[2].resource.birthDate``) or, for
    input that is not a FHIR resource at all, a JSON pointer (``""`` for the whole input).
    ``resource`` names the resource concerned (``Patient`` or ``Patient/123``) when known,
    ``element`` the element (``birthDate``).  ``code`` is a short machine-readable reason
    (``json``, ``structure``, ``unknown-code``, ``unresolved-reference``, …).
    The message never contains a CPR number.
    """

    severity: FindingSeverity
    location: str
    message: Text
    code: str = "invalid"
    resource: str | None = None
    element: str | None = None

    def render(self, lang: Lang = "en") -> str:
        """One line for people: ``severity: location: message [code]`` in *lang*."""
        where = self.location or "/"
        return f"{self.severity}: {where}: {self.message.get(lang)} [{self.code}]"


@attrs.frozen
class ImportResult:
    """The records read from a bundle and everything worth telling about it."""

    records: tuple[Record, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity == "error" for f in self.findings)

    def errors(self) -> tuple[Finding, ...]:
        """The findings whose severity is ``error``, in order."""
        return tuple(f for f in self.findings if f.severity == "error")


@attrs.frozen
class PushResult:
    """What the server said to a push.

    ``status_code`` is the HTTP status of the transaction, ``locations`` maps each entry's
    ``fullUrl`` to the location the server gave it (``Patient/17/_history/1``), ``findings``
    carry the server's OperationOutcome issues, each naming the resource and element.
    """

    status_code: int
    locations: Mapping[str, str] = attrs.field(factory=dict)
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the server answered 2xx and no finding is an error."""
        return 200 <= self.status_code < 300 and not any(
            f.severity == "error" for f in self.findings
        )

    def raise_for_findings(self, plugin: str) -> None:
        """Raise :class:`EHRError` for the first error finding, if there is one."""
        for finding in self.findings:
            if finding.severity == "error":
                raise EHRError(
                    finding.message.en,
                    plugin=plugin,
                    resource=finding.resource,
                    element=finding.element,
                    message_text=finding.message,
                )


@attrs.frozen
class StatusMapping:
    """How one carekit workflow state is expressed in the EHR's format.

    For FHIR: ``resource_type`` ``Task``, ``element`` ``status``, ``value`` ``requested`` and
    ``business_status`` ``planned``.
    """

    resource_type: str
    element: str
    value: str
    business_status: str | None = None


class EHRError(PluginError):
    """An EHR adapter failed, or an EHR refused what it was sent.

    ``resource`` names the resource concerned (``Patient`` or ``Patient/123``) and ``element``
    the element (``birthDate``) when the EHR said so (FHIR OperationOutcome issues);
    ``message_text`` is the bilingual message when there is one.
    """

    def __init__(
        self,
        message: str | Text,
        *,
        plugin: str,
        resource: str | None = None,
        element: str | None = None,
        message_text: Text | None = None,
        hook: str | None = "carekit_ehr_adapters",
    ):
        self.resource = resource
        self.element = element
        if isinstance(message, Text):
            message_text = message_text or message
        self.message_text = message_text
        where = ""
        if resource:
            where = f" ({resource}{'.' + element if element else ''})"
        if message_text is not None:
            text = Text(
                mask_cpr_in_text(message_text.da) + where,
                mask_cpr_in_text(message_text.en) + where,
            )
        else:  # an adapter's own (or an EHR's) message: carekit cannot translate it
            assert isinstance(message, str)
            text = Text(mask_cpr_in_text(message) + where, mask_cpr_in_text(message) + where)
        super().__init__(text, plugin=plugin, hook=hook)


class CapabilityNotSupportedError(EHRError):
    """The adapter was asked for something it does not declare in ``capabilities``."""

    def __init__(self, *, plugin: str, capability: str, capabilities: Iterable[str]):
        self.capability = capability
        self.capabilities = tuple(sorted(capabilities))
        super().__init__(
            f"adapter does not support {capability!r}; it supports: "
            f"{', '.join(self.capabilities) or 'nothing'}. Use another adapter for "
            f"{capability!r}.",
            plugin=plugin,
        )


@runtime_checkable
class EHRAdapter(Protocol):
    """An adapter between carekit records and an EHR exchange format."""

    #: Short name, as on the command line: ``fhir``.
    name: str
    #: What it can do: a subset of :data:`CAPABILITIES`.
    capabilities: frozenset[str]
    #: Record kinds that ``import_bundle`` turns back into records (export → import keeps
    #: every field of these).
    importable_kinds: frozenset[str]

    def export_bundle(
        self,
        records: Iterable[Record],
        *,
        citizen_ids: Iterable[str] | None = None,
        include_cpr: bool = False,
    ) -> dict[str, Any]:
        """The records (only those of *citizen_ids*, when given) as one exchange document,
        as JSON-able data; for FHIR a Bundle of type ``transaction``.

        No unmasked CPR number in it (:func:`carekit.privacy.mask_cpr_in_text` on every free
        text) unless *include_cpr*: then the citizen's own CPR number (``Citizen.cpr``) goes
        where the format identifies a person by it, and nowhere else."""
        ...

    def import_bundle(self, data: bytes | str | Mapping[str, Any]) -> ImportResult:
        """Records read from an exchange document.  Never raises for bad input: malformed,
        foreign or invalid data gives findings."""
        ...

    def push(self, bundle: Mapping[str, Any], base_url: str, **options: Any) -> PushResult:
        """Send *bundle* to the server at *base_url*.  The server's complaints come back as
        findings; a server that cannot be reached raises :class:`EHRError`.  What is sent is
        masked as an export is (the CPR number only with the option ``include_cpr=True``), and
        a plain ``http://`` server on another machine is refused unless ``allow_http=True``."""
        ...

    def status_table(self) -> Mapping[str, Mapping[str, StatusMapping]]:
        """Workflow name → state → how the state is expressed.  Must cover every state of
        every workflow in :data:`carekit.lifecycle.WORKFLOWS`."""
        ...


@attrs.frozen
class EHRAdapterInfo:
    """The descriptor a plugin returns from the ``carekit_ehr_adapters`` hook."""

    name: str
    description: Text
    capabilities: frozenset[str]
    factory: Callable[[], EHRAdapter]

    def __attrs_post_init__(self) -> None:
        unknown = set(self.capabilities) - CAPABILITIES
        if unknown:
            raise ValueError(
                f"EHR adapter {self.name!r}: unknown capabilities {sorted(unknown)}; "
                f"known: {sorted(CAPABILITIES)}"
            )
