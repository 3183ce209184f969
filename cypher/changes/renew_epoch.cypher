// A write the change feed does not number happened (the demo seed, a restore, a migration):
// answers remembered under the old epoch are forgotten (graph/memo.py). No counter, no memory.
MATCH (k:ChangeCounter {id: 'feed'})
SET k.epoch = randomUUID()
