// One batch of nodes. Labels come in as data through Cypher's dynamic labels ($(...),
// Neo4j 5.26): nothing from the file is ever spliced into query text. Each node keeps its
// old element id (and a marker label) until backup/unmark. Temporals are re-parsed from
// Cypher's own text (see backup/nodes).
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props, n:LermapRestorePending, n.lermapRestoreId = row.id
FOREACH (t IN row.temporal |
  SET n[t.key] = CASE WHEN t.list THEN [x IN t.values | CASE t.type
      WHEN 'date' THEN date(x) WHEN 'localtime' THEN localtime(x) WHEN 'time' THEN time(x)
      WHEN 'localdatetime' THEN localdatetime(x) WHEN 'datetime' THEN datetime(x)
      WHEN 'duration' THEN duration(x) END]
    ELSE CASE t.type
      WHEN 'date' THEN date(t.values[0]) WHEN 'localtime' THEN localtime(t.values[0])
      WHEN 'time' THEN time(t.values[0]) WHEN 'localdatetime' THEN localdatetime(t.values[0])
      WHEN 'datetime' THEN datetime(t.values[0]) WHEN 'duration' THEN duration(t.values[0])
    END END)
RETURN count(n) AS created
