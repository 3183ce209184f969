// One row holding a list: the driver's cost is per record, not per byte.
// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (c:Credential)-[:PREPARES_FOR]->(:Occupation)-[:BROADER*0..4]->(:Occupation {id: key})
WHERE (c.hidden IS NULL OR $seeAll OR c.issuerId = $viewerId)
WITH key, count(DISTINCT c) AS n
RETURN collect({key: key, n: n}) AS rows
