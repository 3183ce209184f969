"""Importers of public data sets into the graph: idempotent, batched, all-or-nothing."""
