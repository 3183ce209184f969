// One batch of relationships, between nodes found by their old element ids (the restore
// index); the type is data, through a dynamic type. A missing endpoint creates nothing for
// that row, and the caller compares `created` with the batch's size.
UNWIND $rows AS row
MATCH (a:LermapRestorePending {lermapRestoreId: row.start})
MATCH (b:LermapRestorePending {lermapRestoreId: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
FOREACH (t IN row.temporal |
  SET r[t.key] = CASE WHEN t.list THEN [x IN t.values | CASE t.type
      WHEN 'date' THEN date(x) WHEN 'localtime' THEN localtime(x) WHEN 'time' THEN time(x)
      WHEN 'localdatetime' THEN localdatetime(x) WHEN 'datetime' THEN datetime(x)
      WHEN 'duration' THEN duration(x) END]
    ELSE CASE t.type
      WHEN 'date' THEN date(t.values[0]) WHEN 'localtime' THEN localtime(t.values[0])
      WHEN 'time' THEN time(t.values[0]) WHEN 'localdatetime' THEN localdatetime(t.values[0])
      WHEN 'datetime' THEN datetime(t.values[0]) WHEN 'duration' THEN duration(t.values[0])
    END END)
RETURN count(r) AS created
