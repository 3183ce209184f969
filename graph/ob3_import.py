"""importAchievement: an Open Badges 3.0 Achievement (or the one inside an
OpenBadgeCredential) becomes the caller's credential, or updates it.

Which credential: the achievement's `id`. One of our own achievement URLs naming a
credential the caller issues updates that credential; any other id (someone else's
credential here, or an achievement elsewhere) is kept as the new credential's
`sourceId`, and importing the same id again updates the credential made the first time.

Every problem is collected before anything is written (the document's shape, references
we do not know, and the checks addCredential runs, at their JSON paths), and the write is
one transaction (graph/credential_writes.py `save_import`).
"""

from __future__ import annotations

from typing import Any

from graph import credential_writes, occupations, policy, repo, standards
from graph.db import Database
from graph.errors import InvalidInput
from graph.formats import ob3
from graph.models import Actor, CredentialModel

ROOT = "json"  # the mutation's argument: problems are reported under it


def _field(path: ob3.Path) -> list[str]:
    return [ROOT, *(str(part) for part in path)]


def _refused(problems: list[ob3.Problem]) -> InvalidInput:
    return InvalidInput([(_field(p.path), str(p)) for p in problems])


async def _skills(db: Database, refs: list[ob3.Ref]) -> dict[str, str]:
    """targetUrl -> skill id, for the references that name a skill of ours."""
    keys = {ref.value: ob3.skill_key(ref.value) for ref in refs}
    uris = sorted({value for kind, value in keys.values() if kind == "uri"})
    by_uri = {r["uri"]: r["id"] for r in await repo.rows(db, "ob3/skill_ids_by_uri", uris=uris)}
    ids = sorted({value for kind, value in keys.values() if kind == "id"})
    known_ids = await repo.existing_ids(db, "skills/existing_ids", ids)
    found = {}
    for url, (kind, value) in keys.items():
        skill_id = by_uri.get(value) if kind == "uri" else value if value in known_ids else None
        if skill_id is not None:
            found[url] = skill_id
    return found


async def _target(db: Database, actor: Actor, issuer: str, source_id: str,
                  base: str) -> tuple[str | None, str | None]:
    """The caller's credential this achievement updates (None: a new one), and the source
    id to keep on it (None for one of the caller's own URLs: the credential keeps the
    source it was first imported from, if any)."""
    own = ob3.own_credential_id(base, source_id)
    if own is not None:
        mine = await repo.one_by_key(db.as_viewer(actor), "credentials/read_by_ids",
                                     CredentialModel, [own])
        if own in mine and mine[own].issuerId == issuer:
            return own, None
    found = await db.read("ob3/credential_by_source", issuerId=issuer, sourceId=source_id)
    return (str(found[0]["id"]) if found else None), source_id


async def import_achievement(db: Database, actor: Actor, doc: Any, base: str
                             ) -> CredentialModel:
    issuer = policy.require_stakeholder(actor, "import achievements")
    found, problems = ob3.read_achievement(doc)
    if found is None:
        raise _refused(problems)
    codes = sorted({ref.value for ref in found.occupations})
    by_code = {code: m.id for code, m in (await occupations.by_codes(db, codes)).items()}
    credential_id, source_id = (await _target(db, actor, issuer, found.source_id, base)
                                if found.source_id is not None else (None, None))
    data, occupation_ids, unknown = ob3.to_input(
        found, await _skills(db, found.skills), by_code, await standards.all_standards(db),
        credential_id=credential_id)
    problems += unknown
    try:  # addCredential's own checks (lengths, characters, the URL), on the mapped input
        data = await credential_writes.check(db, data, required=found.name is not None)
    except InvalidInput as exc:
        # ["input", "url"], "url must be ..." -> criteria.id: "must be ..."
        for path, message in exc.problems:
            name = path[-1] if len(path) == 2 else ""
            problems.append(ob3.Problem(found.path_of(name), message.removeprefix(f"{name} ")))
    if problems:
        raise _refused(problems)
    return await credential_writes.save_import(db, actor, data, source_id=source_id,
                                               occupation_ids=occupation_ids)
