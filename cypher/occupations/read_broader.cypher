UNWIND $keys AS key
MATCH (:Occupation {id: key})-[:BROADER]->(b:Occupation)
RETURN key, b AS node
