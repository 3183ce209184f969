// One row holding a list: the driver's cost is per record, not per byte.
// Filtered by full text ($text is a Lucene query built from escaped user words).
CALL db.index.fulltext.queryNodes('stakeholder_text', $text) YIELD node AS s
WHERE ($after IS NULL OR s.name > $after.name OR (s.name = $after.name AND s.id > $after.id))
  AND ($visibleByStatus OR s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
  AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))
  AND ($verification IS NULL OR s.verification IN $verification)
  AND ($groups IS NULL OR any(g IN s.groups WHERE g IN $groups))
  AND ($standardIds IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t:Standard) WHERE t.id IN $standardIds })
WITH s ORDER BY s.name, s.id LIMIT $limit
RETURN collect(s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)}) AS nodes
