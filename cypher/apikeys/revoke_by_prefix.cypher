// One live key by its prefix: the caller's own stakeholder's, or any for an administrator.
MATCH (k:ApiKey {prefix: $prefix})
WHERE k.revokedAt IS NULL
  AND ($admin OR EXISTS { (k)-[:KEY_OF]->(:Stakeholder {id: $stakeholderId}) })
SET k.revokedAt = datetime()
RETURN k.id AS id, [(k)-[:KEY_OF]->(s:Stakeholder) | s.id][0] AS stakeholderId
