// Filtered by full text ($text is a Lucene query built from escaped user words).
CALL db.index.fulltext.queryNodes('credential_text', $text) YIELD node AS c
WHERE ($after IS NULL OR c.name > $after.name OR (c.name = $after.name AND c.id > $after.id))
  AND ($issuerId IS NULL OR c.issuerId = $issuerId)
  AND ($types IS NULL OR c.type IN $types)
  AND ($skillIds IS NULL OR EXISTS { (c)-[:EVIDENCES]->(k:Skill) WHERE k.id IN $skillIds })
RETURN c AS node
ORDER BY c.name, c.id
LIMIT $limit
