UNWIND $rows AS row
MATCH (issuer:Stakeholder {id: row.issuerId})
MERGE (c:Credential {id: row.id})
SET c.name = row.name, c.type = row.type, c.url = row.url, c.description = row.description,
    c.ctid = coalesce(c.ctid, 'ce-' + randomUUID()),  // minted once, kept on a re-seed
    c.issuerId = row.issuerId, c.hidden = issuer.hidden,  // hidden with a hidden issuer
    c.demo = row.demo, c.createdAt = coalesce(c.createdAt, datetime()),
    c.updatedAt = coalesce(c.updatedAt, datetime())
MERGE (issuer)-[:ISSUES]->(c)
WITH c, row
CALL (c, row) {
  UNWIND row.skills AS skillId
  MATCH (k:Skill {id: skillId})
  MERGE (c)-[:EVIDENCES]->(k)
}
CALL (c, row) {
  UNWIND row.standards AS std
  MATCH (t:Standard {id: std})
  MERGE (c)-[:CONFORMS_TO]->(t)
}
CALL (c, row) {
  // Occupations exist only once the O*NET import ran; missing ones are skipped.
  UNWIND row.occupations AS occ
  MATCH (o:Occupation {id: occ})
  MERGE (c)-[:PREPARES_FOR]->(o)
}
