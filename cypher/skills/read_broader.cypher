// One row holding a list: the driver's cost is per record, not per byte.
// The broader concept of lowest rank (ESCO lists the pillar's group first or second).
UNWIND $keys AS key
MATCH (:Skill {id: key})-[r:BROADER]->(b:Skill)
WITH key, b ORDER BY r.rank, b.id
WITH key, head(collect(b)) AS node
RETURN collect({key: key, node: node}) AS rows
