// Batch: the action-area items of several groups, optionally of one area.
UNWIND $keys AS key
MATCH (g:StakeholderGroup {id: key})-[:HAS_ACTION]->(a:Action)
WHERE a.area IS NOT NULL AND ($area IS NULL OR a.area = $area)
WITH key, a ORDER BY key, a.area, a.position
RETURN key, collect(a {.id, .group, .stage, .area, .text, .position}) AS actions
