// One row holding a list: the driver's cost is per record, not per byte.
// Batch: partner suggestions per stakeholder in $keys, scored from the graph
// (docs/performance.md, "How a suggestion is scored"). Points:
// - the candidate accepts credentials the stakeholder issues, or issues
//   credentials it accepts: 3 per credential;
// - skills both touch through credentials: ln(all credentials / credentials
//   evidencing the skill) per skill, like IDF, so a rare shared skill says more
//   than a common one. Skills evidenced by more than $skillCap credentials say
//   almost nothing and weigh 0, and only the stakeholder's $maxSkills rarest
//   skills are followed: that bounds the fan-out whatever the graph's size;
// - standards both support: ln(all stakeholders / its supporters), 0 above
//   $standardCap supporters;
// - complementary roles ($pairs): 2 per pair.
// Never the stakeholder itself, a hidden record or a current ACTIVE partner.
// Each row also holds the stakeholder's own record, read with the visibility of
// read_by_ids (a hidden one has no row), so `stakeholder(id) { suggestedPartners }`
// is one round trip (loaders/registry.py, stakeholder_with_suggestions).
// Degrees (COUNT of one relationship type on a bound node) and label counts are
// read from Neo4j's stores, not by walking the relationships. Relationship types
// imply labels (ISSUES and ACCEPTS go from a Stakeholder to a Credential, EVIDENCES
// from a Credential to a Skill, SUPPORTS from a Stakeholder to a Standard), so the
// walks test no labels; and the current partners are listed once, not looked for
// from each candidate: a third fewer db hits for a busy verifier (docs/performance.md).
UNWIND $keys AS key
MATCH (s:Stakeholder {id: key})
WHERE (s.hidden IS NULL OR $seeAll OR s.id = $viewerId)
CALL () { MATCH (c:Credential) RETURN count(c) AS credentials }
CALL () { MATCH (x:Stakeholder) RETURN count(x) AS stakeholders }
WITH s, credentials, stakeholders,
     COLLECT { MATCH (s)-[:MEMBER_OF]->(:Partnership {status: 'ACTIVE'})<-[:MEMBER_OF]-(o)
               RETURN o } AS partners
CALL (s, credentials, stakeholders, partners) {
  CALL (s, credentials, stakeholders, partners) {
    CALL (s, credentials, stakeholders) {
      MATCH (s)-[:ISSUES]->(c)<-[:ACCEPTS]-(t)
      WITH t, count(DISTINCT c) AS n
      RETURN t, 3.0 * n AS points, n AS accepts, 0 AS issues, 0 AS skills
      UNION ALL
      MATCH (s)-[:ACCEPTS]->(c)<-[:ISSUES]-(t)
      WITH t, count(DISTINCT c) AS n
      RETURN t, 3.0 * n AS points, 0 AS accepts, n AS issues, 0 AS skills
      UNION ALL
      CALL (s) {
        MATCH (s)-[:ISSUES|ACCEPTS]->()-[:EVIDENCES]->(k)
        WITH DISTINCT k
        WITH k, COUNT { (k)<-[:EVIDENCES]-() } AS df
        WHERE df <= $skillCap
        RETURN k, df ORDER BY df, k.id LIMIT $maxSkills
      }
      MATCH (k)<-[:EVIDENCES]-()<-[:ISSUES|ACCEPTS]-(t)
      WITH DISTINCT t, k, df
      WITH t, count(k) AS n, sum(log(toFloat(credentials) / df)) AS points
      RETURN t, points, 0 AS accepts, 0 AS issues, n AS skills
      UNION ALL
      MATCH (s)-[:SUPPORTS]->(std)
      WITH std, COUNT { (std)<-[:SUPPORTS]-() } AS df
      WHERE df <= $standardCap
      MATCH (std)<-[:SUPPORTS]-(t)
      WITH t, sum(log(toFloat(stakeholders) / df)) AS points
      RETURN t, points, 0 AS accepts, 0 AS issues, 0 AS skills
    }
    // Plain sums per candidate; the signals become words for the kept ones only.
    WITH t, sum(points) AS base, sum(accepts) AS accepts, sum(issues) AS issues,
         sum(skills) AS skills
    WHERE t <> s AND (t.hidden IS NULL OR $seeAll OR t.id = $viewerId)
      AND NOT t IN partners
    RETURN collect({t: t, base: base, accepts: accepts, issues: issues, skills: skills}) AS found
  }
  // Roles are read only for candidates that can still reach the top $first: a role
  // bonus adds at most `bonus` (2 per pair the stakeholder's own roles are in), and
  // the $first best bases are each a final score's floor; comparing the rounded sums
  // keeps a candidate that could tie. (Half the candidates' roles are not read for a
  // busy verifier.)
  WITH s, found, 2 * size([p IN $pairs WHERE p[0] IN s.roles OR p[1] IN s.roles]) AS bonus,
       COLLECT { UNWIND found AS f RETURN f.base AS b ORDER BY b DESC LIMIT $first } AS best
  UNWIND found AS f
  WITH s, f, bonus, best
  WHERE size(best) < $first OR round(f.base + bonus, 3) >= round(best[-1], 3)
  WITH s, f.t AS t, f.accepts AS accepts, f.issues AS issues, f.skills AS skills,
       [p IN $pairs WHERE (p[0] IN s.roles AND p[1] IN f.t.roles)
                       OR (p[1] IN s.roles AND p[0] IN f.t.roles)] AS roles, f.base AS base
  WITH s, t, accepts, issues, skills, roles, round(base + 2 * size(roles), 3) AS score
  ORDER BY score DESC, t.name, t.id
  LIMIT $first
  // Standards are named in the reasons whether or not they weighed in the score.
  WITH t, accepts, issues, skills, roles, score,
       COLLECT { MATCH (s)-[:SUPPORTS]->(std)<-[:SUPPORTS]-(t)
                 RETURN std.name + coalesce(' ' + std.version, '') AS name ORDER BY name } AS standards
  RETURN collect({
    node: t {.*, createdAt: toString(t.createdAt), updatedAt: toString(t.updatedAt)},
    score: score, roles: roles,
    signals: [x IN [{kind: 'ACCEPTS_YOURS', n: accepts, names: []},
                    {kind: 'ISSUES_WHAT_YOU_ACCEPT', n: issues, names: []},
                    {kind: 'SKILLS', n: skills, names: []},
                    {kind: 'STANDARDS', n: size(standards), names: standards}] WHERE x.n > 0]
  }) AS items
}
WITH s.id AS key, items,
     s {.*, createdAt: toString(s.createdAt), updatedAt: toString(s.updatedAt)} AS node
RETURN collect({key: key, node: node, items: items}) AS rows
