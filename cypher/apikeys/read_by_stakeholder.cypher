// The live keys of each stakeholder, newest first (prefixes, never hashes).
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (k:ApiKey)-[:KEY_OF]->(:Stakeholder {id: key})
  WHERE k.revokedAt IS NULL
  WITH k ORDER BY k.createdAt DESC
  RETURN collect(k {.prefix, .label, createdAt: toString(k.createdAt),
                    lastUsedAt: toString(k.lastUsedAt)}) AS items
}
RETURN collect({key: key, items: items}) AS rows
