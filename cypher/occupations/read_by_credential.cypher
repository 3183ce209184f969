// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (:Credential {id: key})-[:PREPARES_FOR]->(o:Occupation)
WITH key, o ORDER BY o.code
WITH key, collect(o) AS items
RETURN collect({key: key, items: items}) AS rows
