// Everything a map view draws: stakeholders and groups as nodes; group
// membership, ACTIVE partnerships and credential flows (issuer -> acceptor) as edges.
// With $groups, only those groups and their stakeholders; with $edgeKinds, only those
// kinds of edge (the others are not read at all).
MATCH (g:StakeholderGroup)
WHERE $groups IS NULL OR g.id IN $groups
WITH collect(g) AS groups
CALL (groups) {
  UNWIND groups AS g
  MATCH (g)<-[:IN_GROUP]-(s:Stakeholder)
  WHERE s.hidden IS NULL OR $seeAll OR s.id = $viewerId
  RETURN collect(DISTINCT s) AS people
}
WITH groups, people, [s IN people | s.id] AS ids
CALL (groups, people) {
  UNWIND CASE WHEN $edgeKinds IS NULL OR 'IN_GROUP' IN $edgeKinds THEN people ELSE [] END AS s
  MATCH (s)-[:IN_GROUP]->(g)
  WHERE g IN groups
  RETURN collect({source: s.id, target: g.id, kind: 'IN_GROUP'}) AS membership
}
CALL (people, ids) {
  UNWIND CASE WHEN $edgeKinds IS NULL OR 'PARTNERSHIP' IN $edgeKinds THEN people ELSE [] END AS s
  MATCH (s)-[:MEMBER_OF]->(p:Partnership {status: 'ACTIVE'})<-[:MEMBER_OF]-(o:Stakeholder)
  WHERE s.id < o.id AND o.id IN ids
  RETURN collect(DISTINCT {source: s.id, target: o.id, kind: 'PARTNERSHIP'}) AS partnerships
}
CALL (people, ids) {
  UNWIND CASE WHEN $edgeKinds IS NULL OR 'CREDENTIAL_ACCEPTED' IN $edgeKinds THEN people
         ELSE [] END AS s
  MATCH (s)-[:ISSUES]->(:Credential)<-[:ACCEPTS]-(o:Stakeholder)
  WHERE o.id IN ids AND o.id <> s.id
  RETURN collect(DISTINCT {source: s.id, target: o.id, kind: 'CREDENTIAL_ACCEPTED'}) AS flows
}
// The standards each stakeholder supports, for the map's filters.
CALL (people) {
  UNWIND people AS s
  OPTIONAL MATCH (s)-[:SUPPORTS]->(t:Standard)
  WITH s, collect(t.id) AS standardIds
  RETURN collect({id: s.id, label: s.name, kind: 'STAKEHOLDER', groups: s.groups,
                  roles: coalesce(s.roles, []), stages: coalesce(s.stages, []),
                  standardIds: standardIds}) AS stakeholders
}
RETURN [g IN groups | {id: g.id, label: g.name, kind: 'GROUP', groups: [g.id]}]
       + stakeholders AS nodes,
       membership + partnerships + flows AS edges
