UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:SUPPORTS]->(t:Standard)
WITH key, t ORDER BY t.name, t.id
RETURN key, collect(t) AS items
