"""The benchmark's partner queries, each asked three ways: ours (GraphQL), the peer
(@neo4j/graphql, GraphQL) and the floor (hand-written Cypher through the driver).

Each variant comes with a function that reduces its answer to something
comparable (ids in order, a count; for search the ranked scores, since many
hits tie and which tied id makes the cut is arbitrary), so the run can check
that the three answer the same question before timing them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.pagination import Cursor
from graph.policy import visibility
from graph.stakeholders import COMPLEMENTARY_ROLES, SUGGESTION_BOUNDS
from graph.text_query import lucene_query

Answer = Any
# The floor reads what an anonymous caller of ours sees (the same visibility parameters).
ANONYMOUS = visibility(None)


@dataclass(frozen=True)
class Variant:
    text: str                        # GraphQL or Cypher
    params: dict[str, Any]
    answer: Callable[[Any], Answer]  # response -> comparable answer


@dataclass(frozen=True)
class BenchQuery:
    name: str
    ours: Variant
    peer: Variant
    raw: Variant


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def build(p: dict[str, Any]) -> list[BenchQuery]:
    """`p` holds values picked from the data: a slug, cursors, ids, a search text."""
    text = lucene_query(p["search"])
    return [
        BenchQuery(
            "a_stakeholder_by_slug",
            Variant("""query($slug: String!) { stakeholder(slug: $slug) { id name
                credentials(first: 20) { edges { node { id name skills { id name } } } } } }""",
                    {"slug": p["slug"]},
                    lambda d: [(e["node"]["id"], sorted(_ids(e["node"]["skills"])))
                               for e in d["stakeholder"]["credentials"]["edges"]]),
            Variant("""query($slug: String!) { stakeholders(where: { slug: { eq: $slug } }) {
                id name credentials(limit: 20, sort: [{ name: ASC }, { id: ASC }]) {
                id name skills { id name } } } }""",
                    {"slug": p["slug"]},
                    lambda d: [(c["id"], sorted(_ids(c["skills"])))
                               for c in d["stakeholders"][0]["credentials"]]),
            Variant("""MATCH (s:Stakeholder {slug: $slug})
                CALL (s) { MATCH (s)-[:ISSUES]->(c:Credential)
                           WITH c ORDER BY c.name, c.id LIMIT 20
                           RETURN collect(c {.id, .name,
                                  skills: [(c)-[:EVIDENCES]->(k:Skill) | k {.id, .name}]}) AS creds }
                RETURN s.id AS id, s.name AS name, creds""",
                    {"slug": p["slug"]},
                    lambda rs: [(c["id"], sorted(_ids(c["skills"]))) for c in rs[0]["creds"]]),
        ),
        BenchQuery(
            "b_filtered_list",
            Variant("""{ stakeholders(first: 50, filter: { groups: [EMPLOYERS] }) { edges { node {
                id name credentials(first: 20) { edges { node { id name } } }
                partners { id name } } } } }""", {},
                    lambda d: [(e["node"]["id"], _ids([c["node"] for c in
                                                      e["node"]["credentials"]["edges"]]),
                                _ids(e["node"]["partners"]))
                               for e in d["stakeholders"]["edges"]]),
            Variant("""{ stakeholdersConnection(first: 50, where: { groups: { includes: "EMPLOYERS" },
                hidden: { eq: null } },
                sort: [{ name: ASC }, { id: ASC }]) { edges { node { id name
                credentials(limit: 20, sort: [{ name: ASC }, { id: ASC }]) { id name }
                partners { id name } } } } }""", {},
                    lambda d: [(e["node"]["id"], _ids(e["node"]["credentials"]),
                                _ids(e["node"]["partners"]))
                               for e in d["stakeholdersConnection"]["edges"]]),
            Variant("""MATCH (:StakeholderGroup {id: 'EMPLOYERS'})<-[:IN_GROUP]-(s:Stakeholder)
                WHERE s.hidden IS NULL
                WITH s ORDER BY s.name, s.id LIMIT 50
                RETURN s.id AS id, s.name AS name,
                  COLLECT { MATCH (s)-[:ISSUES]->(c:Credential) WITH c ORDER BY c.name, c.id
                            LIMIT 20 RETURN c {.id, .name} } AS creds,
                  COLLECT { MATCH (s)-[:MEMBER_OF]->(:Partnership {status: 'ACTIVE'})
                                  <-[:MEMBER_OF]-(o:Stakeholder)
                                  WHERE o <> s AND o.hidden IS NULL
                            WITH DISTINCT o ORDER BY o.name, o.id RETURN o {.id, .name} } AS partners""",
                    {}, lambda rs: [(r["id"], _ids(r["creds"]), _ids(r["partners"])) for r in rs]),
        ),
        BenchQuery(
            "c_deep_page",
            Variant("""query($after: String) { stakeholders(first: 20, after: $after) {
                edges { node { id name } } } }""", {"after": p["keyset_cursor"]},
                    lambda d: [e["node"]["id"] for e in d["stakeholders"]["edges"]]),
            Variant("""query($after: String) { stakeholdersConnection(first: 20, after: $after,
                where: { hidden: { eq: null } }, sort: [{ name: ASC }, { id: ASC }]) { edges { node { id name } } } }""",
                    {"after": p["offset_cursor"]},
                    lambda d: [e["node"]["id"] for e in d["stakeholdersConnection"]["edges"]]),
            Variant("""MATCH (s:Stakeholder)
                WHERE s.name >= $name AND (s.name > $name OR s.id > $id) AND s.hidden IS NULL
                RETURN s.id AS id, s.name AS name ORDER BY s.name, s.id LIMIT 20""",
                    p["keyset_after"], lambda rs: [r["id"] for r in rs]),
        ),
        BenchQuery(
            "d_total_count",
            Variant("""{ stakeholders(first: 1, filter: { groups: [EMPLOYERS], verification: [VERIFIED] })
                { totalCount } }""", {}, lambda d: d["stakeholders"]["totalCount"]),
            Variant("""{ stakeholdersConnection(where: { groups: { includes: "EMPLOYERS" },
                verification: { eq: "VERIFIED" } }) { totalCount } }""", {},
                    lambda d: d["stakeholdersConnection"]["totalCount"]),
            Variant("""MATCH (:StakeholderGroup {id: 'EMPLOYERS'})<-[:IN_GROUP]-(s:Stakeholder)
                WHERE s.verification = 'VERIFIED' RETURN count(s) AS n""", {},
                    lambda rs: rs[0]["n"]),
        ),
        BenchQuery(
            "e_search",
            Variant("""query($text: String!) { search(text: $text, first: 20) { score item {
                ... on Stakeholder { id name } ... on Credential { id name }
                ... on Skill { id name } } } }""", {"text": p["search"]},
                    lambda d: [round(h["score"], 3) for h in d["search"]]),
            # The peer has one full-text query per type; asking all three in one request
            # answers the same question. Its phrase is our escaped Lucene query.
            Variant("""query($phrase: String!) {
                s: stakeholdersByText(phrase: $phrase, first: 20, where: { node: { hidden: { eq: null } } }) { edges { score node { id name } } }
                c: credentialsByText(phrase: $phrase, first: 20, where: { node: { hidden: { eq: null } } }) { edges { score node { id name } } }
                k: skillsByText(phrase: $phrase, first: 20) { edges { score node { id name } } } }""",
                    {"phrase": text},
                    lambda d: sorted((round(e["score"], 3) for e in
                                      d["s"]["edges"] + d["c"]["edges"] + d["k"]["edges"]),
                                     reverse=True)[:20]),
            Variant(open_cypher("search/search"), {"text": text, "limit": 20, **ANONYMOUS},
                    lambda rs: [round(r["score"], 3) for r in rs]),
        ),
        BenchQuery(
            "f_entities",
            Variant("""query($r: [_Any!]!) { _entities(representations: $r) {
                ... on Stakeholder { id name } } }""",
                    {"r": [{"__typename": "Stakeholder", "id": i} for i in p["entity_ids"]]},
                    lambda d: _ids(d["_entities"])),
            Variant("""query($r: [_Any!]!) { _entities(representations: $r) {
                ... on Stakeholder { id name } } }""",
                    {"r": [{"__typename": "Stakeholder", "id": i} for i in p["entity_ids"]]},
                    lambda d: _ids(d["_entities"])),
            Variant("""UNWIND $ids AS id MATCH (s:Stakeholder {id: id})
                RETURN s.id AS id, s.name AS name""", {"ids": p["entity_ids"]},
                    lambda rs: [r["id"] for r in rs]),
        ),
        BenchQuery(
            "g_suggestions",
            Variant("""query($id: ID!) { stakeholder(id: $id) { suggestedPartners(first: 5) {
                score reasons stakeholder { id name } } } }""", {"id": p["suggest_id"]},
                    lambda d: [(s["stakeholder"]["id"], s["score"])
                               for s in d["stakeholder"]["suggestedPartners"]]),
            Variant("""query($id: ID!) { stakeholders(where: { id: { eq: $id } }) {
                suggestedPartners(first: 5) { id name score } } }""", {"id": p["suggest_id"]},
                    lambda d: [(s["id"], s["score"]) for s in d["stakeholders"][0]["suggestedPartners"]]),
            Variant(open_cypher("stakeholders/read_suggestions"),
                    {"keys": [p["suggest_id"]], "first": 5,
                     "pairs": COMPLEMENTARY_ROLES, **SUGGESTION_BOUNDS, **ANONYMOUS},
                    lambda rs: [(i["node"]["id"], float(i["score"]))
                               for i in rs[0]["rows"][0]["items"]]),
        ),
    ]


def open_cypher(name: str) -> str:
    from graph import cypher
    return cypher.text(name)


def offset_cursor(offset: int) -> str:
    """The peer's cursor for the item at `offset` (graphql-relay's array connection)."""
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


def keyset_cursor(name: str, id_: str) -> str:
    return Cursor(name, id_).encode()
