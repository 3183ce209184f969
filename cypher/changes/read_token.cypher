// Where the graph stands (graph/memo.py): the change feed's counter, which every recorded
// write moves in its own transaction, and its epoch, renewed by writes the feed does not
// number. A missing counter or epoch answers nulls: nothing is remembered then.
OPTIONAL MATCH (k:ChangeCounter {id: 'feed'})
RETURN k.epoch AS epoch, k.value AS value
