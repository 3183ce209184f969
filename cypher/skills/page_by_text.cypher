// One row holding a list: the driver's cost is per record, not per byte.
// Filtered by full text ($text is a Lucene query built from escaped user words).
CALL db.index.fulltext.queryNodes('skill_text', $text) YIELD node AS k
WHERE ($after IS NULL OR k.name > $after.name OR (k.name = $after.name AND k.id > $after.id))
  AND ($framework IS NULL OR k.framework = $framework)
WITH k ORDER BY k.name, k.id LIMIT $limit
RETURN collect(k) AS nodes
