MATCH (k:ApiKey)-[:KEY_OF]->(:Stakeholder {id: $stakeholderId})
WHERE k.revokedAt IS NULL
SET k.revokedAt = datetime()
RETURN count(k) AS n
