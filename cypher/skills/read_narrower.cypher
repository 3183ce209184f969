// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (:Skill {id: key})<-[:BROADER]-(n:Skill)
WITH key, n ORDER BY n.name, n.id
WITH key, collect(n) AS items
RETURN collect({key: key, items: items}) AS rows
