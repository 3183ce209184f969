// One row holding a list: the driver's cost is per record, not per byte.
// A keyset page of credentials in CTID order, each with its issuer's CTID, skills and
// occupations (the ctid constraint's index gives the order and the seek).
MATCH (c:Credential)
WHERE c.ctid > $after
  AND (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
WITH c ORDER BY c.ctid LIMIT $limit
CALL (c) {
  OPTIONAL MATCH (c)<-[:ISSUES]-(issuer:Stakeholder)
  OPTIONAL MATCH (c)-[:EVIDENCES]->(k:Skill)
  WITH issuer, k ORDER BY k.name, k.id
  WITH issuer, collect(k {.*}) AS skills
  OPTIONAL MATCH (c)-[:PREPARES_FOR]->(o:Occupation)
  WITH issuer, skills, o ORDER BY o.code
  RETURN issuer.ctid AS issuerCtid, skills, collect(o {.*}) AS occupations
}
RETURN collect(c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt),
                  issuerCtid: issuerCtid, skills: skills, occupations: occupations}) AS nodes
