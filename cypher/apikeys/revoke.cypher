MATCH (k:ApiKey {id: $id})
WHERE k.revokedAt IS NULL
SET k.revokedAt = datetime()
RETURN k.id AS id
