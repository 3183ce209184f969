// The import report: which rows' links exist already (a link has nothing else to compare).
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (:Occupation {id: row.child})-[:BROADER]->(:Occupation {id: row.parent})
RETURN collect({i: i, current: {}}) AS rows
