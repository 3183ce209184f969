"""Everything that talks to Neo4j: driver, repositories, migrations, importers."""
