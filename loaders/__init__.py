"""DataLoaders, built fresh for every request (never shared across requests)."""

from __future__ import annotations

from loaders.registry import Loaders

__all__ = ["Loaders"]
