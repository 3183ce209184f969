// Idempotent: accepting twice keeps one relationship; `created` says if it is new.
MATCH (s:Stakeholder {id: $stakeholderId}), (c:Credential {id: $credentialId})
OPTIONAL MATCH (s)-[existing:ACCEPTS]->(c)
MERGE (s)-[r:ACCEPTS]->(c)
ON CREATE SET r.createdAt = datetime(), r.demo = false
RETURN c AS node, existing IS NULL AS created
