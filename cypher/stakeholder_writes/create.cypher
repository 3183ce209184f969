// CREATE, not MERGE: the constraints on id (derived from the website's host),
// domain and slug refuse a second registration of the same organization.
// Its CTID (Credential Engine's identifier, graph/formats/ctdl.py) is minted here, once.
CREATE (s:Stakeholder {id: $id, slug: $slug, name: $name, website: $website, domain: $domain,
                       groups: $groups, roles: $roles, stages: $stages,
                       description: $description, location: $location, did: $did,
                       contactEmail: $contactEmail, verification: 'PENDING', demo: false,
                       ctid: 'ce-' + randomUUID(),
                       source: 'registration', createdAt: datetime(), updatedAt: datetime()})
WITH s
CALL (s) {
  UNWIND s.groups AS key
  MATCH (g:StakeholderGroup {id: key})
  CREATE (s)-[:IN_GROUP]->(g)
}
CALL (s) {
  UNWIND $standardIds AS std
  MATCH (t:Standard {id: std})
  CREATE (s)-[:SUPPORTS]->(t)
}
RETURN s AS node
