UNWIND $ids AS id
MATCH (p:Partnership {id: id})
RETURN id, p AS node,
       [(m:Stakeholder)-[r:MEMBER_OF]->(p) | {id: m.id, role: r.role}] AS members
