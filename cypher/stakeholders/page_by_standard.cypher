// Batch: one page per parent id in $keys.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Standard {id: key})<-[:SUPPORTS]-(s:Stakeholder)
  WITH DISTINCT s
  WHERE ($after IS NULL OR s.name > $after.name OR (s.name = $after.name AND s.id > $after.id))
  WITH s ORDER BY s.name, s.id LIMIT $limit
  RETURN collect(s) AS items
}
RETURN key, items
