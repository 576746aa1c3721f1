"""Tools: one module per tool; each has a prompt file, an output schema, the call, and a verifier."""
