"""The portal's REST API, /api/v1/: the same search, record and involvement operations as the pages."""
