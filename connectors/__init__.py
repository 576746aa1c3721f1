"""Connectors: one module per source kind, each yielding normalized interaction records."""
