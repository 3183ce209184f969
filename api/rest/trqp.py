"""Trust over IP's Trust Registry Query Protocol v2 over HTTPS: `POST /trqp/authorization`,
`POST /trqp/recognition`, `GET /trqp/metadata`, and `GET /.well-known/did.json` (the
did:web document of our authority id, naming the TRQP endpoint).

Requests are checked against the specification's own JSON Schemas (../shared/data/
trqp-v2/, commit in its SOURCE_COMMIT; Draft 2020-12 with formats enforced); every refusal
is RFC 7807 `application/problem+json` naming the field. Answers come from graph/trust.py
(through loaders/trust.py), the rule the `issuerTrust` query uses.

Our vocabulary (also in `GET /trqp/metadata`):
- authorization, `action: "issue"`, `resource`: a CredentialType value (BADGE...) or a
  standard's id or name. Authorized: a verified issuer that issues a credential of it.
- recognition, `action: "member"`, `resource`: a StakeholderGroup key
  (CREDENTIALING_ORGANIZATIONS...) or `ecosystem` (the whole map). Recognized: a
  verified stakeholder (in that group).
- `entity_id` is a DID; `authority_id` must be ours (else 404: we answer for no other
  authority); `context.time` (RFC 3339, `Z` only) evaluates the state at that time.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from jsonschema import (  # type: ignore[import-untyped]  # no stubs installed (types-jsonschema)
    Draft202012Validator,
    FormatChecker,
)
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from api.gate import unavailable
from api.types.enums import StakeholderGroup
from graph.db import Database
from graph.errors import DatabaseUnavailable, GraphError
from graph.models import IssuerTrustModel
from graph.settings import Settings
from loaders import Loaders, trust

SCHEMAS = "trqp-v2"  # within the data folder (settings.lermap_data_dir)
MAX_BODY = 16 * 1024  # a TRQP request is a few short strings
PROBLEM = "application/problem+json"
ACTIONS = {"authorization": {"issue": "resource: a CredentialType value (BADGE, CERTIFICATE, "
                                      "...) or a standard's id or name"},
           "recognition": {"member": "resource: a StakeholderGroup key "
                                     "(CREDENTIALING_ORGANIZATIONS, ...) or 'ecosystem'"}}
ECOSYSTEM = "ecosystem"
GROUPS = tuple(g.value for g in StakeholderGroup)


@dataclass
class Problem(Exception):
    """An RFC 7807 problem: `kind` is the last part of its type URI."""

    status: int
    kind: str
    title: str
    detail: str
    field: str | None = None


def load_schema(directory: Path, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((directory / f"trqp_{name}.schema.json").read_text())
    return schema


def validator(directory: Path, name: str) -> Draft202012Validator:
    # The files name no $schema; Draft 2020-12 is the current one and reads them as meant.
    return Draft202012Validator(load_schema(directory, name), format_checker=FormatChecker())


def spec_commit(directory: Path) -> str | None:
    path = directory / "SOURCE_COMMIT"
    return path.read_text().strip() if path.is_file() else None


def _pointer(path: Any) -> str:
    return ".".join(str(p) for p in path) or "(body)"


def _field_of(error: Any) -> str:
    """The field a schema error is about: a missing property is named by the error."""
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return _pointer([*error.absolute_path, missing])
    return _pointer(error.absolute_path)


async def _body(request: Request) -> bytes:
    """The body, refused past MAX_BODY without reading the rest (413)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise Problem(413, "too-large", "Request body too large",
                      f"a TRQP request may be at most {MAX_BODY} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise Problem(413, "too-large", "Request body too large",
                              f"a TRQP request may be at most {MAX_BODY} bytes")
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise Problem(400, "bad-request", "Incomplete request", "the body was cut off") from exc
    return b"".join(chunks)


async def parse(request: Request, check: Draft202012Validator) -> dict[str, Any]:
    """The request's JSON object, valid against its schema, or a Problem naming the field."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      f"send Content-Type: application/json, not {media or 'nothing'!r}")
    raw = await _body(request)
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Problem(400, "invalid-json", "Body is not JSON", f"the body is not JSON: {exc}",
                      "(body)") from exc
    errors = sorted(check.iter_errors(body), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        first = errors[0]
        field = _field_of(first)
        raise Problem(400, "schema-violation", "Request does not match the TRQP v2 schema",
                      "; ".join(f"{_field_of(e)}: {e.message}" for e in errors[:5]), field)
    assert isinstance(body, dict)  # the schema says "type": "object"
    return body


def _time(body: dict[str, Any]) -> datetime | None:
    text = (body.get("context") or {}).get("time")
    if text is None:
        return None
    # The schema's format allows any offset; the specification asks for Z only.
    if not text.endswith(("Z", "z")):
        raise Problem(400, "schema-violation", "Request does not match the TRQP v2 schema",
                      "context.time: RFC 3339 with the Z offset only, like "
                      "2025-01-01T00:00:00Z", "context.time")
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError as exc:  # valid RFC 3339 that Python cannot hold (nanoseconds)
        raise Problem(400, "schema-violation", "Request does not match the TRQP v2 schema",
                      f"context.time: {exc}", "context.time") from exc


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _problem_response(problem: Problem, base: str) -> Response:
    body: dict[str, Any] = {"type": f"{base}/trqp/problems/{problem.kind}",
                            "title": problem.title, "status": problem.status,
                            "detail": problem.detail}
    if problem.field is not None:
        body["field"] = problem.field
    return Response(orjson.dumps(body), status_code=problem.status, media_type=PROBLEM)


def _answer(body: dict[str, Any], settings: Settings, evaluated: datetime, outcome: str,
            verdict: bool, message: str, requested: datetime | None) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "entity_id": body["entity_id"], "authority_id": settings.authority_id,
        "action": body["action"], "resource": body["resource"], outcome: verdict,
        "time_evaluated": rfc3339(evaluated), "message": message}
    if requested is not None:
        answer["time_requested"] = rfc3339(requested)
    if "context" in body:
        answer["context"] = body["context"]
    return answer


Handler = Callable[[dict[str, Any], IssuerTrustModel], tuple[bool, str]]


def _authorization(body: dict[str, Any], m: IssuerTrustModel) -> tuple[bool, str]:
    return bool(m.authorized), m.message


def _recognition(body: dict[str, Any], m: IssuerTrustModel) -> tuple[bool, str]:
    resource = body["resource"]
    if not m.trusted:
        return False, m.message
    if resource == ECOSYSTEM:
        return True, f"{m.message}: a verified member of the ecosystem"
    groups = m.stakeholder.groups if m.stakeholder is not None else []
    if resource in groups:
        return True, f"{m.message}, in the group {resource}"
    return False, f"{m.message}, but not in the group {resource} (groups are as they are now)"


def routes(settings: Settings, db_holder: dict[str, Database]) -> list[Route]:
    base = settings.public_base_url
    # The specification's schemas are read from the data folder, never copied; without
    # them the endpoints refuse (503) rather than answer unchecked requests.
    directory = (settings.lermap_data_dir or Path("/nonexistent")) / SCHEMAS
    checks = ({name: validator(directory, f"{name}_request") for name in ACTIONS}
              if directory.is_dir() else {})
    commit = spec_commit(directory)

    def endpoint(name: str, decide: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            try:
                if name not in checks:
                    raise Problem(503, "unavailable", "Schemas unavailable",
                                  f"the TRQP v2 schemas are not in {directory}; set "
                                  "LERMAP_DATA_DIR")
                body = await parse(request, checks[name])
                requested = _time(body)
                if body["authority_id"] != settings.authority_id:
                    raise Problem(404, "unknown-authority", "Unknown authority",
                                  f"this registry answers for {settings.authority_id} only, "
                                  f"not {body['authority_id'][:200]!r}", "authority_id")
                if body["action"] not in ACTIONS[name]:
                    raise Problem(400, "unknown-action", "Unknown action",
                                  f"action {body['action'][:80]!r} is not one of ours: "
                                  f"{', '.join(ACTIONS[name])}", "action")
                if name == "recognition" and body["resource"] not in (ECOSYSTEM, *GROUPS):
                    raise Problem(400, "unknown-resource", "Unknown resource",
                                  f"resource must be {ECOSYSTEM!r} or a StakeholderGroup key "
                                  f"({', '.join(GROUPS)})", "resource")
                loaders = Loaders(db_holder["db"], None)
                try:
                    trust.check_did(body["entity_id"], "entity_id")
                    m = await trust.issuer_trust(
                        loaders, None, body["entity_id"],
                        body["resource"] if name == "authorization" else None, requested)
                except GraphError as exc:
                    raise Problem(400, "invalid-entity", "Invalid entity_id", exc.message,
                                  "entity_id") from exc
            except Problem as problem:
                return _problem_response(problem, base)
            except DatabaseUnavailable:
                down = unavailable()
                return _problem_response(Problem(503, "unavailable", "Service unavailable",
                                                 down.message), base)
            verdict, message = decide(body, m)
            outcome = "authorized" if name == "authorization" else "recognized"
            answer = _answer(body, settings, m.evaluatedAt, outcome, verdict, message,
                             requested)
            return Response(orjson.dumps(answer), media_type="application/json")
        return handle

    async def metadata(_: Request) -> Response:
        return Response(orjson.dumps({
            "authority_id": settings.authority_id,
            "protocol": "TRQP", "version": "2.0", "specification_commit": commit,
            "endpoints": {"authorization": f"{base}/trqp/authorization",
                          "recognition": f"{base}/trqp/recognition"},
            "actions": ACTIONS, "entity_id": "a DID (did:<method>:<method-specific-id>)",
            "context": {"time": "RFC 3339 with Z: the state at that time"}}),
            media_type="application/json")

    async def did_document(_: Request) -> Response:
        # Only a did:web naming this very host is ours to publish here.
        host = base.split("://", 1)[-1]
        if settings.authority_id != "did:web:" + host.replace(":", "%3A"):
            return Response(status_code=404)
        return Response(orjson.dumps({
            "@context": ["https://www.w3.org/ns/did/v1"], "id": settings.authority_id,
            "service": [{"id": f"{settings.authority_id}#trqp",
                         "type": "TrustRegistryQueryProtocol",
                         "serviceEndpoint": f"{base}/trqp"}]}),
            media_type="application/did+json")

    return [Route("/trqp/authorization", endpoint("authorization", _authorization),
                  methods=["POST"]),
            Route("/trqp/recognition", endpoint("recognition", _recognition), methods=["POST"]),
            Route("/trqp/metadata", metadata, methods=["GET"]),
            Route("/.well-known/did.json", did_document, methods=["GET"])]
