"""JSON routes under /api."""
