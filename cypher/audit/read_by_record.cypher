UNWIND $keys AS key
MATCH (e:AuditEvent {recordId: key})
WITH key, e ORDER BY e.at, e.id
RETURN key, collect(e) AS items
