// Restore finds a relationship's endpoints by their old element id, kept on each new node
// until the end; without this index each lookup would scan every node.
CREATE INDEX lermap_restore_id IF NOT EXISTS FOR (n:LermapRestorePending) ON (n.lermapRestoreId)
