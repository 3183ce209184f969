// A CTID the issuer already has for it (from the Credential Registry) is kept; else one is minted.
MATCH (issuer:Stakeholder {id: $issuerId})
CREATE (c:Credential {id: $id, name: $name, type: $type, description: $description, url: $url,
                      ctid: coalesce($ctid, 'ce-' + randomUUID()), issuerId: $issuerId, demo: false, hidden: issuer.hidden,
                      createdAt: datetime(), updatedAt: datetime()})
CREATE (issuer)-[:ISSUES]->(c)
WITH c
CALL (c) {
  UNWIND $skillIds AS skillId
  MATCH (k:Skill {id: skillId})
  CREATE (c)-[:EVIDENCES]->(k)
}
CALL (c) {
  UNWIND $standardIds AS std
  MATCH (t:Standard {id: std})
  CREATE (c)-[:CONFORMS_TO]->(t)
}
RETURN c AS node
