// Which record holds a CTID (stakeholders and credentials share one CTID space),
// whoever may see it: a write checks a CTID it is about to store.
CALL {
  MATCH (s:Stakeholder {ctid: $ctid}) RETURN s.id AS id
  UNION
  MATCH (c:Credential {ctid: $ctid}) RETURN c.id AS id
}
RETURN collect(id) AS ids
