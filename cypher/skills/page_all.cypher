// One row holding a list: the driver's cost is per record, not per byte.
// A page of skills in (name, id) order; the name index gives the order and the seek.
MATCH (k:Skill)
WHERE k.name >= coalesce($after.name, '')
  AND ($after IS NULL OR k.name > $after.name OR k.id > $after.id)
  AND ($framework IS NULL OR k.framework = $framework)
WITH k ORDER BY k.name, k.id LIMIT $limit
RETURN collect(k) AS nodes
