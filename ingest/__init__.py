"""Ingest: read reports, normalise their text and extract facts from it."""
