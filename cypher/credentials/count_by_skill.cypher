// One row holding a list: the driver's cost is per record, not per byte.
// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:Skill {id: key})<-[:EVIDENCES]-(c:Credential)
WHERE (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
WITH key, count(DISTINCT c) AS n
RETURN collect({key: key, n: n}) AS rows
