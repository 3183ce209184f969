// One row holding a list: the driver's cost is per record, not per byte.
// Batch: one page per issuer id in $keys. The composite index (issuerId, name)
// gives the rows in name order, so a page costs the same for an issuer of 20
// credentials and one of 20,000 (ordering by issuerId first lets the planner use it).
UNWIND $keys AS key
CALL (key) {
  MATCH (c:Credential)
  WHERE c.issuerId = key AND c.name >= coalesce($after.name, '')
    AND (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
    AND ($after IS NULL OR c.name > $after.name OR c.id > $after.id)
  WITH c ORDER BY c.issuerId, c.name, c.id LIMIT $limit
  RETURN collect(c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt)}) AS items
}
WITH key, items
RETURN collect({key: key, items: items}) AS rows
