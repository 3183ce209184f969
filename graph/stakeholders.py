"""Stakeholders: lookups, filtered pages, nested pages, partners and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args
from weakref import WeakKeyDictionary

from neo4j import AsyncDriver

from graph import policy, repo
from graph.db import Database
from graph.memo import Memo, read_token
from graph.models import (
    PartnerSuggestionModel,
    StakeholderFilter,
    StakeholderModel,
    StakeholderRelation,
    Verb,
)
from graph.pagination import Page, PageRequest
from graph.telemetry import SUGGESTION_ANSWERS
from graph.text_query import lucene_query

M = StakeholderModel
COMPLEMENTARY_ROLES = [["ISSUER", "VERIFIER"], ["ISSUER", "WALLET_PROVIDER"],
                       ["ISSUER", "REGISTRY"], ["WALLET_PROVIDER", "VERIFIER"]]
# Bounds of the suggestion query's fan-out (cypher/stakeholders/read_suggestions.cypher):
# a skill evidenced by more credentials, or a standard with more supporters, weighs 0,
# and only a stakeholder's rarest MAX_SKILLS skills are followed.
SUGGESTION_BOUNDS = {"skillCap": 1000, "standardCap": 1000, "maxSkills": 50}
ROLE_WORDS = {"ISSUER": "an issuer", "VERIFIER": "a verifier",
              "WALLET_PROVIDER": "a wallet provider", "REGISTRY": "a registry"}


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "stakeholders/read_by_ids", M, ids)


async def by_slug(db: Database, slug: str) -> M | None:
    records = await db.read("stakeholders/read_by_slug", slug=slug)
    return repo.to_model(M, records[0]["node"]) if records else None


def query(verb: Verb, flt: StakeholderFilter) -> tuple[str, dict[str, Any]]:
    """The file that starts from the best index for this filter, and its parameters.

    Text: the full-text index. Otherwise a page walks the name index in order
    and stops after `first` matches, which beats collecting a whole group and
    sorting it (7.5 ms against 20 ms for 3,765 employers, measured); a count
    visits every match anyway, so it starts from the group nodes.
    """
    def as_list(v: tuple[str, ...] | None) -> list[str] | None:
        return list(v) if v is not None else None
    params: dict[str, Any] = {"groups": as_list(flt.groups), "roles": as_list(flt.roles),
              "verification": as_list(flt.verification),
              # A record is hidden exactly when its status is one of HIDDEN_STAKEHOLDER
              # (set_verification writes both): a filter to other statuses only lets no
              # hidden record through, and the visibility test need not read `hidden`
              # (a quarter of a verified-employers count, measured).
              "visibleByStatus": flt.verification is not None
              and not set(flt.verification) & set(policy.HIDDEN_STAKEHOLDER),
              "standardIds": as_list(flt.standard_ids),
              "text": lucene_query(flt.text, ["filter", "text"]) if flt.text else None}
    if params["text"]:
        return f"stakeholders/{verb}_by_text", params
    if verb == "count" and flt.groups is not None:
        one = len(flt.groups) == 1  # one group: no DISTINCT set to build
        return f"stakeholders/count_by_{'one_group' if one else 'group'}", params
    return f"stakeholders/{verb}_all", params


async def page(db: Database, flt: StakeholderFilter, request: PageRequest) -> Page[M]:
    name, params = query("page", flt)
    return await repo.page(db, name, M, request, **params)


async def count(db: Database, flt: StakeholderFilter) -> int:
    name, params = query("count", flt)
    return await repo.count(db, name, **params)


# Nested connections (loaders/registry.py binds each relation's page and count files).
NESTED: tuple[StakeholderRelation, ...] = get_args(StakeholderRelation)


async def partners_by_stakeholder(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "stakeholders/read_partners", M, keys)


def _reasons(signals: list[dict[str, Any]], roles: list[list[str]]) -> list[str]:
    """Signals of the suggestion query, in words a person reads."""
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    reasons = []
    for s in sorted(signals, key=lambda s: s["kind"]):
        n = s["n"]
        if s["kind"] == "ACCEPTS_YOURS":
            reasons.append(f"accepts {plural(n, 'credential')} you issue")
        elif s["kind"] == "ISSUES_WHAT_YOU_ACCEPT":
            reasons.append(f"issues {plural(n, 'credential')} you accept")
        elif s["kind"] == "SKILLS":
            reasons.append(f"shares {plural(n, 'uncommon skill')} through credentials")
        elif s["kind"] == "STANDARDS":
            reasons.append("both support " + ", ".join(s["names"]))
    for a, b in roles:
        reasons.append(f"{ROLE_WORDS[a]} and {ROLE_WORDS[b]}")
    return reasons


Suggestions = list[tuple[M, PartnerSuggestionModel]]


# Computed suggestions, per driver (a process has one), until the graph changes
# (graph/memo.py): the benchmark's busiest verifier costs Neo4j 3 to 9 ms to rank, and
# the token check a fraction of a millisecond. Weighed in records (the stakeholder and
# each suggestion): 10,000 hold ~1,700 answers of `first: 5`, or 99 of `first: 100`. A
# hostile fill (3,715 stakeholders at `first: 100`) grew the process by 539 MiB when the
# bound was 4,096 answers; by 86 MiB at 20,000 records, 52 MiB at 10,000 (/proc RSS).
SUGGESTION_MEMO_RECORDS = 10_000
SUGGESTION_MEMO_TTL_S = 60.0
_memos: WeakKeyDictionary[AsyncDriver, Memo[tuple[M, Suggestions]]] = WeakKeyDictionary()


def suggestion_memo(db: Database) -> Memo[tuple[M, Suggestions]]:
    memo = _memos.get(db.driver)
    if memo is None:
        memo = _memos[db.driver] = Memo(SUGGESTION_MEMO_RECORDS, SUGGESTION_MEMO_TTL_S,
                                        weigh=lambda found: 1 + len(found[1]))
    return memo


async def with_suggestions(db: Database, keys: Sequence[str], first: int
                           ) -> dict[str, tuple[M, Suggestions]]:
    """Each visible stakeholder of `keys` with its best `first` suggestions: from memory
    while the graph's change token is the one they were computed after, else one query
    for the rest (graph/memo.py)."""
    memo = suggestion_memo(db)
    viewer = (db.scope["viewerId"], db.scope["seeAll"])
    wanted = {key: (viewer, key, first) for key in keys}
    out: dict[str, tuple[M, Suggestions]] = {}
    token = await read_token(db)
    for key, memo_key in wanted.items():
        if (found := memo.get(memo_key, token)) is not None:
            out[key] = found
    missing = [key for key in keys if key not in out]
    SUGGESTION_ANSWERS.labels("remembered").inc(len(out))
    if missing:
        SUGGESTION_ANSWERS.labels("computed").inc(len(missing))
        computed = await _with_suggestions(db, missing, first)
        for key, found in computed.items():
            memo.put(wanted[key], token, found)
        out.update(computed)
    return out


async def _with_suggestions(db: Database, keys: Sequence[str], first: int
                            ) -> dict[str, tuple[M, Suggestions]]:
    """Each visible stakeholder of `keys` with its best `first` suggestions, one query."""
    records = await repo.rows(db, "stakeholders/read_suggestions", keys=list(keys), first=first,
                              pairs=COMPLEMENTARY_ROLES, **SUGGESTION_BOUNDS)
    out: dict[str, tuple[M, Suggestions]] = {}
    for r in records:
        items = []
        for item in r["items"]:
            node = repo.to_model(M, item["node"])
            items.append((node, PartnerSuggestionModel(
                stakeholderId=node.id, score=float(item["score"]),
                reasons=_reasons(item["signals"], item["roles"]))))
        out[r["key"]] = (repo.to_model(M, r["node"]), items)
    return out


async def suggestions_by_stakeholder(db: Database, keys: Sequence[str], first: int
                                     ) -> dict[str, Suggestions]:
    return {key: items for key, (_, items) in (await with_suggestions(db, keys, first)).items()}
