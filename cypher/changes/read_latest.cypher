// The newest sequence number: where a reader that wants only what comes next starts.
OPTIONAL MATCH (k:ChangeCounter {id: 'feed'})
RETURN coalesce(k.value, 0) AS sequence
