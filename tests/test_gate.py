"""The request gate (api/gate.py) and the HTTP edge around it, class by class of bad request.

Each refusal has its exact status and `extensions.code`, names the part at fault, and
writes nothing: the bodies carry a registration, and the graph's node count is the same
before and after.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from asgi_lifespan import LifespanManager
from starlette.types import Receive, Scope, Send

from api.app import create_app
from api.gate import RequestGate
from graph.db import Database
from graph.settings import Settings
from tests.helpers import REGISTER, registration


async def node_count(db: Database) -> int:
    records, _, _ = await db.driver.execute_query("MATCH (n) RETURN count(n) AS n")
    return int(records[0]["n"])


def register_body(**extra: Any) -> dict[str, Any]:
    return {"query": REGISTER, "variables": {"input": registration()}, **extra}


async def refused(client: httpx.AsyncClient, db: Database, status: int, code: str,
                  field: str | None, **request: Any) -> httpx.Response:
    """Sends the request; asserts its refusal and that the graph did not change."""
    before = await node_count(db)
    method = request.pop("method", "POST")
    url = request.pop("url", "/graphql")
    response = await client.request(method, url, **request)
    assert response.status_code == status, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code, error
    assert error["extensions"].get("field") == field, error
    assert await node_count(db) == before
    return response


def raw(body: bytes, content_type: str = "application/json") -> dict[str, Any]:
    return {"content": body, "headers": {"content-type": content_type}}


# -- method and content type ------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
async def test_methods_other_than_get_and_post(client: httpx.AsyncClient, db: Database,
                                               method: str) -> None:
    response = await refused(client, db, 405, "METHOD_NOT_ALLOWED", "method", method=method,
                             **raw(orjson.dumps(register_body())))
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize("content_type", [
    None, "text/plain", "application/x-www-form-urlencoded", "application/graphql",
    "application/json; charset=latin-1", "application/jsonx", ";;;", "application/json; x",
])
async def test_content_types_other_than_json(client: httpx.AsyncClient, db: Database,
                                             content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    await refused(client, db, 415, "UNSUPPORTED_MEDIA_TYPE", "content-type",
                  content=orjson.dumps(register_body()), headers=headers)


async def test_multipart_uploads_are_refused(client: httpx.AsyncClient, db: Database) -> None:
    operations = orjson.dumps(register_body()).decode()
    await refused(client, db, 415, "UNSUPPORTED_MEDIA_TYPE", "content-type",
                  data={"operations": operations, "map": "{}"}, files={"0": b"x"})


async def test_json_with_a_charset_passes(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", **raw(b'{"query": "{ __typename }"}',
                                                   "Application/JSON; charset=UTF-8"))
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}


# -- the body ---------------------------------------------------------------------------

REGISTER_JSON = orjson.dumps(register_body())


@pytest.mark.parametrize("body", [
    b"",
    b"{not json",
    REGISTER_JSON + b" trailing",
    REGISTER_JSON.replace(b"Test Org", b"Test \xff\xfe Org"),                # invalid UTF-8
    REGISTER_JSON.replace(b"Test Org", b"Test \\ud800 Org"),                 # lone surrogate
    REGISTER_JSON[:-1] + b', "operationName": "\\udfff"}',                 # ... in operationName
    REGISTER_JSON.replace(b'"variables":{', b'"variables":{"n":1e400,'),    # not finite
    REGISTER_JSON[:-1] + b', "extensions": {"n": 1e400}}',
    REGISTER_JSON[:-1] + b', "extensions": {"n": NaN}}',
    b"\xef\xbb\xbf" + REGISTER_JSON,                                         # byte-order mark
    b"[" * 2000 + b"]" * 2000,                                               # deeper than JSON's
], ids=["empty", "syntax", "trailing", "utf8", "surrogate", "surrogate-operation", "1e400",
        "1e400-extensions", "nan", "bom", "nesting"])
async def test_bodies_that_are_not_json(client: httpx.AsyncClient, db: Database,
                                        body: bytes) -> None:
    await refused(client, db, 400, "BAD_REQUEST", "body", **raw(body))


@pytest.mark.parametrize("body", [b"null", b"1", b'"x"', b"true", b"[]",
                                  b"[" + REGISTER_JSON + b"]"])
async def test_json_that_is_not_an_object(client: httpx.AsyncClient, db: Database,
                                          body: bytes) -> None:
    await refused(client, db, 400, "BAD_REQUEST", "body", **raw(body))


def with_parts(**parts: Any) -> dict[str, Any]:
    body = register_body()
    body.update(parts)
    return raw(orjson.dumps({k: v for k, v in body.items() if v is not ...}))


@pytest.mark.parametrize("query", [..., None, 5, ["mutation { x }"], {"q": 1}])
async def test_query_must_be_a_string(client: httpx.AsyncClient, db: Database,
                                      query: Any) -> None:
    await refused(client, db, 400, "BAD_REQUEST", "query", **with_parts(query=query))


async def test_persisted_queries_are_not_supported(client: httpx.AsyncClient,
                                                   db: Database) -> None:
    parts = with_parts(query=..., extensions={"persistedQuery": {"version": 1,
                                                                 "sha256Hash": "ab" * 32}})
    response = await refused(client, db, 400, "PERSISTED_QUERY_NOT_SUPPORTED", "extensions",
                             **parts)
    # Apollo clients fall back to sending the query when they read this message.
    assert response.json()["errors"][0]["message"] == "PersistedQueryNotSupported"


@pytest.mark.parametrize("name", [5, [], {}, True])
async def test_operation_name_must_be_a_string(client: httpx.AsyncClient, db: Database,
                                               name: Any) -> None:
    await refused(client, db, 400, "BAD_REQUEST", "operationName", **with_parts(operationName=name))


def nested(depth: int) -> Any:
    """A value that makes `{"key": value}` nest `depth` levels (the object is the first)."""
    value: Any = 1
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize("variables", ["x", 5, [], [{"input": {}}]])
async def test_variables_must_be_an_object(client: httpx.AsyncClient, db: Database,
                                           variables: Any) -> None:
    await refused(client, db, 400, "BAD_REQUEST", "variables", **with_parts(variables=variables))


async def test_variables_depth_is_bounded(client: httpx.AsyncClient, db: Database,
                                          settings: Settings) -> None:
    depth = settings.max_variables_depth
    variables = {"input": registration(), "deep": nested(depth + 1)}
    response = await refused(client, db, 400, "BAD_REQUEST", "variables",
                             **with_parts(variables=variables))
    assert f"deeper than {depth}" in response.json()["errors"][0]["message"]
    # At the limit it passes the gate (GraphQL ignores a variable it does not declare).
    variables["deep"] = nested(depth)
    passed = await client.post("/graphql", **with_parts(variables=variables,
                                                        query="{ __typename }"))
    assert passed.status_code == 200 and passed.json()["data"] == {"__typename": "Query"}


async def test_variables_size_is_bounded(client: httpx.AsyncClient, db: Database,
                                         settings: Settings) -> None:
    variables = {"input": registration(), "wide": [0] * settings.max_variables_values}
    response = await refused(client, db, 400, "BAD_REQUEST", "variables",
                             **with_parts(variables=variables))
    assert f"more than {settings.max_variables_values}" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("extensions", ["x", [], 5])
async def test_extensions_must_be_an_object(client: httpx.AsyncClient, db: Database,
                                            extensions: Any) -> None:
    await refused(client, db, 400, "BAD_REQUEST", "extensions", **with_parts(extensions=extensions))


async def test_extensions_depth_is_bounded(client: httpx.AsyncClient, db: Database,
                                           settings: Settings) -> None:
    deep = {"x": nested(settings.max_variables_depth + 1)}
    await refused(client, db, 400, "BAD_REQUEST", "extensions", **with_parts(extensions=deep))


async def test_body_size_limit(client: httpx.AsyncClient, db: Database,
                               settings: Settings) -> None:
    body = register_body()
    body["query"] = "#" + "x" * settings.max_body_bytes + "\n" + REGISTER
    await refused(client, db, 413, "REQUEST_TOO_LARGE", "body", **raw(orjson.dumps(body)))

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(settings.max_body_bytes // 10_000 + 1):
            yield b" " * 10_000
        yield REGISTER_JSON

    await refused(client, db, 413, "REQUEST_TOO_LARGE", "body", content=chunks(),
                  headers={"content-type": "application/json"})


# -- GET --------------------------------------------------------------------------------

JSON_ACCEPT = {"accept": "application/json"}


@pytest.mark.parametrize(("params", "field"), [
    ({"query": "{ __typename }", "variables": "{x"}, "variables"),
    ({"query": "{ __typename }", "variables": ""}, "variables"),
    ({"query": "{ __typename }", "variables": "[]"}, "variables"),
    ({"query": "{ __typename }", "variables": "{\"n\": 1e400}"}, "variables"),
    ({"query": "{ __typename }", "variables": "{\"s\": \"\\ud800\"}"}, "variables"),
    ({"query": "{ __typename }", "variables": orjson.dumps({"v": nested(21)}).decode()},
     "variables"),
    ({"query": "{ __typename }", "variables": "[" * 3000 + "]" * 3000}, "variables"),
    ({"query": "{ __typename }", "extensions": "5"}, "extensions"),
    ({"variables": "{}"}, "query"),
    ({}, "query"),
])
async def test_get_parameters_are_checked_alike(client: httpx.AsyncClient, db: Database,
                                                params: dict[str, str], field: str) -> None:
    await refused(client, db, 400, "BAD_REQUEST", field, method="GET", params=params,
                  headers=JSON_ACCEPT)


async def test_get_answers_queries_not_mutations(client: httpx.AsyncClient,
                                                 db: Database) -> None:
    ok = await client.get("/graphql", params={"query": "query($id: ID!) { skill(id: $id) { id } }",
                                              "variables": '{"id": "esco:none"}'},
                          headers=JSON_ACCEPT)
    assert ok.status_code == 200 and ok.json()["data"] == {"skill": None}
    params = {"query": REGISTER, "variables": orjson.dumps({"input": registration()}).decode()}
    # Strawberry refuses this one; the answer is GraphQL-shaped like the gate's.
    await refused(client, db, 400, "BAD_REQUEST", None, method="GET", params=params,
                  headers=JSON_ACCEPT)


async def test_get_with_a_broken_percent_escape(client: httpx.AsyncClient, db: Database) -> None:
    # %ED%A0%80 is a UTF-8-encoded lone surrogate; it decodes to replacement characters,
    # names no operation, and is refused like any unknown operation name.
    await refused(client, db, 400, "BAD_REQUEST", None, method="GET", headers=JSON_ACCEPT,
                  url="/graphql?query=%7B__typename%7D&operationName=%ED%A0%80")


# -- GraphiQL and headers -----------------------------------------------------------------

@pytest.mark.parametrize("accept", ["text/html,application/xhtml+xml", "*/*"])
async def test_graphiql_page_is_served_with_its_headers(client: httpx.AsyncClient,
                                                        accept: str) -> None:
    response = await client.get("/graphql", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = {d.split()[0]: d.split()[1:] for d in
           response.headers["content-security-policy"].split("; ")}
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<style" not in response.text and "<script>" not in response.text


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/healthz"), ("GET", "/readyz"), ("POST", "/graphql"), ("GET", "/nowhere"),
    ("GET", "/static/graphiql/app.js"), ("GET", "/static/vendor/graphiql/graphiql.min.js")])
async def test_nosniff_on_every_response(client: httpx.AsyncClient, method: str,
                                         path: str) -> None:
    response = await client.request(method, path, json={"query": "{ __typename }"})
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("path", "status"), [
    ("/static/vendor/react/react.production.min.js", 200),
    ("/static/vendor/react-dom/react-dom.production.min.js", 200),
    ("/static/vendor/graphiql/graphiql.min.js", 200),
    ("/static/vendor/graphiql/graphiql.min.css", 200),
    ("/static/graphiql/page.css", 200),
    ("/static/vendor/graphiql/package.json", 404),
    ("/static/vendor/graphiql/graphiql.min.js.map", 404),
    ("/static/vendor/react/react.development.js", 404),
    ("/static/vendor/react/../graphiql/package.json", 404),
    ("/static/vendor/graphiql/dist/index.js", 404),
])
async def test_only_the_page_assets_are_served(client: httpx.AsyncClient, path: str,
                                               status: int) -> None:
    assert (await client.get(path)).status_code == status


# -- time, and what the app itself does wrong ---------------------------------------------

def gated(app: Any, timeout_s: float = 0.2, max_in_flight: int = 16) -> httpx.AsyncClient:
    settings = Settings(request_timeout_s=timeout_s, max_in_flight=max_in_flight)
    transport = httpx.ASGITransport(app=RequestGate(app, settings=settings))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def test_time_limit() -> None:
    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(30)

    async with gated(slow) as http:
        response = await http.post("/graphql", json={"query": "{ x }"})
    assert response.status_code == 504
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_requests_beyond_the_in_flight_limit_wait_their_turn_in_order() -> None:
    running, most, started = 0, 0, []

    async def counted(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal running, most
        body = (await receive())["body"]
        running += 1
        most = max(most, running)
        started.append(orjson.loads(body)["query"])
        await asyncio.sleep(0.05)
        running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b'{"data":{}}'})

    async with gated(counted, timeout_s=5, max_in_flight=2) as http:
        async def one(i: int) -> int:
            await asyncio.sleep(i * 0.002)  # arrival order
            return (await http.post("/graphql", json={"query": f"{{ q{i} }}"})).status_code
        statuses = await asyncio.gather(*(one(i) for i in range(8)))
    assert statuses == [200] * 8
    assert most == 2
    assert started == [f"{{ q{i} }}" for i in range(8)]


async def test_waiting_for_a_turn_counts_toward_the_time_limit() -> None:
    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(30)

    async with gated(slow, timeout_s=0.3, max_in_flight=1) as http:
        responses = await asyncio.gather(*(http.post("/graphql", json={"query": "{ x }"})
                                           for _ in range(3)))
    assert [r.status_code for r in responses] == [504] * 3


async def test_time_limit_after_the_response_started() -> None:
    # The mechanism behind half-sent responses and reset connections: the response is
    # held until complete, so a request cut off mid-way still gets one whole 504.
    async def stalls(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b'{"data":', "more_body": True})
        await asyncio.sleep(30)

    async with gated(stalls) as http:
        response = await http.post("/graphql", json={"query": "{ x }"})
    assert response.status_code == 504
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


async def test_an_exception_in_the_app_is_answered_not_raised() -> None:
    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("a bug")

    async with gated(broken) as http:
        for path in ("/graphql", "/elsewhere"):
            response = await http.post(path, json={"query": "{ x }"})
            assert response.status_code == 500
            assert response.json()["errors"][0] == {
                "message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}


async def test_a_whole_response_stands_when_the_app_raises_after_it() -> None:
    async def raises_late(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"data":{}}'})
        raise RuntimeError("a bug after the answer")

    async with gated(raises_late) as http:
        response = await http.post("/graphql", json={"query": "{ x }"})
    assert response.status_code == 200 and response.json() == {"data": {}}


# -- the database away ---------------------------------------------------------------------

def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def db_down_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    # Nothing listens on the port: every query fails as Neo4j being down does.
    down = settings.model_copy(update={"request_timeout_s": 2.0})
    db = Database.connect(f"bolt://127.0.0.1:{closed_port()}", "neo4j", "unused",
                          down.neo4j_database, down.request_timeout_s)
    app = create_app(down, db)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "unavailable" in error["message"] and "127.0.0.1" not in error["message"]


async def test_key_lookup_fault_is_503(db_down_client: httpx.AsyncClient) -> None:
    response = await db_down_client.post("/graphql", json={"query": "{ __typename }"},
                                         headers={"authorization": "Bearer lerk_" + "x" * 43})
    assert_unavailable(response)


async def test_nothing_answered_is_503(db_down_client: httpx.AsyncClient) -> None:
    response = await db_down_client.post("/graphql", json=register_body())
    assert_unavailable(response)
    response = await db_down_client.post("/graphql", json={"query": "{ standards { id } }"})
    assert_unavailable(response)
    # What needs no database still answers: the page, and a query of no data.
    assert (await db_down_client.get("/graphql", headers={"accept": "text/html"})
            ).status_code == 200
    ok = await db_down_client.post("/graphql", json={"query": "{ __typename }"})
    assert ok.status_code == 200


async def test_a_valid_request_reaches_the_graph(client: httpx.AsyncClient,
                                                 db: Database) -> None:
    before = await node_count(db)
    response = await client.post("/graphql", json=register_body())
    assert response.status_code == 200
    assert response.json()["data"]["registerStakeholder"]["errors"] == []
    assert await node_count(db) > before
