UNWIND $keys AS key
MATCH (:Skill {id: key})<-[:BROADER]-(n:Skill)
WITH key, n ORDER BY n.name, n.id
RETURN key, collect(n) AS items
