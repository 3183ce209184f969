"""Our stakeholders and credentials as CTDL (Credential Engine's Credential Transparency
Description Language) JSON-LD, in the shape the Credential Registry publishes.

Pure: models in, dicts out. Every term is CTDL's own (`ceterms:`, concept schemes such as
`orgType:` and `credentialStat:`), resolved by the context at CONTEXT; tests/test_ctdl.py
checks each one against Credential Engine's published context file.

What we export and what we leave out, and why:

- A stakeholder is a `ceterms:CredentialOrganization` when it issues credentials here
  (role ISSUER or group CREDENTIALING_ORGANIZATIONS) and a `ceterms:Organization`
  otherwise: CTDL keeps the first for organizations with a role in a credential's life.
- A credential's class comes from its type (CLASS_BY_TYPE below).
- Names and descriptions are language maps tagged `en-US`: the text our API takes is
  English, and CTDL asks for a language on every string.
- What we do not hold is left out, never made up: an organization's sector
  (`ceterms:agentSectorType`), a public email or a postal address, a credential's
  language (`ceterms:inLanguage`), a credential's web page when it has no URL. The
  registry profile requires some of these, so such a document is not publishable
  to the Credential Registry as it stands; `registry_gaps` names what is missing, and
  the API says so in a response header.
"""

from __future__ import annotations

from typing import Any

from graph.models import CtdlCredentialModel, OccupationModel, SkillModel, StakeholderModel

CONTEXT = "https://credreg.net/ctdl/schema/context/json"
LANGUAGE = "en-US"

# Our CredentialType -> CTDL's class (https://credreg.net/ctdl/terms, "Credential" classes).
# COURSE: CertificateOfCompletion, CTDL's credential for completing an activity or training.
# ASSESSMENT: ProficiencyCertificate, CTDL's credential for skills shown in an assessment,
#   whatever way they were learned.
# OTHER: the superclass ceterms:Credential; the registry takes only subclasses, so such a
#   credential is exported but reported as not publishable (registry_gaps).
# DEGREE: ceterms:Degree; the registry asks for a subclass (BachelorDegree, ...), which we
#   cannot tell from our type, so it too is reported.
CLASS_BY_TYPE = {
    "BADGE": "ceterms:Badge",
    "CERTIFICATE": "ceterms:Certificate",
    "CERTIFICATION": "ceterms:Certification",
    "DEGREE": "ceterms:Degree",
    "LICENSE": "ceterms:License",
    "DIPLOMA": "ceterms:Diploma",
    "APPRENTICESHIP": "ceterms:ApprenticeshipCertificate",
    "MICROCREDENTIAL": "ceterms:MicroCredential",
    "COURSE": "ceterms:CertificateOfCompletion",
    "ASSESSMENT": "ceterms:ProficiencyCertificate",
    "OTHER": "ceterms:Credential",
}
# Classes the Credential Registry does not take as such (it wants a subclass).
NOT_PUBLISHED_AS_SUCH = ("ceterms:Credential", "ceterms:Degree")
ORGANIZATION_CLASSES = ("ceterms:CredentialOrganization", "ceterms:Organization")

# Our stakeholder groups -> CTDL organization types, only where one plainly is the other.
AGENT_TYPE_BY_GROUP = {
    "EMPLOYERS": ("orgType:Business", "Business"),
    "LER_TECHNOLOGY_PROVIDERS": ("orgType:Vendor", "Vendor"),
    "HR_SYSTEMS": ("orgType:Vendor", "Vendor"),
}
ORGANIZATION_TYPE_SCHEME = ("https://credreg.net/ctdl/terms/OrganizationType",
                            "Organization Type")
CREDENTIAL_STATUS_SCHEME = ("https://credreg.net/ctdl/terms/CredentialStatus",
                            "Credential Status")
# Where our occupation codes come from (graph/importers/onet.py): SOC groups, O*NET-SOC.
OCCUPATION_FRAMEWORKS = {
    "ONET": ("https://www.onetcenter.org/taxonomy.html", "O*NET-SOC Taxonomy"),
}
SOC_FRAMEWORK = ("https://www.bls.gov/soc/", "Standard Occupational Classification")

# What our own export checks before saying a document is publishable: the Credential
# Registry profile's required properties (sources in tests/test_ctdl.py, which checks
# our documents against its own copy of them). Tuples: any one of them will do.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "organization": (("ceterms:ctid",), ("ceterms:name",), ("ceterms:description",),
                     ("ceterms:subjectWebpage",), ("ceterms:agentType",),
                     ("ceterms:agentSectorType",), ("ceterms:address", "ceterms:email")),
    "credential": (("ceterms:ctid",), ("ceterms:name",), ("ceterms:description",),
                   ("ceterms:subjectWebpage",), ("ceterms:ownedBy", "ceterms:offeredBy"),
                   ("ceterms:credentialStatusType",), ("ceterms:inLanguage",)),
}

# The registry refuses shorter descriptions.
MIN_DESCRIPTION = 15


def uri(base_url: str, ctid: str) -> str:
    """A record's stable URL, which is also its `@id`."""
    return f"{base_url}/ctdl/{ctid}"


def _text(value: str) -> dict[str, str]:
    return {LANGUAGE: value}


def _alignment(framework: tuple[str, str] | None, node: str | None, name: str,
               code: str | None = None) -> dict[str, Any]:
    """A ceterms:CredentialAlignmentObject: a concept (or skill, occupation) in a framework."""
    out: dict[str, Any] = {"@type": "ceterms:CredentialAlignmentObject"}
    if framework is not None:
        out["ceterms:framework"] = framework[0]
        out["ceterms:frameworkName"] = _text(framework[1])
    if node is not None:
        out["ceterms:targetNode"] = node
    out["ceterms:targetNodeName"] = _text(name)
    if code is not None:
        out["ceterms:codedNotation"] = code
    return out


def is_credential_organization(m: StakeholderModel) -> bool:
    return "ISSUER" in m.roles or "CREDENTIALING_ORGANIZATIONS" in m.groups


def organization(m: StakeholderModel, base_url: str) -> dict[str, Any]:
    """A stakeholder as ceterms:CredentialOrganization (or ceterms:Organization)."""
    if m.ctid is None:
        raise ValueError(f"stakeholder {m.id} has no CTID (migration V0010 mints them)")
    doc: dict[str, Any] = {
        "@context": CONTEXT, "@id": uri(base_url, m.ctid),
        "@type": ORGANIZATION_CLASSES[0] if is_credential_organization(m)
        else ORGANIZATION_CLASSES[1],
        "ceterms:ctid": m.ctid, "ceterms:name": _text(m.name)}
    if m.description:
        doc["ceterms:description"] = _text(m.description)
    if m.website:
        doc["ceterms:subjectWebpage"] = m.website
    types = sorted({AGENT_TYPE_BY_GROUP[g] for g in m.groups if g in AGENT_TYPE_BY_GROUP})
    if types:
        doc["ceterms:agentType"] = [_alignment(ORGANIZATION_TYPE_SCHEME, node, label)
                                    for node, label in types]
    return doc


def _skill(k: SkillModel) -> dict[str, Any]:
    return _alignment(None, k.uri, k.name, k.code) | {"ceterms:frameworkName": _text(k.framework)}


def _occupation(o: OccupationModel) -> dict[str, Any]:
    return _alignment(OCCUPATION_FRAMEWORKS.get(o.level, SOC_FRAMEWORK), None, o.title, o.code)


def credential(m: CtdlCredentialModel, base_url: str) -> dict[str, Any]:
    """A credential as the ceterms: class of its type, owned and offered by its issuer."""
    if m.ctid is None:
        raise ValueError(f"credential {m.id} has no CTID (migration V0010 mints them)")
    doc: dict[str, Any] = {
        "@context": CONTEXT, "@id": uri(base_url, m.ctid),
        "@type": CLASS_BY_TYPE[m.type], "ceterms:ctid": m.ctid, "ceterms:name": _text(m.name)}
    if m.description:
        doc["ceterms:description"] = _text(m.description)
    if m.url:
        doc["ceterms:subjectWebpage"] = m.url
    if m.issuerCtid:
        issuer = uri(base_url, m.issuerCtid)
        # The issuer both defines the credential and awards it: in our graph it ISSUES it.
        doc["ceterms:ownedBy"] = [issuer]
        doc["ceterms:offeredBy"] = [issuer]
    # Withdrawn credentials are removed here, and a hidden issuer's are not exported, so
    # every credential we export is one its issuer currently lists.
    doc["ceterms:credentialStatusType"] = _alignment(CREDENTIAL_STATUS_SCHEME,
                                                     "credentialStat:Active", "Active")
    if m.skills:
        # The skills a credential evidences are the competencies one shows to earn it:
        # CTDL's "requires" condition with target competencies.
        doc["ceterms:requires"] = [{
            "@type": "ceterms:ConditionProfile",
            "ceterms:description": _text("Skills a holder of this credential has shown."),
            "ceterms:targetCompetency": [_skill(k) for k in m.skills]}]
    if m.occupations:
        doc["ceterms:occupationType"] = [_occupation(o) for o in m.occupations]
    return doc


def in_graph(doc: dict[str, Any]) -> dict[str, Any]:
    """A document as an entry of a `@graph` (the graph carries the one `@context`)."""
    return {k: v for k, v in doc.items() if k != "@context"}


def registry_gaps(doc: dict[str, Any]) -> list[str]:
    """What keeps a document from the Credential Registry: missing required properties
    (an "a|b" entry: neither is there) and a class it takes only subclasses of."""
    kind = "organization" if doc["@type"] in ORGANIZATION_CLASSES else "credential"
    gaps = ["|".join(options) for options in REQUIRED[kind]
            if not any(doc.get(p) for p in options)]
    description = doc.get("ceterms:description", {}).get(LANGUAGE, "")
    if description and len(description) < MIN_DESCRIPTION:
        gaps.append("ceterms:description")
    if doc["@type"] in NOT_PUBLISHED_AS_SUCH:
        gaps.append("@type")
    return gaps
