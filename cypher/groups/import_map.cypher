// One group with all its actions; actions the file no longer lists are removed.
UNWIND $groups AS g
MERGE (grp:StakeholderGroup {id: g.key})
SET grp.key = g.key, grp.name = g.name, grp.slug = g.slug,
    grp.definition = g.definition, grp.examples = g.examples
WITH grp, g
CALL (grp, g) {
  OPTIONAL MATCH (grp)-[:HAS_ACTION]->(old:Action)
  WHERE NOT old.id IN [a IN g.actions | a.id]
  DETACH DELETE old
}
CALL (grp, g) {
  UNWIND g.actions AS a
  MERGE (act:Action {id: a.id})
  SET act.group = g.key, act.stage = a.stage, act.area = a.area,
      act.text = a.text, act.position = a.position
  MERGE (grp)-[:HAS_ACTION]->(act)
}
RETURN count(grp) AS groups
