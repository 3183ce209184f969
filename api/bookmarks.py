"""Read-your-writes across API processes: Neo4j bookmarks in and out of a request.

After a write, the response's `extensions.bookmark` holds the write's bookmarks; a later
request that sends it back as `X-Neo4j-Bookmark`, to this process or any other, reads (and
writes) only on a Neo4j server that has that write (graph/db.py `Causality`). Without the
header nothing waits.

The value is opaque to clients: base64url of a JSON list of Neo4j's own bookmark strings.
It is bounded (a header of at most MAX_HEADER characters, at most MAX_BOOKMARKS bookmarks of
at most MAX_BOOKMARK characters), so a client cannot make a read wait on a pile of them.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any

import orjson
from neo4j import Bookmarks
from strawberry.extensions import SchemaExtension

from graph.db import Causality, current_causality

HEADER = "x-neo4j-bookmark"
MAX_HEADER = 4096
MAX_BOOKMARKS = 16
MAX_BOOKMARK = 256
# What Neo4j 5 hands out ("FB:" and base64 text). A string of another shape is not merely
# unknown to the server: it fails its parser with a database error, so it is refused here.
BOOKMARK = re.compile(r"FB:[A-Za-z0-9+/=_-]+")


class BadBookmark(ValueError):
    """The header is not a bookmark this API handed out."""


def encode(bookmarks: Bookmarks) -> str:
    raw = orjson.dumps(sorted(bookmarks.raw_values))
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(value: str) -> Bookmarks:
    """The bookmarks of a header value; BadBookmark with the reason otherwise."""
    if len(value) > MAX_HEADER:
        raise BadBookmark(f"X-Neo4j-Bookmark: longer than {MAX_HEADER} characters")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        values = orjson.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise BadBookmark("X-Neo4j-Bookmark: not a value this API returned in "
                          "extensions.bookmark (base64url of a JSON list)") from exc
    if not isinstance(values, list) or not values or not all(
            isinstance(v, str) and len(v) <= MAX_BOOKMARK and BOOKMARK.fullmatch(v)
            for v in values):
        raise BadBookmark("X-Neo4j-Bookmark: not a list of bookmarks as extensions.bookmark "
                          "returns them")
    if len(values) > MAX_BOOKMARKS:
        raise BadBookmark(f"X-Neo4j-Bookmark: more than {MAX_BOOKMARKS} bookmarks")
    return Bookmarks.from_raw_values(values)


def causality_from(headers: Any) -> Causality:
    """A new request's Causality, from its headers (BadBookmark when the header is bad)."""
    value = headers.get(HEADER)
    return Causality(after=decode(value.strip()) if value is not None else None)


class BookmarkReporter(SchemaExtension):
    """`extensions.bookmark` when the operation wrote: what to send as X-Neo4j-Bookmark."""

    def on_operation(self) -> Iterator[None]:
        yield

    def get_results(self) -> dict[str, Any]:
        causality = current_causality.get()
        if causality is None or causality.written is None:
            return {}
        return {"bookmark": encode(causality.written)}
