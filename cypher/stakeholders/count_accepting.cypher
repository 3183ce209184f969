// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:Credential {id: key})<-[:ACCEPTS]-(s:Stakeholder)
RETURN key, count(DISTINCT s) AS n
