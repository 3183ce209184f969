// The next `$scan` events after `$after` in sequence order (the sequence index), each
// with `show`: visible to this reader (graph/policy.py's rules, applied to the event's
// record as it is now) and matching the filters; only those carry the event itself.
// `settled`: old enough that a transaction still holding an earlier number has ended.
MATCH (e:AuditEvent) WHERE e.sequence > $after
WITH e ORDER BY e.sequence LIMIT $scan
WITH e, coalesce($seeAll OR $viewerId IN e.stakeholderIds OR (
          e.private IS NULL
          AND NOT EXISTS { MATCH (s:Stakeholder) WHERE s.id IN e.stakeholderIds
                                                 AND s.hidden IS NOT NULL }
          AND NOT EXISTS { MATCH (p:Partnership {id: e.recordId})
                           WHERE p.status IN $privateStatuses }
          AND NOT EXISTS { MATCH (c:Credential {id: e.recordId}) WHERE c.hidden IS NOT NULL }),
        false)
     AND ($types IS NULL OR e.type IN $types)
     AND ($stakeholderId IS NULL OR $stakeholderId IN e.stakeholderIds) AS show
RETURN collect({sequence: e.sequence, settled: e.at < datetime() - duration({seconds: $settleS}),
                node: CASE WHEN show THEN e ELSE null END}) AS rows
