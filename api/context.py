"""The typed request context every resolver receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from graph.models import Actor
from graph.settings import Settings
from loaders import Loaders
from loaders.commands import Commands


@dataclass
class Context:
    request: Request
    settings: Settings
    loaders: Loaders
    commands: Commands
    actor: Actor | None
    registration_allowed: Callable[[], bool]

    @property
    def caller_id(self) -> str | None:
        return self.actor.stakeholder_id if self.actor else None


Info = StrawberryInfo[Context, None]
