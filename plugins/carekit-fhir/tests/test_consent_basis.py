"""A consent's legal basis in FHIR (#19 point 6): carekit's ``consent-legal-basis``
extension on the Consent, a code of the ``consent-basis`` CodeSystem (Danish display, English
designation), and the record comes back unchanged."""

from __future__ import annotations

import json
from typing import Any

from carekit_fhir import _codes as c
from carekit_fhir import export_bundle, import_bundle
from carekit_fhir._profiles import PACKAGE_DIR

from carekit.demo import demo_records
from carekit.model import Consent, ConsentBasis, ConsentGiver


def _consents(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"]


def _basis(resource: dict[str, Any]) -> list[str]:
    return [
        e["valueCode"]
        for e in resource.get("extension", ())
        if e["url"] == c.EXT_CONSENT_LEGAL_BASIS
    ]


def test_peters_consent_carries_its_legal_basis_and_comes_back() -> None:
    consents = [r for r in demo_records() if isinstance(r, Consent)]
    by_peter = next(r for r in consents if r.given_by is ConsentGiver.RELATIVE)
    bundle = export_bundle([by_peter])
    (resource,) = _consents(bundle)
    assert _basis(resource) == ["lasting_power_of_attorney"]
    result = import_bundle(json.dumps(bundle))
    assert result.findings == ()
    assert list(result.records) == [by_peter]


def test_a_consent_without_a_basis_has_no_basis_extension() -> None:
    consent = next(r for r in demo_records() if isinstance(r, Consent))
    bare = consent.model_copy(update={"legal_basis": None})
    (resource,) = _consents(export_bundle([bare]))
    assert _basis(resource) == []


def test_the_package_defines_every_basis_in_danish_and_english() -> None:
    system = json.loads((PACKAGE_DIR / "CodeSystem-carekit-consent-basis.json").read_text("utf-8"))
    assert system["url"] == c.CONSENT_BASIS_SYSTEM
    concepts = {k["code"]: k for k in system["concept"]}
    assert set(concepts) == {b.value for b in ConsentBasis}
    guardian = concepts["guardianship"]
    assert guardian["display"] == "Værge, hvor værgemålet omfatter personlige forhold"
    assert guardian["designation"][0]["value"].startswith("Guardian")
