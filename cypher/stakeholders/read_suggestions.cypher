// One row holding a list: the driver's cost is per record, not per byte.
// Batch: partner suggestions per stakeholder in $keys, scored from the graph.
// Signals: the candidate accepts credentials the stakeholder issues (3 each)
// or issues credentials it accepts (3 each); skills both touch through
// credentials (1 each); standards both support (1 each); complementary roles
// ($pairs, 2 each). Never the stakeholder itself or a current ACTIVE partner.
UNWIND $keys AS key
MATCH (s:Stakeholder {id: key})
CALL (s) {
  MATCH (s)-[:ISSUES]->(c:Credential)<-[:ACCEPTS]-(t:Stakeholder)
  RETURN t, 'ACCEPTS_YOURS' AS kind, count(DISTINCT c) AS n, [] AS names
  UNION ALL
  MATCH (s)-[:ACCEPTS]->(c:Credential)<-[:ISSUES]-(t:Stakeholder)
  RETURN t, 'ISSUES_WHAT_YOU_ACCEPT' AS kind, count(DISTINCT c) AS n, [] AS names
  UNION ALL
  MATCH (s)-[:ISSUES|ACCEPTS]->(:Credential)-[:EVIDENCES]->(k:Skill)
        <-[:EVIDENCES]-(:Credential)<-[:ISSUES|ACCEPTS]-(t:Stakeholder)
  RETURN t, 'SKILLS' AS kind, count(DISTINCT k) AS n, [] AS names
  UNION ALL
  MATCH (s)-[:SUPPORTS]->(std:Standard)<-[:SUPPORTS]-(t:Stakeholder)
  WITH t, std ORDER BY std.name
  RETURN t, 'STANDARDS' AS kind, count(std) AS n,
         collect(std.name + coalesce(' ' + std.version, '')) AS names
}
WITH s, t, kind, n, names
WHERE t <> s
  AND NOT EXISTS { (s)-[:MEMBER_OF]->(:Partnership {status: 'ACTIVE'})<-[:MEMBER_OF]-(t) }
WITH s, t, collect({kind: kind, n: n, names: names}) AS signals,
     sum(CASE kind WHEN 'ACCEPTS_YOURS' THEN 3 * n WHEN 'ISSUES_WHAT_YOU_ACCEPT' THEN 3 * n
                   ELSE n END) AS base
WITH s, t, signals, base,
     [p IN $pairs WHERE (p[0] IN s.roles AND p[1] IN t.roles)
                     OR (p[1] IN s.roles AND p[0] IN t.roles)] AS roles
WITH s, t, signals, roles, base + 2 * size(roles) AS score
ORDER BY score DESC, t.name, t.id
// Keep the best $first, then project only those (projecting every candidate cost most).
WITH s, collect({node: t, score: score, signals: signals, roles: roles})[..$first] AS top
CALL (top) {
  UNWIND top AS i
  WITH i, i.node AS n
  RETURN collect({node: n {.*, createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)},
                  score: i.score, signals: i.signals, roles: i.roles}) AS items
}
WITH s.id AS key, items
RETURN collect({key: key, items: items}) AS rows
