// Trust queries (graph/trust.py) find a stakeholder by a DID: the one it declared
// (`did`, an index lookup) or one of the DCC registry import's (`dids`, a list, which
// no index serves: the few records flagged `inDccRegistry` are scanned instead).
CREATE INDEX stakeholder_did IF NOT EXISTS FOR (n:Stakeholder) ON (n.did);
CREATE INDEX stakeholder_in_dcc_registry IF NOT EXISTS FOR (n:Stakeholder) ON (n.inDccRegistry);
