// The caller behind a key hash; revoked keys find nothing. `stale` asks the
// caller to record this use (lastUsedAt is kept to the quarter hour).
MATCH (k:ApiKey {hash: $hash})
WHERE k.revokedAt IS NULL
OPTIONAL MATCH (k)-[:KEY_OF]->(s:Stakeholder)
RETURN k.id AS keyId, k.admin AS admin, s.id AS stakeholderId, s.verification AS verification,
       k.lastUsedAt IS NULL OR k.lastUsedAt < datetime() - duration({minutes: 15}) AS stale
