// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:Stakeholder {id: key})-[:ACCEPTS]->(c:Credential)
RETURN key, count(DISTINCT c) AS n
