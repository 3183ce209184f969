"""Two helpers that turn a repository's batch function into a DataLoader.

`by_key`: fetch(keys) -> {key: value}; a missing key gets `default()`.
`by_key_and_arg`: for fields with arguments (e.g. `actions(stage:)`); the key
is (id, arg) and one query runs per distinct argument value in the batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)
A = TypeVar("A", bound=Hashable)
V = TypeVar("V")
D = TypeVar("D")  # what a key without a row gets: None, or an empty list


def by_key(fetch: Callable[[Sequence[K]], Awaitable[dict[K, V]]],
           default: Callable[[], D]) -> DataLoader[K, V | D]:
    async def load(keys: list[K]) -> list[V | D]:
        found = await fetch(keys)
        return [found[k] if k in found else default() for k in keys]

    return DataLoader(load_fn=load)


def by_key_and_arg(fetch: Callable[[Sequence[K], A], Awaitable[dict[K, V]]],
                   default: Callable[[], D]) -> DataLoader[tuple[K, A], V | D]:
    async def load(pairs: list[tuple[K, A]]) -> list[V | D]:
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
