// What a backup checks at its start and its end, inside its one read transaction: Neo4j
// reads are read-committed, so a write committed meanwhile shows as a different answer.
// Counts come from the count store (no scan); the change counter moves with every audited write.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
OPTIONAL MATCH (k:ChangeCounter {id: 'feed'})
RETURN nodes, relationships, k.value AS changes
