// Nodes that make a database not empty for a restore: anything but the bookkeeping an
// unused database gets from `lermap migrate` (its migrations, a change counter at 0).
MATCH (n)
WHERE NOT n:Migration AND NOT (n:ChangeCounter AND coalesce(n.value, 0) = 0)
RETURN count(n) AS nodes
