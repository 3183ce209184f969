// A credential imported from an Open Badges 3.0 achievement (importAchievement) keeps
// the achievement's id as `sourceId`: importing the same achievement again updates that
// credential. One per issuer: two concurrent first imports cannot both create one.
CREATE CONSTRAINT credential_issuer_source IF NOT EXISTS FOR (n:Credential) REQUIRE (n.issuerId, n.sourceId) IS UNIQUE;
