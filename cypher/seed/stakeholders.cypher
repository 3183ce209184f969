// Groups and roles are unions, so what the DCC registry import added stays.
UNWIND $rows AS row
MERGE (s:Stakeholder {id: row.id})
SET s.slug = row.slug, s.name = row.name, s.website = row.website, s.domain = row.domain,
    s.location = row.location, s.description = row.description, s.stages = row.stages,
    s.ctid = coalesce(s.ctid, 'ce-' + randomUUID()),  // minted once, kept on a re-seed
    s.demo = row.demo, s.source = coalesce(s.source, 'seed'),
    s.verification = coalesce(s.verification, 'VERIFIED'),
    s.groups = reduce(acc = row.groups, g IN coalesce(s.groups, []) |
                      CASE WHEN g IN acc THEN acc ELSE acc + g END),
    s.roles = reduce(acc = row.roles, r IN coalesce(s.roles, []) |
                     CASE WHEN r IN acc THEN acc ELSE acc + r END),
    s.createdAt = coalesce(s.createdAt, datetime()), s.updatedAt = coalesce(s.updatedAt, datetime())
WITH s, row
CALL (s) {
  UNWIND s.groups AS key
  MATCH (g:StakeholderGroup {id: key})
  MERGE (s)-[:IN_GROUP]->(g)
}
CALL (s, row) {
  UNWIND row.standards AS std
  MATCH (t:Standard {id: std})
  MERGE (s)-[:SUPPORTS]->(t)
}
