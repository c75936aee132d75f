"""The verbs: `check`, `serve` (with its live site), `new`, `merge`, and the report users read."""
