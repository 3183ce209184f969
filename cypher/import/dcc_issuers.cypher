// A registry issuer merges with a stakeholder of the same website domain
// (e.g. one the demo seed made); it adds its DIDs, group and role.
// A new record whose slug is taken (names need not be unique) gets a suffix.
UNWIND $rows AS row
OPTIONAL MATCH (taken:Stakeholder {slug: row.slug})
WITH row, taken IS NOT NULL AND taken.id <> row.id AS clash
MERGE (s:Stakeholder {id: row.id})
ON CREATE SET s.slug = CASE WHEN clash THEN row.slug + '-' + left(row.id, 8) ELSE row.slug END,
              s.name = row.name, s.website = row.website,
              s.domain = row.domain, s.location = row.location, s.verification = 'VERIFIED',
              s.groups = [], s.roles = [], s.stages = ['ISSUING'], s.demo = false,
              s.source = 'dcc-registry', s.createdAt = datetime(), s.updatedAt = datetime()
SET s.did = coalesce(s.did, row.dids[0]),
    s.ctid = coalesce(s.ctid, 'ce-' + randomUUID()),
    s.dids = reduce(acc = coalesce(s.dids, []), d IN row.dids |
                    CASE WHEN d IN acc THEN acc ELSE acc + d END),
    s.groups = CASE WHEN 'CREDENTIALING_ORGANIZATIONS' IN s.groups THEN s.groups
                    ELSE s.groups + 'CREDENTIALING_ORGANIZATIONS' END,
    s.roles = CASE WHEN 'ISSUER' IN s.roles THEN s.roles ELSE s.roles + 'ISSUER' END,
    s.location = coalesce(s.location, row.location),
    s.inDccRegistry = true
WITH s
MATCH (g:StakeholderGroup {id: 'CREDENTIALING_ORGANIZATIONS'})
MERGE (s)-[:IN_GROUP]->(g)
