"""The per-request set of DataLoaders, named `<things>_by_<key>`."""

from __future__ import annotations

from functools import partial
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


def _nested(db: Database, noun: str, model: type[Any], relations: tuple[str, ...]
            ) -> tuple[dict[str, DataLoader[Any, Any]], dict[str, DataLoader[Any, Any]]]:
    """Page and count loaders of each nested connection, keyed by relation name."""
    pages: dict[str, DataLoader[Any, Any]] = {
        rel: by_key_and_arg(partial(repo.pages_by_key, db, f"{noun}/page_{rel}", model),
                            default=_none) for rel in relations}
    counts = {rel: by_key(partial(repo.counts_by_key, db, f"{noun}/count_{rel}"), default=_zero)
              for rel in relations}
    return pages, counts


class Loaders:
    """One instance per request: its caches must not outlive the request.

    Attributes are DataLoaders for nested fields (one query per nesting level,
    whatever the number of parents); methods are the root-level reads.
    Together they are the API layer's only way into `graph/`.
    """

    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self._origin = (db, actor)
        # Every read sees what this caller may see (graph/policy.py).
        db = db.as_viewer(actor)
        self.db = db
        one = partial(by_key, default=_none)
        many = partial(by_key, default=_empty)
        # Entities by id.
        self.stakeholders_by_id = one(partial(stakeholders.by_ids, db))
        self.credentials_by_id = one(partial(credentials.by_ids, db))
        self.skills_by_id = one(partial(skills.by_ids, db))
        self.standards_by_id = one(partial(standards.by_ids, db))
        self.partnerships_by_id = one(partial(partnerships.by_ids, db))
        self.occupations_by_id = one(partial(occupations.by_ids, db))
        self.occupations_by_code = one(partial(occupations.by_codes, db))
        # Lists under a parent.
        self.standards_by_stakeholder = many(partial(standards.by_stakeholder, db))
        self.standards_by_credential = many(partial(standards.by_credential, db))
        self.skills_by_credential = many(partial(skills.by_credential, db))
        self.broader_skill_by_skill = one(partial(skills.broader, db))
        self.broader_skills_by_skill = many(partial(skills.broader_skills, db))
        self.fields_of_education_by_skill = many(partial(skills.fields_of_education, db))
        self.narrower_skills_by_skill = many(partial(skills.narrower, db))
        self.occupations_by_credential = many(partial(occupations.by_credential, db))
        self.broader_occupation_by_occupation = one(partial(occupations.broader, db))
        self.narrower_occupations_by_occupation = many(partial(occupations.narrower, db))
        self.partners_by_stakeholder = many(partial(stakeholders.partners_by_stakeholder, db))
        self.partnerships_by_stakeholder = by_key_and_arg(
            partial(partnerships.by_stakeholder, db), default=_empty)
        self.suggestions_by_stakeholder = by_key_and_arg(
            partial(stakeholders.suggestions_by_stakeholder, db), default=_empty)
        self.audit_by_record = many(partial(audit.by_record, db))
        self.api_keys_by_stakeholder = many(partial(apikeys.by_stakeholder, db))
        self.actions_by_group = by_key_and_arg(partial(groups.actions_by_group, db), default=_empty)
        self.area_actions_by_group = by_key_and_arg(
            partial(groups.area_actions_by_group, db), default=_empty)
        # Nested connections (pages and totals), by relation name.
        self.stakeholder_pages, self.stakeholder_counts = _nested(
            db, "stakeholders", StakeholderModel, stakeholders.NESTED)
        self.credential_pages, self.credential_counts = _nested(
            db, "credentials", CredentialModel, credentials.NESTED)

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
