from __future__ import annotations

from collections.abc import Iterator

import pytest
from fhir_server import FhirStore, serve


@pytest.fixture(scope="session")
def fhir_server() -> Iterator[tuple[str, FhirStore]]:
    """A real FHIR server on 127.0.0.1 for the whole session; stops itself afterwards."""
    yield from serve()
