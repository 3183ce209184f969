// Credential Engine CTIDs ('ce-' + a UUID): minted once for every stakeholder and
// credential, kept for good (graph/formats/ctdl.py exports under them). A CTID names
// one record, so it is unique per label; graph/credential_writes.py also refuses a
// credential CTID that a stakeholder holds.
// A CTID given twice before this constraint existed stays with the oldest credential;
// the others get a fresh one (their export would otherwise claim the first's identity).
// Only the holders of a shared CTID are sorted: sorting every credential first took 52 s
// of a bulk import's 187 s of migrations at 3M credentials, this takes 2 s.
// previous checksum faab17bec8fbc9f87d516ef26df6be5011dddec4ff6d0340308737283642c7ea
MATCH (c:Credential) WHERE c.ctid IS NOT NULL
WITH c.ctid AS ctid, collect(c) AS holders WHERE size(holders) > 1
UNWIND holders AS c
WITH ctid, c ORDER BY c.createdAt, c.id
WITH ctid, collect(c) AS holders
UNWIND holders[1..] AS later
SET later.ctid = 'ce-' + randomUUID();
CREATE CONSTRAINT stakeholder_ctid IF NOT EXISTS FOR (n:Stakeholder) REQUIRE n.ctid IS UNIQUE;
CREATE CONSTRAINT credential_ctid IF NOT EXISTS FOR (n:Credential) REQUIRE n.ctid IS UNIQUE;
MATCH (s:Stakeholder) WHERE s.ctid IS NULL
CALL (s) { SET s.ctid = 'ce-' + randomUUID() } IN TRANSACTIONS OF 10000 ROWS;
MATCH (c:Credential) WHERE c.ctid IS NULL
CALL (c) { SET c.ctid = 'ce-' + randomUUID() } IN TRANSACTIONS OF 10000 ROWS;
