// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $codes AS code
MATCH (o:Occupation {code: code})
WITH code AS id, o AS node
RETURN collect({id: id, node: node}) AS rows
