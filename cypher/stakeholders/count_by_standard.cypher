// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (:Standard {id: key})<-[:SUPPORTS]-(s:Stakeholder)
RETURN key, count(DISTINCT s) AS n
