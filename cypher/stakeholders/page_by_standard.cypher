// One row holding a list: the driver's cost is per record, not per byte.
// Batch: one page per parent id in $keys.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Standard {id: key})<-[:SUPPORTS]-(s:Stakeholder)
  WITH DISTINCT s
  WHERE (s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
    AND ($after IS NULL OR s.name > $after.name OR (s.name = $after.name AND s.id > $after.id))
  WITH s ORDER BY s.name, s.id LIMIT $limit
  RETURN collect(s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)}) AS items
}
WITH key, items
RETURN collect({key: key, items: items}) AS rows
