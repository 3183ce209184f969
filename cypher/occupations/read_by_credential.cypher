UNWIND $keys AS key
MATCH (:Credential {id: key})-[:PREPARES_FOR]->(o:Occupation)
WITH key, o ORDER BY o.code
RETURN key, collect(o) AS items
