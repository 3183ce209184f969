"""Keyset pagination: every list is ordered by (name, id) and resumes after a cursor.

A cursor is the opaque, url-safe base64 of `[name, id]` of the last item seen,
so page 1,000 costs what page 1 costs, and a walk sees each node once even
while others write (a node inserted behind the cursor is simply not seen).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from graph.errors import InvalidArgument, InvalidCursor

MAX_PAGE = 100
# Our cursors hold a name (at most 120 characters) and an id; anything much
# longer was not made here, and is not decoded.
MAX_CURSOR = 1024


class Keyed(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Keyed)


@dataclass(frozen=True)
class Cursor:
    name: str
    id: str

    def encode(self) -> str:
        raw = json.dumps([self.name, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            if len(text) > MAX_CURSOR:
                raise ValueError("too long")
            padded = text + "=" * (-len(text) % 4)
            name, id_ = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (binascii.Error, ValueError, TypeError, UnicodeError, RecursionError) as exc:
            raise InvalidCursor("`after` is not a cursor from this API", ["after"]) from exc
        if not isinstance(name, str) or not isinstance(id_, str):
            raise InvalidCursor("`after` is not a cursor from this API", ["after"])
        try:
            (name + id_).encode()  # a lone surrogate can't be sent to Neo4j
        except UnicodeError as exc:
            raise InvalidCursor("`after` is not a cursor from this API", ["after"]) from exc
        return cls(name, id_)

    @classmethod
    def of(cls, item: Keyed) -> Cursor:
        return cls(item.name, item.id)

    def params(self) -> dict[str, str]:
        return {"name": self.name, "id": self.id}


def encode_sequence(sequence: int) -> str:
    """The change feed's cursor (graph/changes.py): a position in the sequence."""
    return base64.urlsafe_b64encode(f"seq:{sequence}".encode()).decode().rstrip("=")


def decode_sequence(text: str | None, field: str = "after") -> int:
    """The sequence a change cursor stands for; 0 (the start) for None."""
    if text is None:
        return 0
    try:
        if len(text) > 64:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode()).decode()
        prefix, _, number = raw.partition(":")
        if prefix != "seq" or not number.isascii() or not number.isdigit():
            raise ValueError(raw)
        return int(number)
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise InvalidCursor(f"`{field}` is not a change cursor from this API", [field]) from exc


@dataclass(frozen=True)
class PageRequest:
    """`first` and the decoded `after`; hashable, so it can be part of a loader key."""

    first: int
    after: Cursor | None

    @classmethod
    def of(cls, first: int, after: str | None, limit: int = MAX_PAGE) -> PageRequest:
        if first < 0 or first > limit:
            raise InvalidArgument(f"`first` must be between 0 and {limit}, got {first}", ["first"])
        return cls(first, Cursor.decode(after) if after is not None else None)

    def params(self) -> dict[str, object]:
        """Parameters every page query takes: one extra row tells if there is a next page."""
        return {"after": self.after.params() if self.after else None, "limit": self.first + 1}


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_next: bool
    has_previous: bool

    @classmethod
    def from_rows(cls, rows: list[T], request: PageRequest) -> Page[T]:
        return cls(rows[:request.first], len(rows) > request.first, request.after is not None)
