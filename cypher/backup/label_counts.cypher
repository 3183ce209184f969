// Nodes per label and relationships per type after a restore, to compare with the
// backup's own counts.
CALL () { MATCH (n) UNWIND labels(n) AS label
          WITH label, count(*) AS n RETURN collect([label, n]) AS labels }
CALL () { MATCH ()-[r]->() WITH type(r) AS type, count(*) AS n RETURN collect([type, n]) AS types }
RETURN labels, types
