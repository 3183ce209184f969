"""The per-request set of DataLoaders, named `<things>_by_<key>`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial
from typing import Any

from strawberry.dataloader import DataLoader

from graph import (
    apikeys,
    audit,
    changes,
    credentials,
    groups,
    occupations,
    partnerships,
    repo,
    search,
    skills,
    stakeholders,
    standards,
)
from graph.db import Database
from graph.models import (
    Actor,
    ChangePage,
    CredentialFilter,
    CredentialModel,
    MapEdgeModel,
    MapNodeModel,
    SkillFilter,
    StakeholderFilter,
    StakeholderGroupModel,
    StakeholderModel,
    StandardModel,
)
from graph.pagination import Page, PageRequest, encode_sequence
from graph.search import Hit
from loaders.batch import by_key, by_key_and_arg


def _none() -> None:
    return None


def _zero() -> int:
    return 0


def _empty() -> list[Any]:
    return []


# Each loader is built when a request first uses it (a cached_property): a request uses a
# few of the ~40, and building them all cost ~70 us a request (3% of a small one, measured).
Lazy = cached_property  # of a DataLoader, or a dict of them by relation name


def _pages(noun: str, model: type[Any], relations: tuple[str, ...]
           ) -> Lazy[dict[str, DataLoader[Any, Any]]]:
    """Page loaders of each nested connection, keyed by relation name."""
    return Lazy(lambda self: {rel: by_key_and_arg(partial(repo.pages_by_key, self.db,
                                                          f"{noun}/page_{rel}", model),
                                                  default=_none) for rel in relations})


def _counts(noun: str, relations: tuple[str, ...]) -> Lazy[dict[str, DataLoader[Any, Any]]]:
    """Count loaders of each nested connection, keyed by relation name."""
    return Lazy(lambda self: {rel: by_key(partial(repo.counts_by_key, self.db,
                                                  f"{noun}/count_{rel}"),
                                          default=_zero) for rel in relations})


def _one(fetch: Callable[..., Any]) -> Lazy[DataLoader[Any, Any]]:
    return Lazy(lambda self: by_key(partial(fetch, self.db), default=_none))


def _many(fetch: Callable[..., Any]) -> Lazy[DataLoader[Any, Any]]:
    return Lazy(lambda self: by_key(partial(fetch, self.db), default=_empty))


def _by_arg(fetch: Callable[..., Any]) -> Lazy[DataLoader[Any, Any]]:
    return Lazy(lambda self: by_key_and_arg(partial(fetch, self.db), default=_empty))


class Loaders:
    """One instance per request: its caches must not outlive the request.

    Attributes are DataLoaders for nested fields (one query per nesting level,
    whatever the number of parents), built on first use; methods are the root-level
    reads. Together they are the API layer's only way into `graph/`.
    """

    # Entities by id.
    stakeholders_by_id = _one(stakeholders.by_ids)
    credentials_by_id = _one(credentials.by_ids)
    skills_by_id = _one(skills.by_ids)
    standards_by_id = _one(standards.by_ids)
    partnerships_by_id = _one(partnerships.by_ids)
    occupations_by_id = _one(occupations.by_ids)
    occupations_by_code = _one(occupations.by_codes)
    # Lists under a parent.
    standards_by_stakeholder = _many(standards.by_stakeholder)
    standards_by_credential = _many(standards.by_credential)
    skills_by_credential = _many(skills.by_credential)
    broader_skill_by_skill = _one(skills.broader)
    broader_skills_by_skill = _many(skills.broader_skills)
    fields_of_education_by_skill = _many(skills.fields_of_education)
    narrower_skills_by_skill = _many(skills.narrower)
    occupations_by_credential = _many(occupations.by_credential)
    broader_occupation_by_occupation = _one(occupations.broader)
    narrower_occupations_by_occupation = _many(occupations.narrower)
    partners_by_stakeholder = _many(stakeholders.partners_by_stakeholder)
    partnerships_by_stakeholder = _by_arg(partnerships.by_stakeholder)
    suggestions_by_stakeholder = _by_arg(stakeholders.suggestions_by_stakeholder)
    audit_by_record = _many(audit.by_record)
    api_keys_by_stakeholder = _many(apikeys.by_stakeholder)
    actions_by_group = _by_arg(groups.actions_by_group)
    area_actions_by_group = _by_arg(groups.area_actions_by_group)
    # Nested connections (pages and totals), by relation name.
    stakeholder_pages = _pages("stakeholders", StakeholderModel, stakeholders.NESTED)
    stakeholder_counts = _counts("stakeholders", stakeholders.NESTED)
    credential_pages = _pages("credentials", CredentialModel, credentials.NESTED)
    credential_counts = _counts("credentials", credentials.NESTED)

    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self._origin = (db, actor)
        # Every read sees what this caller may see (graph/policy.py).
        self.db = db.as_viewer(actor)

    def fresh(self) -> Loaders:
        """A new set for the same caller (a long-lived subscription's next round)."""
        return Loaders(*self._origin)

    # -- root-level reads ----------------------------------------------------
    async def latest_change(self) -> str | None:
        """The cursor of the newest change (None: the feed is empty)."""
        latest = await changes.latest(self.db)
        return encode_sequence(latest) if latest else None

    async def changes(self, after: str | None, first: int, types: list[str] | None,
                      stakeholder_id: str | None, max_first: int,
                      names: tuple[str, str, str] = ("after", "first", "types")) -> ChangePage:
        return await changes.read(self.db, after, first, types, stakeholder_id, max_first,
                                  names)

    async def groups(self) -> list[StakeholderGroupModel]:
        return await groups.all_groups(self.db)

    async def stakeholder_with_suggestions(self, id: str, first: int) -> StakeholderModel | None:
        """A stakeholder and its best `first` suggestions in one round trip, both left in
        the loaders' caches: `stakeholder(id) { suggestedPartners }` then reads them from
        there, not with a second query."""
        found = (await stakeholders.with_suggestions(self.db, [id], first)).get(id)
        node, items = found if found is not None else (None, [])
        self.stakeholders_by_id.prime(id, node)
        if node is not None:
            self.suggestions_by_stakeholder.prime((id, first), items)
        return node

    async def stakeholder_by_slug(self, slug: str) -> StakeholderModel | None:
        return await stakeholders.by_slug(self.db, slug)

    async def stakeholder_page(self, flt: StakeholderFilter,
                               request: PageRequest) -> Page[StakeholderModel]:
        return await stakeholders.page(self.db, flt, request)

    async def stakeholder_count(self, flt: StakeholderFilter) -> int:
        return await stakeholders.count(self.db, flt)

    async def credential_page(self, flt: CredentialFilter,
                              request: PageRequest) -> Page[CredentialModel]:
        return await credentials.page(self.db, flt, request)

    async def credential_count(self, flt: CredentialFilter) -> int:
        return await credentials.count(self.db, flt)

    async def skill_page(self, flt: SkillFilter, request: PageRequest) -> Page[skills.M]:
        return await skills.page(self.db, flt, request)

    async def skill_count(self, flt: SkillFilter) -> int:
        return await skills.count(self.db, flt)

    async def all_standards(self) -> list[StandardModel]:
        return await standards.all_standards(self.db)

    async def search(self, text: str, first: int) -> list[Hit]:
        return await search.search(self.db, text, first)

    async def ecosystem(self, group_keys: list[str] | None, edge_kinds: list[str] | None = None
                        ) -> tuple[list[MapNodeModel], list[MapEdgeModel]]:
        return await search.ecosystem(self.db, group_keys, edge_kinds)
