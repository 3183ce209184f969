UNWIND $ids AS id
MATCH (t:Standard {id: id})
RETURN id, t AS node
