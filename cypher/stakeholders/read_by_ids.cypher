UNWIND $ids AS id
MATCH (s:Stakeholder {id: id})
RETURN id, s AS node
