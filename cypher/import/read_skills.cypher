// The import report: what the graph holds for each row (by its index in $rows),
// as the properties that import/skills sets.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (s:Skill {id: row.id})
RETURN collect({i: i, current: s {.name, .framework, .code, .uri, .altLabels, .description,
                                  .source}}) AS rows
