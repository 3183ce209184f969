CREATE (:AuditEvent {id: randomUUID(), recordId: $recordId, recordType: $recordType,
                     action: $action, actorId: $actorId, actorAdmin: $actorAdmin,
                     changes: $changes, note: $note, at: datetime()})
