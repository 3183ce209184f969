// Idempotent: accepting twice keeps one relationship; `created` says if it is new.
// A credential hidden with its issuer (graph/policy.py) is not there to accept.
MATCH (s:Stakeholder {id: $stakeholderId}), (c:Credential {id: $credentialId})
WHERE c.hidden IS NULL
OPTIONAL MATCH (s)-[existing:ACCEPTS]->(c)
MERGE (s)-[r:ACCEPTS]->(c)
ON CREATE SET r.createdAt = datetime(), r.demo = false
RETURN c AS node, existing IS NULL AS created
