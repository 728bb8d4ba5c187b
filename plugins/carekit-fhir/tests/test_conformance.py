from __future__ import annotations

from collections.abc import Callable

import pytest
from carekit_fhir import FHIRAdapter
from fhir_server import FhirStore

from carekit.ehr import EHRAdapter
from carekit.testing.ehr import EHRAdapterConformance


class TestFHIRAdapterConformance(EHRAdapterConformance):
    @pytest.fixture
    def adapter_factory(self) -> Callable[[], EHRAdapter]:
        return FHIRAdapter

    @pytest.fixture
    def push_base_url(self, fhir_server: tuple[str, FhirStore]) -> str:
        return fhir_server[0]
