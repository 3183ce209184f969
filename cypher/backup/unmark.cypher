// The restore's marks off, a batch at a time (the caller repeats until none are left).
MATCH (n:LermapRestorePending)
WITH n LIMIT $limit
REMOVE n:LermapRestorePending, n.lermapRestoreId
RETURN count(n) AS unmarked
