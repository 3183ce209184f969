"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from graph.settings import Settings
from loaders import Loaders


@dataclass
class Context:
    request: Request
    settings: Settings
    loaders: Loaders
    caller_id: str | None = None


Info = StrawberryInfo[Context, None]
