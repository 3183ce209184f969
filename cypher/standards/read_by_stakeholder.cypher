// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:SUPPORTS]->(t:Standard)
WITH key, t ORDER BY t.name, t.id
WITH key, collect(t) AS items
RETURN collect({key: key, items: items}) AS rows
