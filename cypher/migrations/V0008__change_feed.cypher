// The change feed (graph/changes.py): every AuditEvent gets a `sequence`, assigned in its
// own transaction from the one ChangeCounter node, a feed `type`, the stakeholders it
// concerns (`stakeholderIds`, for the feed's visibility and its stakeholder filter) and
// `private` when only those stakeholders and administrators may see it.
CREATE CONSTRAINT change_counter_id IF NOT EXISTS FOR (n:ChangeCounter) REQUIRE n.id IS UNIQUE;
// Unique, so two events can never share a number; its index serves the feed's range reads.
CREATE CONSTRAINT audit_sequence IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.sequence IS UNIQUE;
// Existing events, numbered in the order they happened.
MERGE (k:ChangeCounter {id: 'feed'}) ON CREATE SET k.value = 0
WITH k
OPTIONAL MATCH (e:AuditEvent) WHERE e.sequence IS NULL
WITH k, e ORDER BY e.at, e.id
WITH k, collect(e) AS events
SET k._LOCK_ = true
WITH k, k.value AS base, events
FOREACH (i IN range(0, size(events) - 1) | SET (events[i]).sequence = base + i + 1)
SET k.value = base + size(events);
MATCH (e:AuditEvent) WHERE e.type IS NULL
SET e.type = CASE
    WHEN e.recordType = 'Stakeholder' AND e.action = 'REGISTERED' THEN 'STAKEHOLDER_REGISTERED'
    WHEN e.recordType = 'Stakeholder' AND e.action = 'UPDATED' THEN 'STAKEHOLDER_UPDATED'
    WHEN e.recordType = 'Stakeholder' AND e.action STARTS WITH 'VERIFICATION_' THEN 'VERIFICATION_CHANGED'
    WHEN e.recordType = 'Stakeholder' AND e.action = 'DOMAIN_VERIFIED' THEN 'DOMAIN_VERIFIED'
    WHEN e.recordType = 'Stakeholder' AND e.action = 'DOMAIN_VERIFICATION_REQUESTED' THEN 'DOMAIN_VERIFICATION_REQUESTED'
    WHEN e.recordType = 'Stakeholder' AND e.action STARTS WITH 'KEY' THEN 'API_KEYS_CHANGED'
    WHEN e.recordType = 'Credential' THEN 'CREDENTIAL_' + e.action
    WHEN e.recordType = 'Partnership' AND e.action = 'ACCEPTED' THEN 'PARTNERSHIP_ACTIVATED'
    WHEN e.recordType = 'Partnership' THEN 'PARTNERSHIP_' + e.action
    WHEN e.recordType = 'Skill' THEN 'SKILL_' + e.action
    ELSE 'OTHER' END,
    e.private = CASE WHEN e.action STARTS WITH 'KEY' OR e.action = 'DOMAIN_VERIFICATION_REQUESTED'
                     THEN true ELSE null END;
MATCH (e:AuditEvent) WHERE e.stakeholderIds IS NULL
OPTIONAL MATCH (c:Credential {id: e.recordId})
OPTIONAL MATCH (m:Stakeholder)-[:MEMBER_OF]->(:Partnership {id: e.recordId})
WITH e, c, collect(m.id) AS members
WITH e, (CASE e.recordType WHEN 'Stakeholder' THEN [e.recordId] ELSE [] END) + [c.issuerId]
        + members + [CASE WHEN e.actorAdmin THEN null ELSE e.actorId END] AS ids
SET e.stakeholderIds = reduce(acc = [], x IN ids |
                              CASE WHEN x IS NULL OR x IN acc THEN acc ELSE acc + x END);
