// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (:Occupation {id: key})<-[:BROADER]-(n:Occupation)
WITH key, n ORDER BY n.code
WITH key, collect(n) AS items
RETURN collect({key: key, items: items}) AS rows
