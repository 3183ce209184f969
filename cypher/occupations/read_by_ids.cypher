// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $ids AS id
MATCH (o:Occupation {id: id})
WITH id, o AS node
RETURN collect({id: id, node: node}) AS rows
