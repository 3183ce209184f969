// One row holding a list: the driver's cost is per record, not per byte.
// A page of credentials in (name, id) order; the name index gives the order and the seek.
MATCH (c:Credential)
WHERE c.name >= coalesce($after.name, '')
  AND (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
  AND ($after IS NULL OR c.name > $after.name OR c.id > $after.id)
  AND ($issuerId IS NULL OR c.issuerId = $issuerId)
  AND ($types IS NULL OR c.type IN $types)
  AND ($skillIds IS NULL OR EXISTS { (c)-[:EVIDENCES]->(k:Skill) WHERE k.id IN $skillIds })
WITH c ORDER BY c.name, c.id LIMIT $limit
RETURN collect(c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt)}) AS nodes
