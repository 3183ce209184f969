// A migration whose file was rewritten to do the same thing (graph/migrations.py): its
// record takes the file's checksum.
MATCH (m:Migration {version: $version})
SET m.checksum = $checksum
