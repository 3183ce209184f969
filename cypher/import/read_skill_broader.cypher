// The import report: which rows' links exist already, and with which rank.
UNWIND range(0, size($rows) - 1) AS i
WITH i, $rows[i] AS row
MATCH (:Skill {id: row.child})-[r:BROADER]->(:Skill {id: row.parent})
RETURN collect({i: i, current: r {.rank}}) AS rows
