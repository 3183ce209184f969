// registry.json: verified, visible, non-demo stakeholders with a DID, and when the
// list last changed (any stakeholder with a DID: one that left the list changed it too).
CALL () {
  MATCH (s:Stakeholder {verification: 'VERIFIED'})
  WHERE s.hidden IS NULL AND coalesce(s.demo, false) = false
    AND (s.did IS NOT NULL OR size(coalesce(s.dids, [])) > 0)
  WITH s ORDER BY s.createdAt, s.id
  RETURN collect({id: s.id, name: s.name, url: s.website, location: s.location,
                  dids: [d IN [s.did] + coalesce(s.dids, []) WHERE d IS NOT NULL]}) AS entries,
         toString(min(s.createdAt)) AS created
}
CALL () {
  MATCH (s:Stakeholder) WHERE s.did IS NOT NULL OR s.inDccRegistry = true
  RETURN toString(max(s.updatedAt)) AS updated
}
RETURN entries, created, updated
