// The import report: what the graph holds for each group row (by its index in
// $rows): the properties groups/import_map sets, and the group's actions.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (grp:StakeholderGroup {id: row.key})
RETURN collect({i: i, current: grp {.key, .name, .slug, .definition, .examples,
  actions: COLLECT { MATCH (grp)-[:HAS_ACTION]->(a:Action)
                     RETURN a {.id, .group, .stage, .area, .text, .position} }}}) AS rows
