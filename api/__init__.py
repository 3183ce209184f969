"""The HTTP and GraphQL layer: it never touches the Neo4j driver directly."""
