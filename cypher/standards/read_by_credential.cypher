UNWIND $keys AS key
MATCH (:Credential {id: key})-[:CONFORMS_TO]->(t:Standard)
WITH key, t ORDER BY t.name, t.id
RETURN key, collect(t) AS items
