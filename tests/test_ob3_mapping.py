"""graph/formats/ob3.py without Neo4j: the export's shape and the import's reading,
every problem with its JSON path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.formats import ob3
from graph.models import (
    CredentialModel,
    OccupationModel,
    SkillModel,
    StakeholderModel,
    StandardModel,
)

BASE = "https://ler.example"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ISSUER = StakeholderModel(id="s1", name="Acme College", slug="acme-college",
                          website="https://acme.example", did="did:web:acme.example",
                          createdAt=NOW, updatedAt=NOW)
SKILL = SkillModel(id="esco:abc", name="work in teams", framework="ESCO", code="abc",
                   uri="http://data.europa.eu/esco/skill/abc")
CUSTOM = SkillModel(id="k9", name="kiln safety", framework="CUSTOM", code="K-9")
STANDARD = StandardModel(id="std:vc", name="Verifiable Credentials", version="2.0",
                         url="https://www.w3.org/TR/vc-data-model-2.0/")
OCCUPATION = OccupationModel(id="soc:15-1252", code="15-1252", title="Software Developers",
                             level="DETAILED")
CREDENTIAL = CredentialModel(id="c1", name="Team Badge", type="BADGE", issuerId="s1",
                             url="https://acme.example/team", createdAt=NOW, updatedAt=NOW)


def exported() -> dict[str, Any]:
    return ob3.achievement(BASE, CREDENTIAL, ISSUER, [SKILL, CUSTOM], [STANDARD], [OCCUPATION])


def test_an_achievement_has_the_fields_the_spec_requires() -> None:
    doc = exported()
    assert doc["@context"] == ["https://www.w3.org/ns/credentials/v2",
                               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert doc["id"] == "https://ler.example/ob3/achievements/c1"
    assert doc["type"] == ["Achievement"]
    assert doc["achievementType"] == "Badge"
    assert doc["description"]  # required by the spec: made up when we have none
    assert doc["criteria"]["id"] == "https://acme.example/team" and doc["criteria"]["narrative"]
    assert doc["creator"]["id"] == "https://ler.example/ob3/profiles/s1"
    assert doc["creator"]["otherIdentifier"][0]["identifier"] == "did:web:acme.example"
    by_type = {(a["targetType"], a["targetUrl"]) for a in doc["alignment"]}
    assert ("ceasn:Competency", SKILL.uri) in by_type
    assert ("ceasn:Competency", "urn:lermap:skill:k9") in by_type
    assert ("ext:Standard", STANDARD.url) in by_type
    occupation = next(a for a in doc["alignment"] if a["targetType"] == "ext:Occupation")
    assert occupation["targetCode"] == "15-1252"
    assert occupation["targetUrl"].endswith("/15-1252.00")


def test_every_credential_type_has_a_spec_value_and_comes_back() -> None:
    for ours, theirs in ob3.TO_ACHIEVEMENT_TYPE.items():
        assert theirs in ob3.ACHIEVEMENT_TYPES
        assert ob3.FROM_ACHIEVEMENT_TYPE[theirs] == ours
    assert set(ob3.FROM_ACHIEVEMENT_TYPE) <= ob3.ACHIEVEMENT_TYPES


def test_the_export_reads_back_as_the_same_credential() -> None:
    found, problems = ob3.read_achievement(exported())
    assert problems == [] and found is not None
    skills = {SKILL.uri: SKILL.id, "urn:lermap:skill:k9": "k9"}
    data, occupations, unknown = ob3.to_input(found, skills, {"15-1252": OCCUPATION.id},
                                              [STANDARD])
    assert unknown == []
    assert (data.name, data.type, data.url) == (CREDENTIAL.name, "BADGE", CREDENTIAL.url)
    assert data.skill_ids == [SKILL.id, "k9"] and data.standard_ids == [STANDARD.id]
    assert occupations == [OCCUPATION.id]
    assert found.source_id == "https://ler.example/ob3/achievements/c1"
    assert ob3.own_credential_id(BASE, found.source_id) == "c1"
    assert ob3.own_credential_id(BASE, "https://elsewhere.example/ob3/achievements/c1") is None


def test_a_wrapped_achievement_is_read_at_its_path() -> None:
    inner = {k: v for k, v in exported().items() if k != "@context"}
    inner["alignment"][0]["targetUrl"] = 7
    wrapped = {"@context": ob3.CONTEXT, "type": ["VerifiableCredential", "OpenBadgeCredential"],
               "credentialSubject": {"type": ["AchievementSubject"], "achievement": inner}}
    found, problems = ob3.read_achievement(wrapped)
    assert found is not None and found.name == "Team Badge"
    assert [str(p) for p in problems] == [
        "credentialSubject.achievement.alignment[0].targetUrl: must be a string"]


def test_every_problem_is_reported_with_its_path() -> None:
    doc = exported()
    del doc["name"]
    doc["achievementType"] = "Trophy"
    doc["alignment"] += [{"type": ["Alignment"], "targetType": "ceterms:Credential",
                          "targetUrl": "https://x.example"},
                         {"type": ["Alignment"], "targetType": "ext:Occupation",
                          "targetCode": "fifteen"},
                         "not an object"]
    found, problems = ob3.read_achievement(doc)
    assert found is not None
    assert [p.dotted for p in problems] == [
        "name", "achievementType", "alignment[4].targetType", "alignment[5].targetCode",
        "alignment[6]"]
    # And the references we do not have: each at its own path.
    _, _, unknown = ob3.to_input(found, {}, {}, [])
    assert [str(p) for p in unknown] == [
        "alignment[0].targetUrl: not a known ESCO skill",
        "alignment[1].targetUrl: not a known skill: give its ESCO URI, or the URI of a skill "
        "added here (addSkill)",
        "alignment[2].targetCode: no SOC or O*NET-SOC occupation 15-1252",
        "alignment[3]: not a known standard (targetCode: our standard id, or targetUrl: its URL)"]


def test_what_is_not_an_achievement_is_refused() -> None:
    for doc, where in [([], "(the document)"), ({"type": ["Profile"], "name": "x"}, "type"),
                       ({"type": "OpenBadgeCredential", "credentialSubject": {}},
                        "credentialSubject.achievement"),
                       ({"@context": ["https://www.w3.org/2018/credentials/v1"],
                         "type": "Achievement", "id": "urn:x", "name": "x"}, "@context")]:
        _, problems = ob3.read_achievement(doc)
        assert [p.dotted for p in problems] == [where], doc
