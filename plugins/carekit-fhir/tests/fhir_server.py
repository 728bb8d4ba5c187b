"""A small, real FHIR R4 server for the tests: Starlette + uvicorn on 127.0.0.1, resources kept
in memory and validated with fhir.resources.

It implements what carekit-fhir uses: transaction Bundles (all or nothing) with conditional
update (``PUT Type?identifier=system|value``) and ``ifNoneExist``, ``urn:uuid`` reference
rewriting, read (``GET /Type/id``), search by ``identifier``, ``patient`` and ``subject``, and
OperationOutcome (with ``expression``) for anything invalid.
"""

from __future__ import annotations

import copy
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pydantic
import uvicorn
from fhir.resources.R4B import get_fhir_model_class
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FHIR_JSON = "application/fhir+json"


def _outcome(status: int, issues: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse(
        {"resourceType": "OperationOutcome", "issue": issues},
        status_code=status,
        media_type=FHIR_JSON,
    )


def _issue(expression: str, diagnostics: str, code: str = "invalid") -> dict[str, Any]:
    return {
        "severity": "error",
        "code": code,
        "diagnostics": diagnostics,
        "expression": [expression],
    }


def _path(loc: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


class FhirStore:
    def __init__(self) -> None:
        self.resources: dict[str, dict[str, dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def validate(self, resource: Any, where: str) -> list[dict[str, Any]]:
        if not isinstance(resource, dict) or "resourceType" not in resource:
            return [_issue(where, "not a FHIR resource", "structure")]
        try:
            model = get_fhir_model_class(str(resource["resourceType"]))
        except (KeyError, ValueError):
            return [_issue(f"{where}.resourceType", "unknown resource type", "not-supported")]
        try:
            model.model_validate(resource)
        except pydantic.ValidationError as exc:
            return [
                _issue(f"{where}{_path(tuple(e['loc']))}", str(e["msg"]))
                for e in exc.errors(include_url=False, include_input=False)
            ]
        return []

    def search(self, rtype: str, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
        found = []
        for resource in self.resources.get(rtype, {}).values():
            if all(self._matches(resource, k, v) for k, v in params):
                found.append(resource)
        return found

    @staticmethod
    def _matches(resource: dict[str, Any], key: str, value: str) -> bool:
        if key == "identifier":
            system, _, code = value.rpartition("|")
            idents = resource.get("identifier") or []
            if isinstance(idents, dict):
                idents = [idents]
            return any(
                i.get("value") == code and (not system or i.get("system") == system) for i in idents
            )
        if key in ("patient", "subject"):
            return (resource.get(key) or {}).get("reference") == value
        return False


def _rewrite(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                mapping.get(v, v)
                if k == "reference" and isinstance(v, str)
                else _rewrite(v, mapping)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(v, mapping) for v in value]
    return value


def make_app(store: FhirStore) -> Starlette:
    async def transaction(request: Request) -> JSONResponse:
        try:
            bundle = await request.json()
        except ValueError:
            return _outcome(400, [_issue("Bundle", "body is not JSON", "structure")])
        if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
            return _outcome(400, [_issue("Bundle", "expected a Bundle", "structure")])
        if bundle.get("type") != "transaction":
            return _outcome(400, [_issue("Bundle.type", "only transaction is supported")])
        entries = bundle.get("entry") or []
        issues = []
        for i, entry in enumerate(entries):
            issues += store.validate(entry.get("resource"), f"Bundle.entry[{i}].resource")
            if "request" not in entry:
                issues.append(_issue(f"Bundle.entry[{i}].request", "missing request"))
        if issues:
            return _outcome(400, issues)
        with store.lock:
            plan: list[tuple[str, str, bool]] = []
            mapping: dict[str, str] = {}
            for i, entry in enumerate(entries):
                req = entry["request"]
                rtype = entry["resource"]["resourceType"]
                url = str(req.get("url", ""))
                conditional = url.partition("?")[2] if "?" in url else req.get("ifNoneExist")
                existing = store.search(rtype, parse_qsl(conditional)) if conditional else []
                if len(existing) > 1:
                    return _outcome(
                        412,
                        [
                            _issue(
                                f"Bundle.entry[{i}].request",
                                "conditional matched several resources",
                                "multiple-matches",
                            )
                        ],
                    )
                created = not existing
                rid = existing[0]["id"] if existing else str(next(store.ids))
                if req.get("method") == "POST" and existing:
                    plan.append((rtype, rid, False))  # ifNoneExist: keep, do not update
                else:
                    plan.append((rtype, rid, created))
                if entry.get("fullUrl"):
                    mapping[entry["fullUrl"]] = f"{rtype}/{rid}"
            out = []
            for (rtype, rid, created), entry in zip(plan, entries, strict=True):
                resource = _rewrite(copy.deepcopy(entry["resource"]), mapping)
                resource["id"] = rid
                old = store.resources.get(rtype, {}).get(rid)
                version = int((old or {}).get("meta", {}).get("versionId", "0")) + 1
                resource["meta"] = {**resource.get("meta", {}), "versionId": str(version)}
                store.resources.setdefault(rtype, {})[rid] = resource
                out.append(
                    {
                        "response": {
                            "status": "201 Created" if created else "200 OK",
                            "location": f"{rtype}/{rid}/_history/{version}",
                        }
                    }
                )
        return JSONResponse(
            {"resourceType": "Bundle", "type": "transaction-response", "entry": out},
            media_type=FHIR_JSON,
        )

    async def read(request: Request) -> JSONResponse:
        rtype, rid = request.path_params["rtype"], request.path_params["rid"]
        resource = store.resources.get(rtype, {}).get(rid)
        if resource is None:
            return _outcome(404, [_issue(f"{rtype}/{rid}", "not found", "not-found")])
        return JSONResponse(resource, media_type=FHIR_JSON)

    async def search(request: Request) -> JSONResponse:
        rtype = request.path_params["rtype"]
        found = store.search(rtype, list(request.query_params.multi_items()))
        return JSONResponse(
            {
                "resourceType": "Bundle",
                "type": "searchset",
                "total": len(found),
                "entry": [
                    {"fullUrl": f"{request.base_url}{rtype}/{r['id']}", "resource": r}
                    for r in found
                ],
            },
            media_type=FHIR_JSON,
        )

    return Starlette(
        routes=[
            Route("/", transaction, methods=["POST"]),
            Route("/{rtype}", search, methods=["GET"]),
            Route("/{rtype}/{rid}", read, methods=["GET"]),
        ]
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve() -> Iterator[tuple[str, FhirStore]]:
    """Run a server on 127.0.0.1 in a thread; yields (base URL, store); stops on exit."""
    store = FhirStore()
    port = _free_port()
    config = uvicorn.Config(
        make_app(store), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test FHIR server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", store
    finally:
        server.should_exit = True
        thread.join(timeout=10)
