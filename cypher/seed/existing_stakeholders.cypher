UNWIND $ids AS id
MATCH (s:Stakeholder {id: id})
RETURN s.id AS id
