// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $ids AS id
MATCH (t:Standard {id: id})
WITH id, t AS node
RETURN collect({id: id, node: node}) AS rows
