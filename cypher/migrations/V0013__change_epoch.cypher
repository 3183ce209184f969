// The change counter's epoch (graph/memo.py): with the counter's value, the token that
// remembered answers (partner suggestions) are checked against. Counters made since carry
// one from the start (cypher/audit/record.cypher).
MATCH (k:ChangeCounter {id: 'feed'}) WHERE k.epoch IS NULL
SET k.epoch = randomUUID();
