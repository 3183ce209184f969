// `hidden` goes with the status (graph/policy.py), on the record and its credentials.
MATCH (s:Stakeholder {id: $id})
SET s.verification = $status, s.hidden = $hidden, s.updatedAt = datetime()
WITH s
CALL (s) {
  MATCH (c:Credential {issuerId: s.id})
  SET c.hidden = $hidden
}
RETURN s AS node
