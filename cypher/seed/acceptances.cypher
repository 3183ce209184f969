UNWIND $rows AS row
MATCH (s:Stakeholder {id: row.stakeholderId}), (c:Credential {id: row.credentialId})
MERGE (s)-[r:ACCEPTS]->(c)
SET r.demo = true, r.createdAt = coalesce(r.createdAt, datetime())
