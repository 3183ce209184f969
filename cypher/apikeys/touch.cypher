MATCH (k:ApiKey {id: $id})
SET k.lastUsedAt = datetime()
