// A page of stakeholders in (name, id) order; the name index gives the order and the seek.
MATCH (s:Stakeholder)
WHERE s.name >= coalesce($after.name, '')
  AND ($after IS NULL OR s.name > $after.name OR s.id > $after.id)
  AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))
  AND ($verification IS NULL OR s.verification IN $verification)
  AND ($groups IS NULL OR any(g IN s.groups WHERE g IN $groups))
  AND ($standardIds IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t:Standard) WHERE t.id IN $standardIds })
RETURN s AS node
ORDER BY s.name, s.id
LIMIT $limit
