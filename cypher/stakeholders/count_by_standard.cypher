// One row holding a list: the driver's cost is per record, not per byte.
// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:Standard {id: key})<-[:SUPPORTS]-(s:Stakeholder)
WHERE (s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
WITH key, count(DISTINCT s) AS n
RETURN collect({key: key, n: n}) AS rows
