"""GraphQL types, one module per type family; resolvers stay thin."""
