// Batch: the actions of several groups, optionally of one stage.
UNWIND $keys AS key
MATCH (g:StakeholderGroup {id: key})-[:HAS_ACTION]->(a:Action)
WHERE a.stage IS NOT NULL AND ($stage IS NULL OR a.stage = $stage)
WITH key, a ORDER BY key, a.stage, a.position
RETURN key, collect(a {.id, .group, .stage, .area, .text, .position}) AS actions
