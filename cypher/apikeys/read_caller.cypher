// The caller behind a key hash; revoked keys find nothing.
MATCH (k:ApiKey {hash: $hash})
WHERE k.revokedAt IS NULL
OPTIONAL MATCH (k)-[:KEY_OF]->(s:Stakeholder)
RETURN k.id AS keyId, k.admin AS admin, s.id AS stakeholderId
