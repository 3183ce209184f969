"""The root Query type: thin resolvers over the per-request loaders."""

from __future__ import annotations

from datetime import datetime

import strawberry
from graphql import GraphQLError

from api.context import Info
from api.errors import as_bad_input, bad_input, page_request, suggestion_count
from api.lookahead import Selected, prefetch, root_selections
from api.types.change import ChangeConnection, ChangeType, changes_page
from api.types.common import page_and_total
from api.types.credential import Credential, CredentialConnection, CredentialFilter, credential_page
from api.types.enums import MapEdgeKind, StakeholderGroup
from api.types.groups import StakeholderGroupInfo
from api.types.map import EcosystemGraph, MapEdge, MapNode, SearchResult, search_item
from api.types.occupation import Occupation
from api.types.partnership import Partnership
from api.types.skill import Skill, SkillConnection, SkillFilter, skill_page
from api.types.stakeholder import (
    Stakeholder,
    StakeholderConnection,
    StakeholderFilter,
    maybe,
    stakeholder_page,
)
from api.types.standard import Standard
from api.types.trust import IssuerTrust, issuer_trust
from api.types.webhook import WebhookQueries


def suggestions_first(info: Info, selections: list[Selected]) -> int | None:
    """How many suggestions the query's `suggestedPartners` asks for (the first such
    field), or None: not selected, or with an argument its resolver will refuse."""
    for selected in selections:
        if selected.name == "suggestedPartners":
            try:
                return suggestion_count(selected.arguments.get("first"),
                                        info.context.settings.max_page_size)
            except GraphQLError:
                return None
    return None


@strawberry.type
class Query(WebhookQueries):
    @strawberry.field(description=(
        "For verifiers: is this DID a known, verified issuer (of `credentialType`: a "
        "CredentialType value or a standard's id or name), now or at `at`? A malformed DID "
        "is BAD_USER_INPUT; an unknown one answers `known: false`."))
    async def issuer_trust(self, info: Info, did: str, credential_type: str | None = None,
                           at: datetime | None = None) -> IssuerTrust:
        return await issuer_trust(info, did, credential_type, at)

    @strawberry.field(description="One stakeholder, by id or by slug (give exactly one).")
    async def stakeholder(self, info: Info, id: strawberry.ID | None = None,
                          slug: str | None = None) -> Stakeholder | None:
        if (id is None) == (slug is None):
            raise bad_input("give exactly one of `id` and `slug`", ["id"])
        loaders = info.context.loaders
        selections = root_selections(info)
        first = suggestions_first(info, selections) if id is not None else None
        if id is not None and first is not None:
            found = await loaders.stakeholder_with_suggestions(id, first)
        elif id is not None:
            found = await loaders.stakeholders_by_id.load(id)
        else:
            found = await loaders.stakeholder_by_slug(slug or "")
        if found is not None:
            await prefetch(info, "Stakeholder", [found], selections)
        return maybe(found)

    @strawberry.field(description="Stakeholders in name order, filtered, a page at a time.")
    async def stakeholders(self, info: Info, filter: StakeholderFilter | None = None,
                           first: int | None = 20,
                           after: str | None = None) -> StakeholderConnection:
        args = (filter or StakeholderFilter()).to_args()
        request = page_request(first, after, info.context.settings.max_page_size)
        loaders = info.context.loaders
        with as_bad_input():  # the text filter's words
            page, count = await page_and_total(
                info, lambda: loaders.stakeholder_page(args, request),
                lambda: loaders.stakeholder_count(args))
        await prefetch(info, "Stakeholder", page.items, root_selections(info, "edges", "node"))
        return stakeholder_page(page, count)

    @strawberry.field(description="One credential by id.")
    async def credential(self, info: Info, id: strawberry.ID) -> Credential | None:
        m = await info.context.loaders.credentials_by_id.load(id)
        if m is not None:
            await prefetch(info, "Credential", [m], root_selections(info))
        return Credential.from_model(m) if m is not None else None

    @strawberry.field(description="Credentials in name order, filtered, a page at a time.")
    async def credentials(self, info: Info, filter: CredentialFilter | None = None,
                          first: int | None = 20, after: str | None = None) -> CredentialConnection:
        args = (filter or CredentialFilter()).to_args()
        request = page_request(first, after, info.context.settings.max_page_size)
        loaders = info.context.loaders
        with as_bad_input():  # the text filter's words
            page, count = await page_and_total(info, lambda: loaders.credential_page(args, request),
                                               lambda: loaders.credential_count(args))
        await prefetch(info, "Credential", page.items, root_selections(info, "edges", "node"))
        return credential_page(page, count)

    @strawberry.field(description="One skill by id (ESCO skills: `esco:` + the concept's id).")
    async def skill(self, info: Info, id: strawberry.ID) -> Skill | None:
        m = await info.context.loaders.skills_by_id.load(id)
        return Skill.from_model(m) if m is not None else None

    @strawberry.field(description="Skills in name order, filtered, a page at a time.")
    async def skills(self, info: Info, filter: SkillFilter | None = None,
                     first: int | None = 20, after: str | None = None) -> SkillConnection:
        args = (filter or SkillFilter()).to_args()
        request = page_request(first, after, info.context.settings.max_page_size)
        loaders = info.context.loaders
        with as_bad_input():  # the text filter's words
            page, count = await page_and_total(info, lambda: loaders.skill_page(args, request),
                                               lambda: loaders.skill_count(args))
        return skill_page(page, count)

    @strawberry.field(description="An occupation by SOC code (15-1252) or O*NET-SOC code "
                                  "(15-1252.00).")
    async def occupation(self, info: Info, code: str) -> Occupation | None:
        m = await info.context.loaders.occupations_by_code.load(code.strip())
        return Occupation.from_model(m) if m is not None else None

    @strawberry.field(description="One partnership by id.")
    async def partnership(self, info: Info, id: strawberry.ID) -> Partnership | None:
        m = await info.context.loaders.partnerships_by_id.load(id)
        return Partnership.from_model(m) if m is not None else None

    @strawberry.field(description="Every standard, in name order.")
    async def standards(self, info: Info) -> list[Standard]:
        return [Standard.from_model(m) for m in await info.context.loaders.all_standards()]

    @strawberry.field(description="The map's ten stakeholder groups, with definitions and actions.")
    async def stakeholder_groups(self, info: Info) -> list[StakeholderGroupInfo]:
        return [StakeholderGroupInfo.from_model(g) for g in await info.context.loaders.groups()]

    @strawberry.field(description="Ranked hits across stakeholders, credentials and skills; "
                                  "prefixes and small typos match.")
    async def search(self, info: Info, text: str, first: int | None = 20) -> list[SearchResult]:
        request = page_request(first, None, info.context.settings.max_page_size)
        with as_bad_input():
            hits = await info.context.loaders.search(text, request.first)
        return [SearchResult(score=score, item=search_item(m)) for score, m in hits]

    @strawberry.field(description="What changed, oldest first, from a cursor on: the change "
                                  "feed (anonymous readers see public changes; owners and "
                                  "administrators also their own private ones).")
    async def changes(self, info: Info, after: str | None = None, first: int | None = 100,
                      types: list[ChangeType] | None = None,
                      stakeholder_id: strawberry.ID | None = None) -> ChangeConnection:
        return await changes_page(info, after, 100 if first is None else first, types,
                                  stakeholder_id)

    @strawberry.field(description="Everything a map view needs in one request; `groups` keeps "
                                  "only those groups and their stakeholders; `edgeKinds` only "
                                  "those kinds of edge (null: all).")
    async def ecosystem_map(self, info: Info,
                            groups: list[StakeholderGroup] | None = None,
                            edge_kinds: list[MapEdgeKind] | None = None) -> EcosystemGraph:
        keys = [g.value for g in groups] if groups is not None else None
        kinds = [k.value for k in edge_kinds] if edge_kinds is not None else None
        nodes, edges = await info.context.loaders.ecosystem(keys, kinds)
        return EcosystemGraph(nodes=[MapNode.from_model(n) for n in nodes],
                              edges=[MapEdge.from_model(e) for e in edges])

    @strawberry.field(description="The stakeholder whose API key made this request; null "
                                  "without a key.")
    async def me(self, info: Info) -> Stakeholder | None:
        caller = info.context.caller_id
        return maybe(await info.context.loaders.stakeholders_by_id.load(caller)) if caller else None
