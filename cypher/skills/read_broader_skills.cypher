// One row holding a list: the driver's cost is per record, not per byte.
// Every broader skill, in the source's order (`rank`; equal ranks by id).
UNWIND $keys AS key
MATCH (:Skill {id: key})-[r:BROADER]->(b:Skill)
WITH key, b ORDER BY r.rank, b.id
WITH key, collect(b) AS items
RETURN collect({key: key, items: items}) AS rows
