// An issuer's credentials in name order straight from the index: a nested page
// of the busiest synthetic issuer (169,638 credentials) went from 349 ms to 11 ms.
CREATE INDEX credential_issuer_name IF NOT EXISTS FOR (n:Credential) ON (n.issuerId, n.name);
