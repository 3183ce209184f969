"""HTTP-level limits: request body size (413) and a time limit per request (504).

The time limit also bounds Neo4j: every transaction carries the same timeout
(`REQUEST_TIMEOUT_S`), so a cancelled request leaves no query running.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _error(code: str, message: str) -> bytes:
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


class _TooLarge(Exception):
    pass


class RequestLimits:
    """Pure ASGI middleware for /graphql: body at most `max_body` bytes, `timeout_s` seconds."""

    def __init__(self, app: ASGIApp, *, max_body: int, timeout_s: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._reply(send, 413, "REQUEST_TOO_LARGE",
                              f"the request body is over {self.max_body} bytes")
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:  # a chunked body without Content-Length
                raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(self.timeout_s):
                await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reply(send, 413, "REQUEST_TOO_LARGE",
                                  f"the request body is over {self.max_body} bytes")
        except TimeoutError:
            if not started:
                await self._reply(send, 504, "TIMEOUT",
                                  f"the request took longer than {self.timeout_s:g} s")

    @staticmethod
    async def _reply(send: Send, status: int, code: str, message: str) -> None:
        body = _error(code, message)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
