// Waits until every index is online (the restore index, the migrations' indexes).
CALL db.awaitIndexes(600)
