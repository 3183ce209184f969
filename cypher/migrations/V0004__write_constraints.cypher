// Rules of the write API that Neo4j enforces, so concurrent writes cannot race them.
// One stakeholder per website host (the constraint's own index replaces the
// plain one of V0003); a key is found by its hash.
DROP INDEX stakeholder_domain IF EXISTS;
CREATE CONSTRAINT stakeholder_domain_unique IF NOT EXISTS FOR (n:Stakeholder) REQUIRE n.domain IS UNIQUE;
CREATE CONSTRAINT apikey_hash IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.hash IS UNIQUE;
// A skill is unique by URI, and by framework + code (kept as one property).
CREATE CONSTRAINT skill_uri IF NOT EXISTS FOR (n:Skill) REQUIRE n.uri IS UNIQUE;
CREATE CONSTRAINT skill_framework_code IF NOT EXISTS FOR (n:Skill) REQUIRE n.frameworkCode IS UNIQUE;
// At most one open (PROPOSED or ACTIVE) partnership per pair: `openPair` is set
// only while it is open.
CREATE CONSTRAINT partnership_open_pair IF NOT EXISTS FOR (n:Partnership) REQUIRE n.openPair IS UNIQUE;
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;
// Skills and partnerships loaded before this migration get their keys.
MATCH (s:Skill) WHERE s.frameworkCode IS NULL AND s.code IS NOT NULL
SET s.frameworkCode = s.framework + ':' + s.code;
MATCH (a:Stakeholder)-[:MEMBER_OF]->(p:Partnership)<-[:MEMBER_OF]-(b:Stakeholder)
WHERE p.status IN ['PROPOSED', 'ACTIVE'] AND a.id < b.id AND p.openPair IS NULL
SET p.openPair = a.id + '|' + b.id;
CREATE INDEX audit_record IF NOT EXISTS FOR (n:AuditEvent) ON (n.recordId);
