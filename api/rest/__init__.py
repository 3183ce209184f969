"""Plain Starlette routes that call the same loaders (and so the same rules) as GraphQL."""
