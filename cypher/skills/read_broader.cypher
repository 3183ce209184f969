// One row holding a list: the driver's cost is per record, not per byte.
// The first broader skill in the source's order (lowest `rank`; fields of
// education have their own field).
UNWIND $keys AS key
MATCH (:Skill {id: key})-[r:BROADER]->(b:Skill)
WITH key, b ORDER BY r.rank, b.id
WITH key, head(collect(b)) AS node
RETURN collect({key: key, node: node}) AS rows
