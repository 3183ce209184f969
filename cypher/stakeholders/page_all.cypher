// One row holding a list: the driver's cost is per record, not per byte.
// A page of stakeholders in (name, id) order; the name index gives the order and the seek.
MATCH (s:Stakeholder)
WHERE s.name >= coalesce($after.name, '')
  AND ($visibleByStatus OR s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
  AND ($after IS NULL OR s.name > $after.name OR s.id > $after.id)
  AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))
  AND ($verification IS NULL OR s.verification IN $verification)
  AND ($groups IS NULL OR any(g IN s.groups WHERE g IN $groups))
  AND ($standardIds IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t:Standard) WHERE t.id IN $standardIds })
WITH s ORDER BY s.name, s.id LIMIT $limit
RETURN collect(s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)}) AS nodes
