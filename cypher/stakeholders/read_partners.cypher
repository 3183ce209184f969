// One row holding a list: the driver's cost is per record, not per byte.
// The other members of each stakeholder's ACTIVE partnerships.
UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:MEMBER_OF]->(p:Partnership {status: 'ACTIVE'})<-[:MEMBER_OF]-(o:Stakeholder)
WHERE o.id <> key AND (o.hidden IS NULL OR $seeAll OR o.id = $viewerId)
WITH key, o ORDER BY o.name, o.id
WITH key, collect(DISTINCT o {.*, createdAt: toString(o.createdAt), updatedAt: toString(o.updatedAt)}) AS items
RETURN collect({key: key, items: items}) AS rows
