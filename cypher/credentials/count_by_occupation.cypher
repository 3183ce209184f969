// Batch: the total per parent id in $keys.
UNWIND $keys AS key
MATCH (c:Credential)-[:PREPARES_FOR]->(:Occupation)-[:BROADER*0..4]->(:Occupation {id: key})
RETURN key, count(DISTINCT c) AS n
