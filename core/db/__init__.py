"""Stemme's database backends (see core.db.postgresql)."""
