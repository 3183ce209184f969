"""A deterministic synthetic ecosystem for the benchmark, loaded by the bulk import.

The same seed gives the same graph, byte for byte. Shapes follow the real
data: stakeholders in one or two of the ten groups, issuers with many
credentials, credentials evidencing one or two skills (popular skills much
more often), employers accepting credentials, a few partnerships.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
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


@dataclass
class Synthetic:
    nodes: dict[str, list[dict[str, Any]]]
    rels: dict[str, list[dict[str, Any]]]

    def counts(self) -> tuple[int, int]:
        return (sum(len(v) for v in self.nodes.values()),
                sum(len(v) for v in self.rels.values()))


def generate(scale: str, seed: int = 20261129) -> Synthetic:
    size = SCALES[scale]
    rng = random.Random(seed)  # noqa: S311 (synthetic data, reproducible by seed)
    stakeholders, in_group, supports = [], [], []
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
        stakeholders.append({
            "id": sid, "slug": f"org-{i:06d}", "name": name, "website": f"https://{domain}",
            "domain": domain, "groups": groups, "roles": roles,
            "stages": rng.sample(["DEVELOPING", "ISSUING", "USING", "ADOPTING"], 2),
            "description": f"A synthetic {rng.choice(KINDS).lower()} organization "
                           "for the benchmark",
            "verification": rng.choices(["VERIFIED", "PENDING", "REJECTED", "SUSPENDED"],
                                        [70, 25, 3, 2])[0]})
        in_group += [{"a": sid, "b": g} for g in groups]
        chosen = rng.sample(STANDARDS, rng.choice((0, 1, 1, 2)))
        supports += [{"a": sid, "b": std[0]} for std in chosen]

    skills = [{"id": f"syn:skill-{k:05d}", "code": f"SYN-{k:05d}", "framework": "SYNTHETIC",
               "name": f"{rng.choice(SKILL_WORDS)} skill {k:05d}",
               "description": "A synthetic skill"} for k in range(size["skills"])]
    parents = max(size["skills"] // 100, 1)
    skill_broader = [{"a": s["id"], "b": skills[k % parents]["id"]}
                     for k, s in enumerate(skills) if k >= parents]

    # Rejected and suspended records are hidden, with their credentials (graph/policy.py),
    # so the benchmark reads the same predicates as the API does in production.
    hidden = {s["id"]: policy.hidden_flag(s["verification"]) for s in stakeholders}
    for s in stakeholders:
        s["hidden"] = hidden[s["id"]]
    issuers = [s["id"] for s in stakeholders if "ISSUER" in s["roles"]]
    verifiers = [s["id"] for s in stakeholders if "VERIFIER" in s["roles"]]
    credentials, issues, evidences = [], [], []
    for c in range(size["credentials"]):
        issuer = issuers[int(rng.paretovariate(1.2)) % len(issuers)]
        cid = str(uuid.uuid5(NAMESPACE, f"synthetic-credential:{c}"))
        credentials.append({"id": cid, "issuerId": issuer, "hidden": hidden[issuer],
                            "type": rng.choice(TYPES),
                            "name": f"{rng.choice(SKILL_WORDS).title()} credential {c:06d}",
                            "description": "A synthetic credential"})
        issues.append({"a": issuer, "b": cid})
        popular = [int(rng.paretovariate(1.0)) % len(skills) for _ in range(rng.choice((1, 2)))]
        evidences += [{"a": cid, "b": skills[k]["id"]} for k in dict.fromkeys(popular)]
    accepts = []
    for v in verifiers:
        for c in rng.sample(range(len(credentials)), rng.randint(0, 6)):
            accepts.append({"a": v, "b": credentials[c]["id"]})

    partnerships, member_of, pairs = [], [], set()
    ids = [s["id"] for s in stakeholders]
    while len(partnerships) < size["partnerships"]:
        a, b = rng.sample(ids, 2)
        pair = "|".join(sorted((a, b)))
        if pair in pairs:
            continue
        pairs.add(pair)
        pid = str(uuid.uuid5(NAMESPACE, f"synthetic-partnership:{pair}"))
        partnerships.append({"id": pid, "a": a, "pair": pair, "purpose": "synthetic",
                             "status": rng.choices(["ACTIVE", "PROPOSED", "ENDED", "DECLINED"],
                                                   [60, 20, 10, 10])[0]})
        member_of += [{"a": a, "b": pid, "role": "PROPOSER"}, {"a": b, "b": pid, "role": "INVITEE"}]

    standards = [{"id": i, "name": n, "version": v} for i, n, v in STANDARDS]
    return Synthetic(
        nodes={"stakeholders": stakeholders, "skills": skills, "standards": standards,
               "credentials": credentials, "partnerships": partnerships},
        rels={"in_group": in_group, "supports": supports, "skill_broader": skill_broader,
              "issues": issues, "evidences": evidences, "accepts": accepts,
              "member_of": member_of})


async def load(db: Database, data: Synthetic) -> dict[str, float]:
    """Bulk-import (nodes first, then relationships); returns counts and throughput."""
    started = time.perf_counter()
    steps = [(f"bulk/{name}", rows) for name, rows in data.nodes.items()]
    steps += [(f"bulk/{name}", rows) for name, rows in data.rels.items()]
    await write_batched(db, steps, "synthetic ecosystem", batch=20_000)
    seconds = time.perf_counter() - started
    nodes, rels = data.counts()
    return {"nodes": nodes, "relationships": rels, "seconds": round(seconds, 2),
            "items_per_s": round((nodes + rels) / seconds)}
