// Keyset pagination walks (name, id) in order; filters match these properties.
CREATE INDEX stakeholder_name IF NOT EXISTS FOR (n:Stakeholder) ON (n.name);
CREATE INDEX credential_name IF NOT EXISTS FOR (n:Credential) ON (n.name);
CREATE INDEX credential_type IF NOT EXISTS FOR (n:Credential) ON (n.type);
CREATE INDEX skill_name IF NOT EXISTS FOR (n:Skill) ON (n.name);
CREATE INDEX skill_framework IF NOT EXISTS FOR (n:Skill) ON (n.framework);
CREATE INDEX standard_name IF NOT EXISTS FOR (n:Standard) ON (n.name);
CREATE INDEX occupation_code IF NOT EXISTS FOR (n:Occupation) ON (n.code);
CREATE INDEX group_key IF NOT EXISTS FOR (n:StakeholderGroup) ON (n.key);
// Full-text search over names and descriptions, one index per searchable label.
CREATE FULLTEXT INDEX stakeholder_text IF NOT EXISTS FOR (n:Stakeholder) ON EACH [n.name, n.description, n.location];
CREATE FULLTEXT INDEX credential_text IF NOT EXISTS FOR (n:Credential) ON EACH [n.name, n.description];
CREATE FULLTEXT INDEX skill_text IF NOT EXISTS FOR (n:Skill) ON EACH [n.name, n.altLabels, n.description];
