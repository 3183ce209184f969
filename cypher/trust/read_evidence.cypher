// What backs an answer about one stakeholder at $at (null: now): the credentials it
// issues that existed then, those matching $credentialType (a CredentialType value, or
// a standard's id or name) first, and the DCC registry import runs recorded between
// its record's creation and $at (the graph records runs, not which entry each wrote).
MATCH (s:Stakeholder {id: $id})
WITH s, COLLECT {
  MATCH (c:Credential {issuerId: s.id})
  WHERE $at IS NULL OR c.createdAt <= $at
  WITH c, COLLECT { MATCH (c)-[:CONFORMS_TO]->(t:Standard) RETURN t } AS standards
  WITH c, $credentialType IS NOT NULL
          AND (c.type = $credentialType
               OR any(t IN standards WHERE t.id = $credentialType
                                       OR toLower(t.name) = toLower($credentialType)))
          AS matches
  WHERE $credentialType IS NULL OR matches
  WITH c ORDER BY c.name, c.id LIMIT $limit
  RETURN c {.*, createdAt: toString(c.createdAt), updatedAt: toString(c.updatedAt)}
} AS credentials
RETURN credentials,
       $credentialType IS NOT NULL AND EXISTS {
         MATCH (t:Standard)
         WHERE t.id = $credentialType OR toLower(t.name) = toLower($credentialType)
       } AS namesStandard,
       COLLECT {
         MATCH (e:AuditEvent)
         WHERE e.recordId STARTS WITH 'import:dcc-registry:' AND e.recordType = 'Import'
           AND e.at >= s.createdAt AND ($at IS NULL OR e.at <= $at)
         WITH e ORDER BY e.at DESC LIMIT $limit
         RETURN {id: e.recordId, at: e.at, summary: e.note}
       } AS imports
