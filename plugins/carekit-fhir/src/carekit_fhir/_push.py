"""Push a transaction Bundle to a FHIR server, and pull a citizen's network back (httpx).

Whatever the server refuses comes back as findings naming the resource and element
(from ``OperationOutcome.issue.expression``); a server that cannot be reached raises
:class:`~carekit.ehr.EHRError`.

What is sent is masked like an export (:func:`~carekit_fhir._masking.mask_bundle`): CPR numbers
in free text as ``DDMMYY-XXXX``, the CPR identifier only with ``include_cpr=True``.  The server
is ``https://``; plain ``http://`` only to this machine (``127.0.0.1``, ``::1``,
``localhost``) or with ``allow_http=True`` - the same rule as the webhook channel.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

import httpx

from carekit.ehr import EHRError, Finding, FindingSeverity, ImportResult, PushResult
from carekit.i18n import Text
from carekit.privacy import mask_cpr_in_text, mask_url
from carekit_fhir import _codes as c
from carekit_fhir._import import import_bundle
from carekit_fhir._masking import mask_bundle

__all__ = ["check_endpoint", "outcome_findings", "pull", "push_bundle"]

PLUGIN = "carekit-fhir"
_FHIR_JSON = "application/fhir+json"
_ENTRY = re.compile(r"^Bundle\.entry\[(\d+)\]\.resource(?:\.(.*))?$")
_SEVERITY: dict[str, FindingSeverity] = {
    "fatal": "error",
    "error": "error",
    "warning": "warning",
    "information": "information",
}


def _client(client: httpx.Client | None, timeout: float) -> httpx.Client:
    return client if client is not None else httpx.Client(timeout=timeout)


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(base_url: str, *, allow_http: bool = False) -> None:
    """Refuse a plain ``http://`` server on another machine unless *allow_http*: what is
    pushed or pulled is personal data, and over ``http://`` it travels unencrypted."""
    try:
        parts = urllib.parse.urlsplit(base_url)
        scheme, host = parts.scheme.lower(), parts.hostname
    except ValueError:
        return  # not a URL at all: httpx says so (cannot reach …)
    if scheme == "http" and not (allow_http or _is_loopback(host)):
        shown = mask_url(base_url)
        raise EHRError(
            Text(
                f"FHIR-serveren på {shown} bruger http:// uden kryptering, og carekit sender "
                "ikke personoplysninger ukrypteret. Brug https:// (http:// kun til denne "
                "maskine, eller med allow_http=True / --allow-http).",
                f"the FHIR server at {shown} uses http:// without encryption, and carekit does "
                "not send personal data unencrypted. Use https:// (http:// only to this "
                "machine, or with allow_http=True / --allow-http).",
            ),
            plugin=PLUGIN,
        )


def _where(path: str, bundle: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """(resource, element) named by an expression such as Bundle.entry[2].resource.birthDate."""
    match = _ENTRY.match(path)
    if match is None:
        head, _, tail = path.partition(".")
        return (head or None), (tail or None)
    index, element = int(match.group(1)), match.group(2)
    resource: str | None = None
    if bundle is not None:
        entries = bundle.get("entry") or []
        if index < len(entries):
            res = entries[index].get("resource") or {}
            resource = res.get("resourceType")
    return resource, element


def outcome_findings(
    outcome: Mapping[str, Any], bundle: Mapping[str, Any] | None = None, prefix: str = ""
) -> list[Finding]:
    """Findings from the issues of an OperationOutcome."""
    findings = []
    for issue in outcome.get("issue") or []:
        paths = list(issue.get("expression") or issue.get("location") or [prefix])
        path = paths[0] if paths else prefix
        resource, element = _where(path, bundle)
        text = mask_cpr_in_text(
            str(issue.get("diagnostics") or (issue.get("details") or {}).get("text") or "")
        )
        findings.append(
            Finding(
                _SEVERITY.get(str(issue.get("severity")), "error"),
                path,
                Text(f"Serveren afviste: {text}", f"The server refused: {text}"),
                code=str(issue.get("code") or "invalid"),
                resource=resource,
                element=element,
            )
        )
    return findings


def push_bundle(
    bundle: Mapping[str, Any],
    base_url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
    include_cpr: bool = False,
    allow_http: bool = False,
) -> PushResult:
    """POST *bundle* (a transaction) to the FHIR server at *base_url*.

    CPR numbers in the bundle's strings are masked and its CPR identifiers left out unless
    *include_cpr* (export with ``include_cpr=True`` too, or there is none to send).  A plain
    ``http://`` server on another machine is refused (:class:`~carekit.ehr.EHRError`) unless
    *allow_http*."""
    check_endpoint(base_url, allow_http=allow_http)
    outgoing = mask_bundle(bundle, include_cpr=include_cpr)
    http = _client(client, timeout)
    shown = mask_url(base_url)  # never a password in an error
    try:
        response = http.post(
            base_url.rstrip("/") + "/",
            json=outgoing,
            headers={"Content-Type": _FHIR_JSON, "Accept": _FHIR_JSON, **(headers or {})},
        )
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise EHRError(
            Text(
                f"FHIR-serveren på {shown} kan ikke nås: {type(exc).__name__}. Tjek adressen, "
                "og at serveren kører, og send så igen.",
                f"cannot reach the FHIR server at {shown}: {type(exc).__name__}. Check the URL "
                "and that the server is running, then push again.",
            ),
            plugin=PLUGIN,
        ) from exc
    finally:
        if client is None:
            http.close()
    try:
        body = response.json()
    except ValueError:
        body = None
    findings: list[Finding] = []
    locations: dict[str, str] = {}
    if isinstance(body, Mapping) and body.get("resourceType") == "OperationOutcome":
        findings = outcome_findings(body, bundle)
    elif isinstance(body, Mapping) and body.get("resourceType") == "Bundle":
        sent = bundle.get("entry") or []
        for i, entry in enumerate(body.get("entry") or []):
            answer = entry.get("response") or {}
            full_url = sent[i].get("fullUrl") if i < len(sent) else None
            if full_url and answer.get("location"):
                locations[str(full_url)] = str(answer["location"])
            outcome = answer.get("outcome")
            if isinstance(outcome, Mapping):
                findings += outcome_findings(outcome, bundle, f"Bundle.entry[{i}].resource")
    if response.status_code >= 400 and not findings:
        findings.append(
            Finding(
                "error",
                "",
                Text(
                    f"Serveren svarede HTTP {response.status_code}.",
                    f"The server answered HTTP {response.status_code}.",
                ),
                code="http",
            )
        )
    return PushResult(response.status_code, locations, tuple(findings))


def _search(http: httpx.Client, base: str, rtype: str, params: dict[str, str]) -> list[Any]:
    response = http.get(f"{base}/{rtype}", params=params, headers={"Accept": _FHIR_JSON})
    response.raise_for_status()
    return [e.get("resource") for e in response.json().get("entry") or [] if e.get("resource")]


def pull(
    base_url: str,
    citizen_id: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = 30.0,
    allow_http: bool = False,
) -> ImportResult:
    """Read a citizen's Patient, RelatedPersons, CareTeams and their PractitionerRoles and
    Practitioners from a FHIR server and import them (``http://`` as for :func:`push_bundle`:
    what comes back is personal data)."""
    check_endpoint(base_url, allow_http=allow_http)
    base = base_url.rstrip("/")
    shown = mask_url(base_url)  # never a password in an error
    http = _client(client, timeout)
    resources: list[Any] = []
    try:
        patients = _search(
            http, base, "Patient", {"identifier": f"{c.RECORD_ID_SYSTEM}|urn:uuid:{citizen_id}"}
        )
        resources += patients
        for patient in patients:
            ref = f"Patient/{patient['id']}"
            resources += _search(http, base, "RelatedPerson", {"patient": ref})
            teams = _search(http, base, "CareTeam", {"subject": ref})
            resources += teams
            for team in teams:
                for participant in team.get("participant") or []:
                    target = (participant.get("member") or {}).get("reference", "")
                    if target.startswith("PractitionerRole/"):
                        role = http.get(f"{base}/{target}").raise_for_status().json()
                        resources.append(role)
                        prac = (role.get("practitioner") or {}).get("reference", "")
                        if prac:
                            resources.append(http.get(f"{base}/{prac}").raise_for_status().json())
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise EHRError(
            Text(
                f"Der kan ikke læses fra FHIR-serveren på {shown}: {type(exc).__name__}. Tjek "
                "adressen, og at serveren kører.",
                f"cannot read from the FHIR server at {shown}: {type(exc).__name__}. Check the "
                "URL and that the server is running.",
            ),
            plugin=PLUGIN,
        ) from exc
    finally:
        if client is None:
            http.close()
    seen: set[str] = set()
    entries = []
    for res in resources:
        key = f"{res.get('resourceType')}/{res.get('id')}"
        if key not in seen:
            seen.add(key)
            entries.append({"fullUrl": f"{base}/{key}", "resource": res})
    return import_bundle({"resourceType": "Bundle", "type": "collection", "entry": entries})
