"""A deterministic synthetic ecosystem for the benchmark, loaded by the bulk import.

The same seed gives the same graph, byte for byte. Shapes follow the real
data: stakeholders in one or two of the ten groups, issuers with many
credentials, credentials evidencing one or two skills (popular skills much
more often), employers accepting credentials, a few partnerships.

`emit` streams the rows to a sink, kind by kind, so the xl scale (1M
stakeholders, about 11M relationships) never holds its rows in memory:
`bench/bulk.py` writes them straight to CSV files for Neo4j's offline
importer. `generate` collects them in lists for the transactional path
(`load`, the project's own batched UNWIND writes) and the tests.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph import policy
from graph.db import Database
from graph.importers.common import write_batched
from graph.stakeholder_ids import NAMESPACE, stakeholder_id

SCALES = {
    "small": {"stakeholders": 10_000, "credentials": 30_000, "skills": 2_000,
              "partnerships": 1_000},
    "large": {"stakeholders": 100_000, "credentials": 300_000, "skills": 20_000,
              "partnerships": 10_000},
    # The large shape x10: about 4.3M nodes and 11M relationships.
    "xl": {"stakeholders": 1_000_000, "credentials": 3_000_000, "skills": 200_000,
           "partnerships": 100_000},
}
GROUPS = ["EMPLOYERS", "CREDENTIALING_ORGANIZATIONS", "LER_TECHNOLOGY_PROVIDERS", "HR_SYSTEMS",
          "CAREER_NAVIGATORS", "SUPPORTING_SYSTEMS", "GOVERNANCE", "FUNDERS",
          "DATA_STANDARDS_ORGANIZATIONS", "LEARNERS_AND_EARNERS"]
GROUP_WEIGHTS = [30, 25, 8, 5, 10, 8, 5, 3, 2, 4]
TYPES = ["BADGE", "CERTIFICATE", "CERTIFICATION", "LICENSE", "DEGREE", "DIPLOMA",
         "APPRENTICESHIP", "COURSE", "ASSESSMENT", "MICROCREDENTIAL"]
WORDS = ["Apex", "Harbor", "Summit", "Prairie", "Cedar", "River", "Granite", "Beacon", "Meridian",
         "Pioneer", "Lakeside", "Northwind", "Bright", "Keystone", "Evergreen", "Frontier"]
KINDS = ["Health", "Manufacturing", "Logistics", "College", "Academy", "Institute", "Software",
         "Workforce Board", "Foundation", "Labs", "Energy", "Bank"]
SKILL_WORDS = ["data", "safety", "network", "welding", "customer", "patient", "cloud", "finance",
               "quality", "robotics", "design", "security", "teaching", "logistics", "sales"]
STANDARDS = [("std:open-badges", "Open Badges", "3.0"),
             ("std:clr", "Comprehensive Learner Record", "2.0"),
             ("std:vc", "W3C Verifiable Credentials Data Model", "2.0"),
             ("std:did", "W3C Decentralized Identifiers (DIDs)", "1.0"),
             ("std:ctdl", "Credential Transparency Description Language (CTDL)", None),
             ("std:ler-rs", "LER Resume Standard (LER-RS)", None),
             ("std:case", "Competencies and Academic Standards Exchange (CASE)", "1.1"),
             ("std:rsd", "Rich Skill Descriptor (RSD)", None)]
NODE_KINDS = ("stakeholders", "skills", "standards", "credentials", "partnerships")
REL_KINDS = ("in_group", "supports", "skill_broader", "issues", "evidences", "accepts",
             "member_of")

# (kind, row): the kind is a key of NODE_KINDS or REL_KINDS.
Sink = Callable[[str, dict[str, Any]], None]


@dataclass
class Synthetic:
    nodes: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {k: [] for k in NODE_KINDS})
    rels: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {k: [] for k in REL_KINDS})

    def counts(self) -> tuple[int, int]:
        return (sum(len(v) for v in self.nodes.values()),
                sum(len(v) for v in self.rels.values()))

    def add(self, kind: str, row: dict[str, Any]) -> None:
        (self.nodes if kind in self.nodes else self.rels)[kind].append(row)


def generate(scale: str, seed: int = 20261129) -> Synthetic:
    """All rows in lists (small and large; xl streams through `emit`)."""
    data = Synthetic()
    emit(scale, data.add, seed)
    return data


def emit(scale: str, sink: Sink, seed: int = 20261129) -> None:
    """Every row of the scale, in a fixed order, to `sink`.

    The random draws happen in the same order as they always have, so a seed
    gives the same graph as before rows were streamed. What later rows need
    of earlier ones is kept as compact lists (ids, hidden flags), not rows.
    """
    size = SCALES[scale]
    rng = random.Random(seed)  # noqa: S311 (synthetic data, reproducible by seed)
    ids: list[str] = []
    hidden: list[bool | None] = []
    issuers: list[int] = []    # indexes into ids
    verifiers: list[int] = []
    for i in range(size["stakeholders"]):
        domain = f"org{i:06d}.synthetic.example"
        groups = list(dict.fromkeys(rng.choices(GROUPS, GROUP_WEIGHTS, k=rng.choice((1, 1, 2)))))
        roles = []
        if "CREDENTIALING_ORGANIZATIONS" in groups or rng.random() < 0.1:
            roles.append("ISSUER")
        if "EMPLOYERS" in groups or "HR_SYSTEMS" in groups:
            roles.append("VERIFIER")
        if "LER_TECHNOLOGY_PROVIDERS" in groups and rng.random() < 0.5:
            roles.append("WALLET_PROVIDER")
        name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i:06d}"
        sid = stakeholder_id(domain)
        stages = rng.sample(["DEVELOPING", "ISSUING", "USING", "ADOPTING"], 2)
        description = f"A synthetic {rng.choice(KINDS).lower()} organization for the benchmark"
        verification = rng.choices(["VERIFIED", "PENDING", "REJECTED", "SUSPENDED"],
                                   [70, 25, 3, 2])[0]
        # Rejected and suspended records are hidden, with their credentials
        # (graph/policy.py), so the benchmark reads the same predicates as production.
        flag = policy.hidden_flag(verification)
        sink("stakeholders", {
            "id": sid, "slug": f"org-{i:06d}", "name": name, "website": f"https://{domain}",
            "domain": domain, "groups": groups, "roles": roles, "stages": stages,
            "description": description, "verification": verification, "hidden": flag})
        ids.append(sid)
        hidden.append(flag)
        if "ISSUER" in roles:
            issuers.append(i)
        if "VERIFIER" in roles:
            verifiers.append(i)
        for g in groups:
            sink("in_group", {"a": sid, "b": g})
        for std in rng.sample(STANDARDS, rng.choice((0, 1, 1, 2))):
            sink("supports", {"a": sid, "b": std[0]})

    skill_ids = [f"syn:skill-{k:05d}" for k in range(size["skills"])]
    parents = max(size["skills"] // 100, 1)
    for k, kid in enumerate(skill_ids):
        sink("skills", {"id": kid, "code": f"SYN-{k:05d}", "framework": "SYNTHETIC",
                        "name": f"{rng.choice(SKILL_WORDS)} skill {k:05d}",
                        "description": "A synthetic skill"})
    for k, kid in enumerate(skill_ids):
        if k >= parents:
            sink("skill_broader", {"a": kid, "b": skill_ids[k % parents]})
    for i, n, v in STANDARDS:
        sink("standards", {"id": i, "name": n, "version": v})

    credential_ids: list[str] = []
    for c in range(size["credentials"]):
        issuer = issuers[int(rng.paretovariate(1.2)) % len(issuers)]
        cid = str(uuid.uuid5(NAMESPACE, f"synthetic-credential:{c}"))
        credential_ids.append(cid)
        sink("credentials", {"id": cid, "issuerId": ids[issuer], "hidden": hidden[issuer],
                             "type": rng.choice(TYPES),
                             "name": f"{rng.choice(SKILL_WORDS).title()} credential {c:06d}",
                             "description": "A synthetic credential"})
        sink("issues", {"a": ids[issuer], "b": cid})
        popular = [int(rng.paretovariate(1.0)) % len(skill_ids)
                   for _ in range(rng.choice((1, 2)))]
        for k in dict.fromkeys(popular):
            sink("evidences", {"a": cid, "b": skill_ids[k]})
    for v in verifiers:
        for c in rng.sample(range(len(credential_ids)), rng.randint(0, 6)):
            sink("accepts", {"a": ids[v], "b": credential_ids[c]})
    del credential_ids

    pairs: set[str] = set()
    while len(pairs) < size["partnerships"]:
        a, b = rng.sample(ids, 2)
        pair = "|".join(sorted((a, b)))
        if pair in pairs:
            continue
        pairs.add(pair)
        pid = str(uuid.uuid5(NAMESPACE, f"synthetic-partnership:{pair}"))
        sink("partnerships", {"id": pid, "a": a, "pair": pair, "purpose": "synthetic",
                              "status": rng.choices(["ACTIVE", "PROPOSED", "ENDED", "DECLINED"],
                                                    [60, 20, 10, 10])[0]})
        sink("member_of", {"a": a, "b": pid, "role": "PROPOSER"})
        sink("member_of", {"a": b, "b": pid, "role": "INVITEE"})


async def load(db: Database, data: Synthetic) -> dict[str, float]:
    """The transactional path: batched UNWIND writes (nodes first, then relationships),
    one transaction per 20,000 rows; returns counts and throughput."""
    started = time.perf_counter()
    steps = [(f"bulk/{name}", rows) for name, rows in data.nodes.items()]
    steps += [(f"bulk/{name}", rows) for name, rows in data.rels.items()]
    await write_batched(db, steps, "synthetic ecosystem", batch=20_000)
    seconds = time.perf_counter() - started
    nodes, rels = data.counts()
    return {"nodes": nodes, "relationships": rels, "seconds": round(seconds, 2),
            "items_per_s": round((nodes + rels) / seconds), "method": "unwind"}
