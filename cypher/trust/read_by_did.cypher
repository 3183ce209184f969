// Every stakeholder holding this DID, hidden or not (graph/trust.py applies the policy:
// a verifier must learn that a suspended issuer is suspended). With each, the audit
// events that set its verification, oldest first: the history `at` is evaluated on.
CALL () {
  MATCH (s:Stakeholder {did: $did}) RETURN s
  UNION
  MATCH (s:Stakeholder) WHERE s.inDccRegistry = true AND $did IN s.dids RETURN s
}
RETURN s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)} AS node,
       coalesce(s.inDccRegistry, false) AND $did IN coalesce(s.dids, []) AS fromRegistry,
       COLLECT {
         MATCH (e:AuditEvent {recordId: s.id})
         WHERE e.recordType = 'Stakeholder'
           AND (e.action STARTS WITH 'VERIFICATION_' OR e.action = 'REGISTERED'
                OR (e.action = 'UPDATED' AND 'verification' IN e.changes))
         WITH e ORDER BY e.at, e.sequence
         RETURN {action: e.action, at: e.at}
       } AS events
