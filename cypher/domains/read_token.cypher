MATCH (s:Stakeholder {id: $id})
RETURN s.domainToken AS token
