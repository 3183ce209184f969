// The import report: what the graph holds for each row (by its index in $rows),
// as the properties that import/occupations sets.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (o:Occupation {id: row.id})
RETURN collect({i: i, current: o {.code, .title, .description, .level, .source}}) AS rows
