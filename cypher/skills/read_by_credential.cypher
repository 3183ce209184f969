// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (:Credential {id: key})-[:EVIDENCES]->(k:Skill)
WITH key, k ORDER BY k.name, k.id
WITH key, collect(k) AS items
RETURN collect({key: key, items: items}) AS rows
