// The other members of each stakeholder's ACTIVE partnerships.
UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:MEMBER_OF]->(p:Partnership {status: 'ACTIVE'})<-[:MEMBER_OF]-(o:Stakeholder)
WHERE o.id <> key
WITH key, o ORDER BY o.name, o.id
RETURN key, collect(DISTINCT o) AS items
