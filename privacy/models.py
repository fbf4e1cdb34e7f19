"""Models of the privacy app (owned by the erasure/retention work; see privacy/README in docstrings)."""
