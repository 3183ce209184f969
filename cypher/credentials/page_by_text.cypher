// One row holding a list: the driver's cost is per record, not per byte.
// Filtered by full text ($text is a Lucene query built from escaped user words).
CALL db.index.fulltext.queryNodes('credential_text', $text) YIELD node AS c
WHERE ($after IS NULL OR c.name > $after.name OR (c.name = $after.name AND c.id > $after.id))
  AND ($issuerId IS NULL OR c.issuerId = $issuerId)
  AND ($types IS NULL OR c.type IN $types)
  AND (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
  AND ($skillIds IS NULL OR EXISTS { (c)-[:EVIDENCES]->(k:Skill) WHERE k.id IN $skillIds })
WITH c ORDER BY c.name, c.id LIMIT $limit
RETURN collect(c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt)}) AS nodes
