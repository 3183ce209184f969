"""Two helpers that turn a repository's batch function into a DataLoader.

`by_key`: fetch(keys) -> {key: value}; a missing key gets `default()`.
`by_key_and_arg`: for fields with arguments (e.g. `actions(stage:)`); the key
is (id, arg) and one query runs per distinct argument value in the batch.

Each batch's size is observed, and its work traced, under the loader's name (its cypher
file when the fetch is a partial over one, else the function's name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import partial
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graph.telemetry import loader_span

K = TypeVar("K", bound=Hashable)
A = TypeVar("A", bound=Hashable)
V = TypeVar("V")
D = TypeVar("D")  # what a key without a row gets: None, or an empty list


def loader_name(fetch: Callable[..., object]) -> str:
    if isinstance(fetch, partial):
        named = next((a for a in fetch.args if isinstance(a, str)), None)
        return named if named is not None else loader_name(fetch.func)
    return getattr(fetch, "__name__", "loader")


def by_key(fetch: Callable[[Sequence[K]], Awaitable[dict[K, V]]],
           default: Callable[[], D]) -> DataLoader[K, V | D]:
    # The name is worked out when a batch runs, not when the loader is built: a request
    # builds every loader and uses a few.
    async def load(keys: list[K]) -> list[V | D]:
        with loader_span(loader_name(fetch), len(keys)):
            found = await fetch(keys)
        return [found[k] if k in found else default() for k in keys]

    return DataLoader(load_fn=load)


def by_key_and_arg(fetch: Callable[[Sequence[K], A], Awaitable[dict[K, V]]],
                   default: Callable[[], D]) -> DataLoader[tuple[K, A], V | D]:
    async def load(pairs: list[tuple[K, A]]) -> list[V | D]:
        with loader_span(loader_name(fetch), len(pairs)):
            return await _load(pairs)

    async def _load(pairs: list[tuple[K, A]]) -> list[V | D]:
        keys_by_arg: dict[A, list[K]] = defaultdict(list)
        for key, arg in pairs:
            keys_by_arg[arg].append(key)
        results: dict[tuple[K, A], V | D] = {}
        for arg, keys in keys_by_arg.items():
            found = await fetch(keys, arg)
            for key in keys:
                results[(key, arg)] = found[key] if key in found else default()
        return [results[pair] for pair in pairs]

    return DataLoader(load_fn=load)
