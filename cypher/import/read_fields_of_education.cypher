// The import report: what the graph holds for each row (by its index in $rows),
// as the properties that import/fields_of_education sets.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (f:FieldOfEducation {id: row.id})
RETURN collect({i: i, current: f {.uri, .code, .name, .description}}) AS rows
