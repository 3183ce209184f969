// The record behind a CTID as this reader may see it (graph/policy.py's parameters):
// a stakeholder, or a credential with its issuer's CTID, skills and occupations.
// One row holding both lists; at most one of them has an entry.
OPTIONAL MATCH (s:Stakeholder {ctid: $ctid})
WHERE s.hidden IS NULL OR $seeAll OR s.id = $viewerId
OPTIONAL MATCH (c:Credential {ctid: $ctid})
WHERE c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId
CALL (c) {
  OPTIONAL MATCH (c)<-[:ISSUES]-(issuer:Stakeholder)
  OPTIONAL MATCH (c)-[:EVIDENCES]->(k:Skill)
  WITH issuer, k ORDER BY k.name, k.id
  WITH issuer, collect(k {.*}) AS skills
  OPTIONAL MATCH (c)-[:PREPARES_FOR]->(o:Occupation)
  WITH issuer, skills, o ORDER BY o.code
  RETURN issuer.ctid AS issuerCtid, skills, collect(o {.*}) AS occupations
}
RETURN [x IN [s] WHERE x IS NOT NULL |
          x {.*, createdAt: toString(x.createdAt), updatedAt: toString(x.updatedAt)}] AS stakeholders,
       [x IN [c] WHERE x IS NOT NULL |
          x {.*, createdAt: toString(x.createdAt), updatedAt: toString(x.updatedAt),
             issuerCtid: issuerCtid, skills: skills, occupations: occupations}] AS credentials
