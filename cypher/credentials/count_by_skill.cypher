// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:Skill {id: key})<-[:EVIDENCES]-(c:Credential)
RETURN key, count(DISTINCT c) AS n
