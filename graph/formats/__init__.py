"""Pure mappings between our records and the field's formats (Open Badges 3.0, CTDL).

No Neo4j here: the documents are built from models the loaders read.
"""
