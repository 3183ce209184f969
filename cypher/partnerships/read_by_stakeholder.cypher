UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:MEMBER_OF]->(p:Partnership)
WHERE $status IS NULL OR p.status = $status
WITH key, p ORDER BY p.createdAt, p.id
RETURN key, collect({node: p,
                     members: [(m:Stakeholder)-[r:MEMBER_OF]->(p) | {id: m.id, role: r.role}]}) AS items
