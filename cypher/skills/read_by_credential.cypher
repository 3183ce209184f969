UNWIND $keys AS key
MATCH (:Credential {id: key})-[:EVIDENCES]->(k:Skill)
WITH key, k ORDER BY k.name, k.id
RETURN key, collect(k) AS items
