// One row holding a list: the driver's cost is per record, not per byte.
// Timestamps come as strings: hydrating driver DateTimes costs more than the query.
UNWIND $ids AS id
MATCH (p:Partnership {id: id})
WITH id, p {.*, createdAt: toString(p.createdAt), updatedAt: toString(p.updatedAt)} AS node,
       [(m:Stakeholder)-[r:MEMBER_OF]->(p) | {id: m.id, role: r.role}] AS members
RETURN collect({id: id, node: node, members: members}) AS rows
