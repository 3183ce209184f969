// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (:Occupation {id: key})-[:BROADER]->(b:Occupation)
WITH key, b AS node
RETURN collect({key: key, node: node}) AS rows
