// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $ids AS id
MATCH (k:Skill {id: id})
WITH id, k AS node
RETURN collect({id: id, node: node}) AS rows
