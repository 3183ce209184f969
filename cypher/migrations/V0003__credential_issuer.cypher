// Credentials are listed by issuer (filters, `Stakeholder.credentials`).
CREATE INDEX credential_issuer IF NOT EXISTS FOR (n:Credential) ON (n.issuerId);
CREATE INDEX stakeholder_domain IF NOT EXISTS FOR (n:Stakeholder) ON (n.domain);
