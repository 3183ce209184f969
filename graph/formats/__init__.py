"""Pure mappings between our records and the field's formats (Open Badges 3.0, CTDL); no Neo4j here."""
