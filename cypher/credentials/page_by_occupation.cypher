// One row holding a list: the driver's cost is per record, not per byte.
// Batch: one page per parent id in $keys.
UNWIND $keys AS key
CALL (key) {
  MATCH (c:Credential)-[:PREPARES_FOR]->(:Occupation)-[:BROADER*0..4]->(:Occupation {id: key})
  WITH DISTINCT c
  WHERE (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
    AND ($after IS NULL OR c.name > $after.name OR (c.name = $after.name AND c.id > $after.id))
  WITH c ORDER BY c.name, c.id LIMIT $limit
  RETURN collect(c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt)}) AS items
}
WITH key, items
RETURN collect({key: key, items: items}) AS rows
