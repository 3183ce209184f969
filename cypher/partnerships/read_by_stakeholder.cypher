// One row holding a list: the driver's cost is per record, not per byte.
// Timestamps come as strings: hydrating driver DateTimes costs more than the query.
UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:MEMBER_OF]->(p:Partnership)
WHERE ($status IS NULL OR p.status = $status)
  AND ($seeAll OR ((NOT p.status IN $privateStatuses
                OR EXISTS { (:Stakeholder {id: $viewerId})-[:MEMBER_OF]->(p) })
               AND NOT EXISTS { (m:Stakeholder)-[:MEMBER_OF]->(p) WHERE m.hidden IS NOT NULL }))
WITH key, p ORDER BY p.createdAt, p.id
WITH key, collect({node: p {.*, createdAt: toString(p.createdAt), updatedAt: toString(p.updatedAt)},
                     members: [(m:Stakeholder)-[r:MEMBER_OF]->(p) | {id: m.id, role: r.role}]}) AS items
RETURN collect({key: key, items: items}) AS rows
