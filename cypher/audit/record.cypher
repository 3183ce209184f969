// The event and its feed sequence, in the write's own transaction. The stakeholders it
// concerns: the record itself (a stakeholder), a credential's issuer (of a removed one:
// as its ADDED event said), a partnership's members, and the stakeholder who acted.
OPTIONAL MATCH (c:Credential {id: $recordId})
OPTIONAL MATCH (m:Stakeholder)-[:MEMBER_OF]->(:Partnership {id: $recordId})
WITH c, collect(m.id) AS members
WITH (CASE $recordType WHEN 'Stakeholder' THEN [$recordId] ELSE [] END) + [c.issuerId]
     + CASE WHEN $recordType = 'Credential' AND c IS NULL
            THEN COLLECT { MATCH (a:AuditEvent {recordId: $recordId, action: 'ADDED'})
                           UNWIND a.stakeholderIds AS x RETURN x }
            ELSE [] END
     + members + [CASE WHEN $actorAdmin OR $recordType = 'Import' THEN null ELSE $actorId END]
     AS ids
WITH reduce(acc = [], x IN ids | CASE WHEN x IS NULL OR x IN acc THEN acc ELSE acc + x END)
     AS stakeholderIds
// Last, so the lock on the counter is held for as short a time as can be: it is held
// until commit, so transactions commit in sequence order and a rolled-back one leaves
// no gap. Setting _LOCK_ takes the write lock before the value is read (no lost update).
// The counter is made by V0008; made here again only if it is gone (a test's emptied
// graph), as MERGE on every write would make concurrent writers wait on each other. A
// counter made again gets a new epoch: answers remembered under the old one (graph/memo.py)
// are not trusted with the new numbers.
OPTIONAL MATCH (missing:ChangeCounter {id: 'feed'})
WITH stakeholderIds, CASE WHEN missing IS NULL
     THEN coalesce(COLLECT { MATCH (e:AuditEvent) WHERE e.sequence IS NOT NULL
                             RETURN e.sequence ORDER BY e.sequence DESC LIMIT 1 }[0], 0)
     END AS highest
FOREACH (_ IN CASE WHEN highest IS NULL THEN [] ELSE [1] END |
  MERGE (made:ChangeCounter {id: 'feed'})
    ON CREATE SET made.value = highest, made.epoch = randomUUID())
WITH stakeholderIds
MATCH (k:ChangeCounter {id: 'feed'})
SET k._LOCK_ = true
WITH k, stakeholderIds, k.value + 1 AS sequence
SET k.value = sequence
CREATE (:AuditEvent {id: randomUUID(), recordId: $recordId, recordType: $recordType,
                     action: $action, actorId: $actorId, actorAdmin: $actorAdmin,
                     changes: $changes, note: $note, at: datetime(),
                     sequence: sequence, type: $type, private: $private,
                     stakeholderIds: stakeholderIds})
