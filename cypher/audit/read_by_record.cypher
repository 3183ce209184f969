// One row holding a list: the driver's cost is per record, not per byte.
UNWIND $keys AS key
MATCH (e:AuditEvent {recordId: key})
WITH key, e ORDER BY e.at, e.id
WITH key, collect(e) AS items
RETURN collect({key: key, items: items}) AS rows
