// One row holding a list: the driver's cost is per record, not per byte.
// Batch: partner suggestions per stakeholder in $keys, scored from the graph.
// Points: the candidate accepts credentials the stakeholder issues (3 each) or
// issues credentials it accepts (3 each); skills both touch through credentials
// (1 per path); standards both support (1 each); complementary roles ($pairs,
// 2 each). Never the stakeholder itself or a current ACTIVE partner.
// Two phases: score every candidate with sums only, keep the best $first, and
// only for those gather the signals that become reasons.
UNWIND $keys AS key
MATCH (s:Stakeholder {id: key})
CALL (s) {
  CALL (s) {
    MATCH (s)-[:ISSUES]->(c:Credential)<-[:ACCEPTS]-(t:Stakeholder)
    RETURN t, 3 * count(DISTINCT c) AS points
    UNION ALL
    MATCH (s)-[:ACCEPTS]->(c:Credential)<-[:ISSUES]-(t:Stakeholder)
    RETURN t, 3 * count(DISTINCT c) AS points
    UNION ALL
    MATCH (s)-[:ISSUES|ACCEPTS]->(:Credential)-[:EVIDENCES]->(k:Skill)
          <-[:EVIDENCES]-(:Credential)<-[:ISSUES|ACCEPTS]-(t:Stakeholder)
    RETURN t, count(DISTINCT k) AS points
    UNION ALL
    MATCH (s)-[:SUPPORTS]->(std:Standard)<-[:SUPPORTS]-(t:Stakeholder)
    RETURN t, count(std) AS points
  }
  WITH t, sum(points) AS base
  WHERE t <> s AND (t.hidden IS NULL OR $seeAll OR t.id = $viewerId)
    AND NOT EXISTS { (s)-[:MEMBER_OF]->(:Partnership {status: 'ACTIVE'})<-[:MEMBER_OF]-(t) }
  WITH t, base, [p IN $pairs WHERE (p[0] IN s.roles AND p[1] IN t.roles)
                                OR (p[1] IN s.roles AND p[0] IN t.roles)] AS roles
  WITH t, roles, base + 2 * size(roles) AS score
  ORDER BY score DESC, t.name, t.id
  LIMIT $first
  RETURN collect({t: t, score: score, roles: roles}) AS top
}
CALL (s, top) {
  UNWIND top AS i
  WITH i, i.t AS t
  WITH i, t,
       COUNT { (s)-[:ISSUES]->(:Credential)<-[:ACCEPTS]-(t) } AS acceptsYours,
       COUNT { (s)-[:ACCEPTS]->(:Credential)<-[:ISSUES]-(t) } AS issuesWhatYouAccept,
       size(COLLECT { MATCH (s)-[:ISSUES|ACCEPTS]->(:Credential)-[:EVIDENCES]->(k:Skill)
                            <-[:EVIDENCES]-(:Credential)<-[:ISSUES|ACCEPTS]-(t)
                      RETURN DISTINCT k }) AS skills,
       COLLECT { MATCH (s)-[:SUPPORTS]->(std:Standard)<-[:SUPPORTS]-(t)
                 RETURN std.name + coalesce(' ' + std.version, '') AS name ORDER BY name } AS standards
  RETURN collect({
    node: t {.*, createdAt: toString(t.createdAt), updatedAt: toString(t.updatedAt)},
    score: i.score, roles: i.roles,
    signals: [x IN [{kind: 'ACCEPTS_YOURS', n: acceptsYours, names: []},
                    {kind: 'ISSUES_WHAT_YOU_ACCEPT', n: issuesWhatYouAccept, names: []},
                    {kind: 'SKILLS', n: skills, names: []},
                    {kind: 'STANDARDS', n: size(standards), names: standards}] WHERE x.n > 0]
  }) AS items
}
WITH s.id AS key, items
RETURN collect({key: key, items: items}) AS rows
