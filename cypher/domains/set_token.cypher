MATCH (s:Stakeholder {id: $id})
SET s.domainToken = $token
