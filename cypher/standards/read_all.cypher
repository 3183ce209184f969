MATCH (t:Standard) RETURN t AS node ORDER BY t.name, t.id
