"""Ingest: loading national and local feeds into the index."""
