// One row holding a list: the driver's cost is per record, not per byte.
// Timestamps come as strings: hydrating driver DateTimes costs more than the query.
UNWIND $ids AS id
MATCH (p:Partnership {id: id})
// Visibility: graph/policy.py (unanswered and declined proposals are the members' business).
WHERE ($seeAll OR ((NOT p.status IN $privateStatuses
              OR EXISTS { (:Stakeholder {id: $viewerId})-[:MEMBER_OF]->(p) })
             AND NOT EXISTS { (m:Stakeholder)-[:MEMBER_OF]->(p) WHERE m.hidden IS NOT NULL }))
WITH id, p {.*, createdAt: toString(p.createdAt), updatedAt: toString(p.updatedAt)} AS node,
       [(m:Stakeholder)-[r:MEMBER_OF]->(p) | {id: m.id, role: r.role}] AS members
RETURN collect({id: id, node: node, members: members}) AS rows
