UNWIND $keys AS key
MATCH (:Occupation {id: key})<-[:BROADER]-(n:Occupation)
WITH key, n ORDER BY n.code
RETURN key, collect(n) AS items
