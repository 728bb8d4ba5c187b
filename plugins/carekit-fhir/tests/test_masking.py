"""No unmasked CPR number leaves in a FHIR export or push: every string is masked, the CPR
identifier is there only with ``include_cpr``; push refuses plain http to another machine."""

from __future__ import annotations

import base64
import itertools
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from carekit_fhir import _codes as c
from carekit_fhir import export_bundle, pull, push_bundle
from carekit_fhir._masking import mask_bundle
from records import citizen_set

from carekit.ehr import EHRError
from carekit.model import Record, parse_record
from carekit.privacy import find_cprs

SPELLINGS = [
    "010137-4002",
    "0101374002",
    "010137 4002",
    "010137–4002",
    "01.01.37-4002",
    "010137/4002",
]
OWN_CPR = "0101901234"  # citizen_set()'s citizen


def _salt(value: Any, spellings: Iterator[str]) -> Any:
    """Every free-text string (one with a space in it) gets a CPR number appended."""
    if isinstance(value, str) and " " in value and len(value) < 400 and value[0] not in "+0123":
        return f"{value} (CPR {next(spellings)})"  # (not a phone number: it has a pattern)
    if isinstance(value, list):
        return [_salt(v, spellings) for v in value]
    if isinstance(value, dict):
        return {k: _salt(v, spellings) for k, v in value.items()}
    return value


def _seeded() -> list[Record]:
    spellings = itertools.cycle(SPELLINGS)
    out = []
    for record in citizen_set():
        data = _salt(record.model_dump(mode="json"), spellings)
        if record.kind == "citizen":
            data["display_name"] = f"Else Hansen {next(spellings)}"
            data["cpr"] = record.model_dump()["cpr"]
        out.append(parse_record(data))
    return out


def _texts(bundle: dict[str, Any]) -> str:
    """The bundle as JSON, plus the decoded text of its plain-text attachments."""
    parts = [json.dumps(bundle, ensure_ascii=False)]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if str(value.get("contentType", "")).startswith("text/") and "data" in value:
                parts.append(base64.b64decode(value["data"]).decode("utf-8"))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(bundle)
    return "\n".join(parts)


def _of_type(bundle: dict[str, Any], rtype: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def _cprs(text: str) -> set[str]:
    return {m.digits for m in find_cprs(text)}


def test_the_seed_holds_every_spelling_in_free_text() -> None:
    dumped = json.dumps([r.model_dump(mode="json") for r in _seeded()], ensure_ascii=False)
    for spelling in SPELLINGS:
        assert spelling in dumped


def test_an_export_holds_no_unmasked_cpr_anywhere() -> None:
    bundle = export_bundle(_seeded())
    text = _texts(bundle)
    assert _cprs(text) == set()
    assert "010137-XXXX" in text
    assert "Else Hansen 010137-XXXX" in json.dumps(bundle, ensure_ascii=False)
    stories = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "DocumentReference"]
    (story,) = stories
    narrative = base64.b64decode(story["resource"]["content"][0]["attachment"]["data"]).decode()
    assert "010137-XXXX" in narrative  # the attachment was decoded, masked and encoded again
    (patient,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert [i["system"] for i in patient["identifier"]] == [c.RECORD_ID_SYSTEM]


def test_include_cpr_adds_the_cpr_identifier_and_nothing_else() -> None:
    bundle = export_bundle(_seeded(), include_cpr=True)
    text = _texts(bundle)
    assert _cprs(text) == {OWN_CPR}
    (patient,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert {"system": c.CPR_SYSTEM, "value": OWN_CPR} in patient["identifier"]
    # exactly one occurrence: the identifier (the record content never carries the CPR)
    assert len(find_cprs(text)) == 1
    assert "010137-XXXX" in text


def test_masking_keeps_ids_references_and_binary_data_and_is_idempotent() -> None:
    bundle = export_bundle(_seeded())
    assert mask_bundle(bundle) == bundle
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(uuid.UUID(u.removeprefix("urn:uuid:")) for u in full_urls)
    rid = "3f010137-4002-4abc-8def-0123456789ab"  # a UUID whose digits look like a CPR number
    image = base64.b64encode(b"\x89PNG 010137-4002 \x00").decode()
    hand_made: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": f"urn:uuid:{rid}",
                "resource": {
                    "resourceType": "Media",
                    "identifier": [{"system": c.RECORD_ID_SYSTEM, "value": f"urn:uuid:{rid}"}],
                    "subject": {"identifier": {"system": c.CPR_SYSTEM, "value": "0101374002"}},
                    "content": {"contentType": "image/png", "data": image},
                    "note": [{"text": "Billede af 010137-4002"}],
                },
                "request": {"method": "PUT", "url": f"Media?identifier=urn:uuid:{rid}"},
            }
        ],
    }
    masked = mask_bundle(hand_made)
    entry = masked["entry"][0]
    assert entry["fullUrl"] == f"urn:uuid:{rid}"
    assert entry["request"]["url"] == f"Media?identifier=urn:uuid:{rid}"
    assert entry["resource"]["content"]["data"] == image  # not text: sent as it is
    assert entry["resource"]["note"] == [{"text": "Billede af 010137-XXXX"}]
    assert entry["resource"]["subject"] == {}  # the CPR identifier is left out
    kept = mask_bundle(hand_made, include_cpr=True)["entry"][0]["resource"]["subject"]
    assert kept == {"identifier": {"system": c.CPR_SYSTEM, "value": "0101374002"}}
    assert hand_made["entry"][0]["resource"]["note"] == [{"text": "Billede af 010137-4002"}]


# ------------------------------------------------------------------------------- push
class _Receiver:
    """A FHIR-ish receiver on 127.0.0.1: keeps every body, answers a transaction-response
    Bundle; stops itself when the ``with`` block ends."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet tests
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.bodies.append(body)
                entries = json.loads(body).get("entry") or []
                reply = json.dumps(
                    {
                        "resourceType": "Bundle",
                        "type": "transaction-response",
                        "entry": [
                            {"response": {"status": "201", "location": f"X/{i}/_history/1"}}
                            for i in range(len(entries))
                        ],
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/fhir"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    with _Receiver() as running:
        yield running


def test_a_push_sends_no_unmasked_cpr(receiver: _Receiver) -> None:
    # even a bundle exported with the CPR number is sent without it unless the push asks too
    for bundle in (export_bundle(_seeded()), export_bundle(_seeded(), include_cpr=True)):
        result = push_bundle(bundle, receiver.url, timeout=5)
        assert result.ok, [f.render() for f in result.findings]
        assert len(result.locations) == len(bundle["entry"])
    assert len(receiver.bodies) == 2
    for body in receiver.bodies:
        sent = json.loads(body)
        assert _cprs(_texts(sent)) == set()
        assert "010137-XXXX" in _texts(sent)


def test_a_push_with_include_cpr_sends_only_the_cpr_identifier(receiver: _Receiver) -> None:
    bundle = export_bundle(_seeded(), include_cpr=True)
    assert push_bundle(bundle, receiver.url, timeout=5, include_cpr=True).ok
    (body,) = receiver.bodies
    text = _texts(json.loads(body))
    assert _cprs(text) == {OWN_CPR}
    assert len(find_cprs(text)) == 1


def _recording_client() -> tuple[httpx.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"resourceType": "Bundle", "type": "searchset"})

    return httpx.Client(transport=httpx.MockTransport(handle)), seen


@pytest.mark.parametrize(
    "url",
    [
        "http://fhir.example.dk/fhir",
        "HTTP://fhir.example.dk/fhir",
        "http://care:s3cret@10.0.0.7:8080/fhir",
        "http://[2001:db8::1]/fhir",
    ],
)
def test_push_and_pull_refuse_plain_http_to_another_machine(url: str) -> None:
    client, seen = _recording_client()
    with client:
        with pytest.raises(EHRError) as info:
            push_bundle(export_bundle(citizen_set()), url, client=client)
        assert "http://" in info.value.text.da
        assert "ukrypteret" in info.value.text.da
        assert "without encryption" in info.value.text.en
        assert "allow_http" in info.value.text.en
        assert "s3cret" not in str(info.value) + info.value.text.da + info.value.text.en
        assert info.value.plugin == "carekit-fhir"
        with pytest.raises(EHRError, match="without encryption"):
            pull(url, str(uuid.uuid4()), client=client)
    assert seen == []  # nothing was sent


def test_allow_http_lets_a_push_through_plain_http() -> None:
    client, seen = _recording_client()
    with client:
        push_bundle(export_bundle(citizen_set()), "http://fhir.example.dk/fhir", client=client,
                    allow_http=True)  # fmt: skip
        pull("http://fhir.example.dk/fhir", str(uuid.uuid4()), client=client, allow_http=True)
    assert [r.url.host for r in seen] == ["fhir.example.dk", "fhir.example.dk"]
    assert _cprs(seen[0].content.decode()) == set()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.1.2.3"])
def test_plain_http_to_this_machine_is_allowed(host: str) -> None:
    client, seen = _recording_client()
    with client:
        push_bundle(export_bundle(citizen_set()), f"http://{host}:8080/fhir", client=client)
    assert len(seen) == 1
