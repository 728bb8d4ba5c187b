"""The GDPR export (carekit.testing.export) on MariaDB, through ``carekit.open()``: every
version, audit row, access-log row and outbox entry of the citizen, nobody else's, and the
export logged."""

from __future__ import annotations

import pytest

from carekit.testing.export import CitizenExportConformance

pytestmark = pytest.mark.mariadb


class TestMariaDBCitizenExport(CitizenExportConformance):
    @pytest.fixture
    def store_url(self, fresh_url: str) -> str:
        return fresh_url
