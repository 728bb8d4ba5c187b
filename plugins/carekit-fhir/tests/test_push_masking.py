"""A FHIR server URL with credentials never shows its password in an error."""

from __future__ import annotations

import pytest
from carekit_fhir import pull, push_bundle

from carekit.ehr import EHRError

# port 9 (discard): nothing answers; the first password is not even a valid URL for httpx
URLS = ["http://care:s3cr/t?x@127.0.0.1:9/fhir", "http://care:s3cr%2Ft@127.0.0.1:9/fhir"]


@pytest.mark.parametrize("url", URLS)
def test_push_and_pull_errors_mask_the_password(url: str) -> None:
    with pytest.raises(EHRError) as push_info:
        push_bundle({"resourceType": "Bundle", "type": "transaction"}, url, timeout=2)
    with pytest.raises(EHRError) as pull_info:
        pull(url, "00000000-0000-0000-0000-000000000000", timeout=2)
    for info in (push_info, pull_info):
        for text in (str(info.value), info.value.text.da, info.value.text.en):
            assert "s3cr" not in text
            assert "s3cr%2Ft" not in text


def test_carekit_plugins_lists_the_fhir_adapter_in_both_languages() -> None:
    import json

    from click.testing import CliRunner

    from carekit.cli import cli

    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    (fhir,) = [a for a in json.loads(result.output)["ehr_adapters"] if a["name"] == "fhir"]
    assert fhir["capabilities"] == ["export", "import", "push"]
    assert set(fhir["description"]) == {"da", "en"}
    text = CliRunner().invoke(cli, ["plugins"]).output
    assert "EHR adapters: fhir" in text
