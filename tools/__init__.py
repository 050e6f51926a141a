"""Offline tools of the project (not part of the running assistant)."""
