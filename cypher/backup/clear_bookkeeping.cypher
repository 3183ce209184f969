// Before loading: the migrations' own bookkeeping goes (the backup brings its own
// Migration nodes and change counter); the schema they created stays.
MATCH (n) WHERE n:Migration OR n:ChangeCounter
DETACH DELETE n
