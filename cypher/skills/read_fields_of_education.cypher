// One row holding a list: the driver's cost is per record, not per byte.
// The fields of education a skill falls under, in the source's order.
UNWIND $keys AS key
MATCH (:Skill {id: key})-[r:BROADER]->(f:FieldOfEducation)
WITH key, f ORDER BY r.rank, f.id
WITH key, collect(f) AS items
RETURN collect({key: key, items: items}) AS rows
