MATCH (s:Stakeholder {id: $id})
SET s.verification = $status, s.updatedAt = datetime()
RETURN s AS node
