CREATE (k:ApiKey {id: $id, hash: $hash, prefix: $prefix, admin: $admin, label: $label,
                  createdAt: datetime()})
WITH k
OPTIONAL MATCH (s:Stakeholder {id: $stakeholderId})
CALL (k, s) {
  WITH k, s WHERE s IS NOT NULL
  CREATE (k)-[:KEY_OF]->(s)
}
RETURN k.id AS id
